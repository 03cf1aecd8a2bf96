package gmm

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/distuv"
)

var (
	_ distmv.LogProber = (*Mixture)(nil)
	_ distmv.Rander    = (*Mixture)(nil)
)

// articleA returns the mixture of article A (003_1f3cdbd6669e6528): D = 2, K = 3.
func articleA(t testing.TB) *Mixture {
	t.Helper()
	m, err := New(
		[]float64{0.45, 0.25, 0.30},
		[][]float64{{0, 5}, {5, -10}, {-10, -5}},
		[]mat.Symmetric{
			mat.NewSymDense(2, []float64{36, 10, 10, 25}),
			mat.NewSymDense(2, []float64{9, -1.3, -1.3, 16}),
			mat.NewSymDense(2, []float64{25, -3.2, -3.2, 16}),
		})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// gonumComponents returns each component of m as gonum's distmv.Normal.
func gonumComponents(t *testing.T, m *Mixture) []*distmv.Normal {
	t.Helper()
	var out []*distmv.Normal
	for k := 0; k < m.K(); k++ {
		n, ok := distmv.NewNormal(m.Mean(k), m.CovarianceMatrixTo(nil, k), nil)
		if !ok {
			t.Fatalf("distmv.NewNormal failed for component %d", k)
		}
		out = append(out, n)
	}
	return out
}

func TestLogProbMatchesDistmv(t *testing.T) {
	m := articleA(t)
	comps := gonumComponents(t, m)
	rnd := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200; i++ {
		x := []float64{40*rnd.Float64() - 20, 40*rnd.Float64() - 25}
		var want float64
		for k, c := range comps {
			got := m.ComponentLogProb(k, x)
			if !scalar.EqualWithinAbsOrRel(got, c.LogProb(x), 1e-12, 1e-12) {
				t.Fatalf("component %d at %v: log N = %v, distmv says %v", k, x, got, c.LogProb(x))
			}
			want += m.Weight(k) * math.Exp(c.LogProb(x))
		}
		if got := m.Prob(x); !scalar.EqualWithinAbsOrRel(got, want, 1e-300, 1e-12) {
			t.Fatalf("p(%v) = %v, want Σ π_k N_k = %v", x, got, want)
		}
	}
}

func TestOneDimensionMatchesDistuv(t *testing.T) {
	m, err := New([]float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.15 * 0.15}), mat.NewSymDense(1, []float64{0.09})})
	if err != nil {
		t.Fatal(err)
	}
	a := distuv.Normal{Mu: -0.3, Sigma: 0.15}
	b := distuv.Normal{Mu: 0.5, Sigma: 0.3}
	for x := -2.0; x <= 2; x += 0.01 {
		want := 0.35*a.Prob(x) + 0.65*b.Prob(x)
		if got := m.Prob([]float64{x}); !scalar.EqualWithinAbsOrRel(got, want, 1e-15, 1e-12) {
			t.Fatalf("p(%v) = %v, want %v", x, got, want)
		}
	}
}

func TestFarTailsStayFinite(t *testing.T) {
	m := articleA(t)
	// 40 standard deviations of component 0 beyond its mean along the first axis,
	// where every density underflows to 0 in linear space.
	x := []float64{40 * 6 * 4, 5}
	lp := m.LogProb(x)
	if math.IsInf(lp, 0) || math.IsNaN(lp) {
		t.Fatalf("log p = %v at %v", lp, x)
	}
	// Closed form: the log-sum-exp of the terms, computed from distmv directly.
	comps := gonumComponents(t, m)
	terms := make([]float64, 3)
	for k, c := range comps {
		terms[k] = math.Log(m.Weight(k)) + c.LogProb(x)
	}
	if want := floats.LogSumExp(terms); !scalar.EqualWithinAbsOrRel(lp, want, 1e-9, 1e-12) {
		t.Fatalf("log p = %v, want %v", lp, want)
	}
	g := m.ResponsibilitiesTo(nil, mat.NewDense(1, 2, x))
	if s := mat.Sum(g); math.Abs(s-1) > 1e-12 {
		t.Fatalf("responsibilities at %v sum to %v", x, s)
	}
}

func TestArticleADensityIntegratesToOne(t *testing.T) {
	m := articleA(t)
	// Trapezoid rule on ±8σ of every component: the mass outside is below 1e-14.
	const n = 801
	lo := []float64{-10 - 8*5, -10 - 8*5}
	hi := []float64{5 + 8*6, 5 + 8*5}
	hx, hy := (hi[0]-lo[0])/(n-1), (hi[1]-lo[1])/(n-1)
	var sum float64
	for i := 0; i < n; i++ {
		for j := 0; j < n; j++ {
			w := 1.0
			if i == 0 || i == n-1 {
				w /= 2
			}
			if j == 0 || j == n-1 {
				w /= 2
			}
			sum += w * m.Prob([]float64{lo[0] + float64(i)*hx, lo[1] + float64(j)*hy})
		}
	}
	if got := sum * hx * hy; math.Abs(got-1) > 1e-6 {
		t.Fatalf("∫ p = %v, want 1", got)
	}
}

func TestBatchAgreesWithPointwise(t *testing.T) {
	m := articleA(t)
	x, _ := m.Sample(50, rand.NewPCG(3, 4))
	lps := m.LogProbsTo(nil, x)
	logGamma, total := m.LogResponsibilitiesTo(nil, x)
	labels := m.LabelsTo(nil, x)
	var sum float64
	for i := range lps {
		xi := x.RawRowView(i)
		if !scalar.EqualWithinAbsOrRel(lps[i], m.LogProb(xi), 1e-13, 1e-13) {
			t.Fatalf("row %d: LogProbsTo %v, LogProb %v", i, lps[i], m.LogProb(xi))
		}
		sum += lps[i]
		best, bestK := math.Inf(-1), -1
		var rowSum float64
		for k := 0; k < m.K(); k++ {
			want := math.Log(m.Weight(k)) + m.ComponentLogProb(k, xi) - m.LogProb(xi)
			if !scalar.EqualWithinAbsOrRel(logGamma.At(i, k), want, 1e-12, 1e-12) {
				t.Fatalf("log γ[%d,%d] = %v, want %v", i, k, logGamma.At(i, k), want)
			}
			rowSum += math.Exp(want)
			if want > best {
				best, bestK = want, k
			}
		}
		if math.Abs(rowSum-1) > 1e-12 {
			t.Fatalf("row %d: γ sums to %v", i, rowSum)
		}
		if labels[i] != bestK {
			t.Fatalf("row %d: label %d, want argmax γ = %d", i, labels[i], bestK)
		}
	}
	if !scalar.EqualWithinAbsOrRel(total, sum, 1e-10, 1e-13) {
		t.Fatalf("total log-likelihood %v, want %v", total, sum)
	}
}

func TestBatchAcceptsAnyMatrix(t *testing.T) {
	m := articleA(t)
	x, _ := m.Sample(20, rand.NewPCG(5, 6))
	var xt mat.Dense
	xt.CloneFrom(x.T())
	view := xt.T() // a mat.Matrix that is not a *mat.Dense
	got := m.LogProbsTo(nil, view)
	want := m.LogProbsTo(nil, x)
	for i := range got {
		if !scalar.EqualWithinAbsOrRel(got[i], want[i], 1e-13, 1e-13) {
			t.Fatalf("row %d: %v through a transpose view, %v through Dense", i, got[i], want[i])
		}
	}
	if g := m.ResponsibilitiesTo(nil, view); !mat.EqualApprox(g, m.ResponsibilitiesTo(nil, x), 1e-15) {
		t.Fatal("responsibilities differ through a transpose view")
	}
}

func TestSampleMomentsAndFrequencies(t *testing.T) {
	if testing.Short() {
		t.Skip("many draws")
	}
	m := articleA(t)
	const n = 200000
	x, labels := m.Sample(n, rand.NewPCG(7, 8))
	counts := make([]float64, m.K())
	for _, s := range labels {
		counts[s]++
	}
	for k, c := range counts {
		p := m.Weight(k)
		// Binomial standard error; 5 of them is a false-alarm rate under 1e-6.
		if se := math.Sqrt(p * (1 - p) / n); math.Abs(c/n-p) > 5*se {
			t.Errorf("component %d drawn with frequency %v, want %v ± %v", k, c/n, p, 5*se)
		}
	}
	mean, cov := m.Moments()
	for j := 0; j < 2; j++ {
		var s float64
		for i := 0; i < n; i++ {
			s += x.At(i, j)
		}
		// The mean's standard error is sqrt(Var/n).
		if se := math.Sqrt(cov.At(j, j) / n); math.Abs(s/n-mean[j]) > 5*se {
			t.Errorf("sample mean[%d] = %v, want %v ± %v", j, s/n, mean[j], 5*se)
		}
	}
	var sampleCov mat.SymDense
	statCov(&sampleCov, x)
	for r := 0; r < 2; r++ {
		for c := 0; c < 2; c++ {
			if got, want := sampleCov.At(r, c), cov.At(r, c); math.Abs(got-want) > 0.02*math.Sqrt(cov.At(r, r)*cov.At(c, c)) {
				t.Errorf("sample cov[%d,%d] = %v, want %v", r, c, got, want)
			}
		}
	}
}

// statCov stores the (biased) sample covariance of the rows of x in dst.
func statCov(dst *mat.SymDense, x *mat.Dense) {
	n, d := x.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			mean[j] += x.At(i, j) / float64(n)
		}
	}
	dst.ReuseAsSym(d)
	for r := 0; r < d; r++ {
		for c := r; c < d; c++ {
			var s float64
			for i := 0; i < n; i++ {
				s += (x.At(i, r) - mean[r]) * (x.At(i, c) - mean[c])
			}
			dst.SetSym(r, c, s/float64(n))
		}
	}
}

func TestMomentsClosedForm(t *testing.T) {
	m := articleA(t)
	mean, cov := m.Moments()
	// Σ π_k μ_k = (0.45·0 + 0.25·5 − 0.30·10, 0.45·5 − 0.25·10 − 0.30·5) = (−1.75, −1.75).
	if !scalar.EqualWithinAbsOrRel(mean[0], -1.75, 1e-14, 1e-14) || !scalar.EqualWithinAbsOrRel(mean[1], -1.75, 1e-14, 1e-14) {
		t.Fatalf("mean %v, want (−1.75, −1.75)", mean)
	}
	// Σ π_k (Σ_k + μ_k μ_kᵀ) − mean meanᵀ, element (0, 0):
	// 0.45·36 + 0.25·(9+25) + 0.30·(25+100) − 1.75² = 16.2 + 8.5 + 37.5 − 3.0625 = 59.1375.
	if got := cov.At(0, 0); !scalar.EqualWithinAbsOrRel(got, 59.1375, 1e-12, 1e-12) {
		t.Fatalf("cov[0,0] = %v, want 59.1375", got)
	}
	// Element (0, 1): 0.45·10 + 0.25·(−1.3−50) + 0.30·(−3.2+50) − 1.75² = 4.5 − 12.825 + 14.04 − 3.0625.
	if got := cov.At(0, 1); !scalar.EqualWithinAbsOrRel(got, 4.5-12.825+14.04-3.0625, 1e-12, 1e-12) {
		t.Fatalf("cov[0,1] = %v", got)
	}
}

func TestSampleCountsExact(t *testing.T) {
	m := articleA(t)
	x, labels, err := m.SampleCounts([]int{100, 0, 7}, rand.NewPCG(9, 10))
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 107 || c != 2 {
		t.Fatalf("got %d×%d points", r, c)
	}
	counts := make([]int, 3)
	for _, s := range labels {
		counts[s]++
	}
	if counts[0] != 100 || counts[1] != 0 || counts[2] != 7 {
		t.Fatalf("counts %v, want [100 0 7]", counts)
	}
	sorted := true
	for i := 1; i < len(labels); i++ {
		sorted = sorted && labels[i-1] <= labels[i]
	}
	if sorted {
		t.Fatal("labels are not shuffled")
	}
	if _, _, err := m.SampleCounts([]int{1, 2}, rand.NewPCG(1, 1)); err == nil {
		t.Fatal("wrong number of counts: no error")
	}
	if _, _, err := m.SampleCounts([]int{1, -2, 3}, rand.NewPCG(1, 1)); err == nil {
		t.Fatal("negative count: no error")
	}
}

func TestSamplingIsSeeded(t *testing.T) {
	m := articleA(t)
	a, la := m.Sample(10, rand.NewPCG(11, 12))
	b, lb := m.Sample(10, rand.NewPCG(11, 12))
	if !mat.Equal(a, b) {
		t.Fatal("same seed, different points")
	}
	for i := range la {
		if la[i] != lb[i] {
			t.Fatal("same seed, different labels")
		}
	}
	r := m.WithSource(rand.NewPCG(11, 12))
	if x := r.Rand(nil); len(x) != 2 || math.IsNaN(x[0]) {
		t.Fatalf("Rand gave %v", x)
	}
}

func TestRandWithoutSourcePanics(t *testing.T) {
	defer func() {
		if r := recover(); r == nil || !strings.Contains(r.(string), "WithSource") {
			t.Fatalf("recovered %v, want a panic naming WithSource", r)
		}
	}()
	articleA(t).Rand(nil)
}

// TestNewRejectsBadParameters covers what issue 2's table (TestBadInput) does
// not: empty, mismatched counts, non-finite means and covariances, and the
// structure of each covariance type.
func TestNewRejectsBadParameters(t *testing.T) {
	eye := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	mu := [][]float64{{0, 0}, {1, 1}}
	for _, tc := range []struct {
		name    string
		ct      CovarianceType
		weights []float64
		means   [][]float64
		covs    []mat.Symmetric
		want    string
		kind    error
	}{
		{"no components", Full, nil, nil, nil, "at least one component", ErrBadShape},
		{"count mismatch", Full, []float64{1}, mu, []mat.Symmetric{eye}, "1 weights, 2 means", ErrBadShape},
		{"NaN mean", Full, []float64{0.5, 0.5}, [][]float64{{0, 0}, {1, math.Inf(1)}}, []mat.Symmetric{eye, eye}, "component 1: mean element 1", ErrNotFinite},
		{"NaN covariance", Full, []float64{0.5, 0.5}, mu, []mat.Symmetric{mat.NewSymDense(2, []float64{1, math.NaN(), math.NaN(), 1}), eye}, "component 0: covariance element (0, 1)", ErrNotFinite},
		{"nil covariance", Full, []float64{0.5, 0.5}, mu, []mat.Symmetric{eye, nil}, "component 1: covariance is nil", ErrBadShape},
		{"diagonal with off-diagonal", Diagonal, []float64{0.5, 0.5}, mu, []mat.Symmetric{eye, mat.NewSymDense(2, []float64{2, 0.5, 0.5, 2})}, "component 1: diag covariance has off-diagonal", ErrCovarianceType},
		{"spherical unequal", Spherical, []float64{0.5, 0.5}, mu, []mat.Symmetric{eye, mat.NewSymDense(2, []float64{2, 0, 0, 3})}, "unequal diagonal", ErrCovarianceType},
		{"tied differ", Tied, []float64{0.5, 0.5}, mu, []mat.Symmetric{eye, mat.NewSymDense(2, []float64{2, 0, 0, 2})}, "differs from component 0", ErrCovarianceType},
	} {
		_, err := NewTyped(tc.ct, tc.weights, tc.means, tc.covs)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.Is(err, tc.kind) {
			t.Errorf("%s: error %v, want one containing %q and being %v", tc.name, err, tc.want, tc.kind)
		}
	}
}

func TestNewCopiesInputs(t *testing.T) {
	w := []float64{0.5, 0.5}
	mu := [][]float64{{0}, {1}}
	c := mat.NewSymDense(1, []float64{2})
	m, err := New(w, mu, []mat.Symmetric{c, c})
	if err != nil {
		t.Fatal(err)
	}
	w[0], mu[0][0] = 9, 9
	c.SetSym(0, 0, 9)
	if m.Weight(0) != 0.5 || m.Mean(0)[0] != 0 || m.CovarianceMatrixTo(nil, 0).At(0, 0) != 2 {
		t.Fatal("the mixture changed when its inputs did")
	}
}

func TestCovarianceMatrixToFillsAnEmptyDestination(t *testing.T) {
	m := articleA(t)
	var dst mat.SymDense
	got := m.CovarianceMatrixTo(&dst, 1)
	if got.At(0, 1) != -1.3 || got.At(1, 1) != 16 {
		t.Fatalf("Σ_1 = %v, want [[9 -1.3] [-1.3 16]]", mat.Formatted(got))
	}
}

func TestResponsibilitiesFillAnEmptyDestination(t *testing.T) {
	m := articleA(t)
	x, _ := m.Sample(5, rand.NewPCG(1, 3))
	var dst mat.Dense
	m.ResponsibilitiesTo(&dst, x)
	if r, c := dst.Dims(); r != 5 || c != 3 {
		t.Fatalf("destination is %d×%d, want 5×3", r, c)
	}
	if !mat.EqualApprox(&dst, m.ResponsibilitiesTo(nil, x), 1e-15) {
		t.Fatal("the destination does not hold the responsibilities")
	}
}

func TestCheckData(t *testing.T) {
	if err := CheckData(mat.NewDense(2, 2, []float64{1, 2, 3, 4})); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		x    mat.Matrix
		want string
	}{
		{nil, "nil"},
		{&mat.Dense{}, "0×0"},
		{mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}), "row 1, column 0 is NaN"},
		{mat.NewDense(2, 2, []float64{1, math.Inf(-1), 3, 4}), "row 0, column 1 is -Inf"},
		// A view that is not a *mat.Dense: row 1 of the transpose is column 1 of the original.
		{mat.NewDense(2, 3, []float64{1, 2, 3, 4, math.Inf(1), 6}).T(), "row 1, column 1 is +Inf"},
	} {
		if err := CheckData(tc.x); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("CheckData: %v, want an error containing %q", err, tc.want)
		}
	}
}

func TestCovarianceTypeNames(t *testing.T) {
	for _, ct := range CovarianceTypes() {
		got, err := ParseCovarianceType(strings.ToUpper(ct.String()))
		if err != nil || got != ct {
			t.Errorf("ParseCovarianceType(%q) = %v, %v", ct, got, err)
		}
	}
	if _, err := ParseCovarianceType("banana"); err == nil {
		t.Error("no error for an unknown name")
	}
}

func TestNumParamsMatchesScikitLearn(t *testing.T) {
	// scikit-learn 1.2.1 GaussianMixture._n_parameters() for K = 3, D = 2 (Old Faithful fits).
	for ct, want := range map[CovarianceType]int{Full: 17, Diagonal: 14, Spherical: 11, Tied: 11} {
		if got := NumParams(ct, 3, 2); got != want {
			t.Errorf("NumParams(%v, 3, 2) = %d, want %d", ct, got, want)
		}
	}
}
