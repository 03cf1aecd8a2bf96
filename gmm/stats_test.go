package gmm_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestStatsMStepIsFitIteration checks that one M-step from Stats is one iteration
// of Fit from the same start (InitMixture, MaxIter 1), for every covariance type,
// with unit and unequal sample weights and with and without Reg.
func TestStatsMStepIsFitIteration(t *testing.T) {
	x := datasets.Faithful()
	n, _ := x.Dims()
	rng := rand.New(rand.NewPCG(3, 4))
	unequal := make([]float64, n)
	for i := range unequal {
		unequal[i] = 0.2 + 2*rng.Float64()
	}
	for _, ct := range gmm.CovarianceTypes() {
		for _, w := range [][]float64{nil, unequal} {
			for _, reg := range []float64{0, gmm.NoReg, 0.5} {
				start := faithfulStart(t, ct)
				res, err := gmm.Fit(x, w, 2, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture,
					Start: start, MaxIter: 1, Tol: gmm.NoTol, Reg: reg})
				if err != nil {
					t.Fatal(err)
				}
				st := gmm.NewStats(start, ct)
				if err := st.Add(x, w); err != nil {
					t.Fatal(err)
				}
				next, err := st.MStep(reg)
				if err != nil {
					t.Fatal(err)
				}
				name := ct.String()
				checkMixturesClose(t, name, next, res.Mixture, 1e-12, 0)
				if !scalar.EqualWithinRel(st.LogLikelihood(), res.History[0], 1e-12) {
					t.Errorf("%s: log-likelihood %.17g, Fit's %.17g", name, st.LogLikelihood(), res.History[0])
				}
			}
		}
	}
}

// TestStatsOneComponent checks the M-step of one component against gonum's
// weighted mean and covariance (stat.Mean, stat.CovarianceMatrix, which divides by
// Σw − 1: rescaled to the maximum-likelihood Σw), on Old Faithful moved by 1e8
// (the means to within a few ulps of 1e8, 1.5e-8 each: gonum sums Σ w x directly).
func TestStatsOneComponent(t *testing.T) {
	x := datasets.Faithful()
	n, d := x.Dims()
	x.Apply(func(_, _ int, v float64) float64 { return v + 1e8 }, x)
	rng := rand.New(rand.NewPCG(5, 6))
	w := make([]float64, n)
	var wsum float64
	for i := range w {
		w[i] = 0.5 + rng.Float64()
		wsum += w[i]
	}
	want := mat.NewSymDense(d, nil)
	stat.CovarianceMatrix(want, x, w)
	want.ScaleSym((wsum-1)/wsum, want)
	start, err := gmm.New([]float64{1}, [][]float64{{1e8, 1e8}}, []mat.Symmetric{eye(d)})
	if err != nil {
		t.Fatal(err)
	}
	st := gmm.NewStats(start, gmm.Full)
	for lo := 0; lo < n; lo += 50 { // in chunks, to exercise Merge's update
		if err := st.Add(x.Slice(lo, min(n, lo+50), 0, d), w[lo:min(n, lo+50)]); err != nil {
			t.Fatal(err)
		}
	}
	m, err := st.MStep(gmm.NoReg)
	if err != nil {
		t.Fatal(err)
	}
	got := m.CovarianceMatrixTo(nil, 0)
	if !mat.EqualApprox(got, want, 1e-9) {
		t.Errorf("covariance\n%v\nwant\n%v", mat.Formatted(got), mat.Formatted(want))
	}
	for j := 0; j < d; j++ {
		if mean := stat.Mean(mat.Col(nil, j, x), w); math.Abs(m.Mean(0)[j]-mean) > 1e-7 {
			t.Errorf("mean %d: %.17g, want %.17g", j, m.Mean(0)[j], mean)
		}
	}
}

// TestStatsOffset checks that moving the data and the mixture by 1e8 changes
// nothing but the means: the statistics of chunks merged in order are those of
// the same points unshifted, for every covariance type.
func TestStatsOffset(t *testing.T) {
	const offset = 1e8
	data, _ := threeBlobs(t, 3000, 7)
	n, d := data.Dims()
	shifted := mat.NewDense(n, d, nil)
	shifted.Apply(func(_, _ int, v float64) float64 { return v + offset }, data)
	// The same points, exactly: (v + 1e8) − 1e8 is exact.
	plain := mat.NewDense(n, d, nil)
	plain.Apply(func(_, _ int, v float64) float64 { return v - offset }, shifted)
	for _, ct := range gmm.CovarianceTypes() {
		start := blobStart(t, ct, 0)
		far := blobStart(t, ct, offset)
		a, b := chunked(t, start, ct, plain, 700), chunked(t, far, ct, shifted, 700)
		ma, err := a.MStep(gmm.NoReg)
		if err != nil {
			t.Fatal(err)
		}
		mb, err := b.MStep(gmm.NoReg)
		if err != nil {
			t.Fatal(err)
		}
		checkMixturesClose(t, ct.String(), mb, ma, 1e-11, offset)
		if !scalar.EqualWithinRel(a.LogLikelihood(), b.LogLikelihood(), 1e-12) {
			t.Errorf("%v: log-likelihood %.17g shifted, %.17g not", ct, b.LogLikelihood(), a.LogLikelihood())
		}
	}
}

// TestStatsMerge checks that merging the statistics of chunks gives those of one
// Add of all the rows, and that merging in a fixed order is deterministic.
func TestStatsMerge(t *testing.T) {
	x, w := threeBlobs(t, 5000, 8)
	for _, ct := range gmm.CovarianceTypes() {
		start := blobStart(t, ct, 0)
		whole := gmm.NewStats(start, ct)
		if err := whole.Add(x, w); err != nil {
			t.Fatal(err)
		}
		parts := chunkedWeighted(t, start, ct, x, w, 333)
		if parts.Rows() != whole.Rows() || !scalar.EqualWithinRel(parts.Weight(), whole.Weight(), 1e-14) {
			t.Errorf("%v: %d rows of weight %v, want %d of %v", ct, parts.Rows(), parts.Weight(), whole.Rows(), whole.Weight())
		}
		if !scalar.EqualWithinRel(parts.LogLikelihood(), whole.LogLikelihood(), 1e-13) {
			t.Errorf("%v: log-likelihood %.17g, want %.17g", ct, parts.LogLikelihood(), whole.LogLikelihood())
		}
		mp, err := parts.MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		mw, err := whole.MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		checkMixturesClose(t, ct.String(), mp, mw, 1e-12, 0)
		again, err := chunkedWeighted(t, start, ct, x, w, 333).MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		checkMixturesClose(t, ct.String()+" again", again, mp, 0, 0)
	}
}

func TestStatsErrors(t *testing.T) {
	start := blobStart(t, gmm.Full, 0)
	st := gmm.NewStats(start, gmm.Full)
	if _, err := st.MStep(0); err == nil {
		t.Error("MStep with no rows: no error")
	}
	if err := st.Add(mat.NewDense(2, 2, []float64{1, 2, 3, 4}), nil); err == nil {
		t.Error("Add of 2 columns to a 3-D mixture: no error")
	}
	if err := st.Add(mat.NewDense(1, 3, []float64{1, math.NaN(), 3}), nil); err == nil {
		t.Error("Add of a NaN: no error")
	}
	if err := st.Add(mat.NewDense(1, 3, []float64{1, 2, 3}), []float64{-1}); err == nil {
		t.Error("Add with a negative weight: no error")
	}
	if st.Rows() != 0 {
		t.Errorf("failed Adds left %d rows", st.Rows())
	}
	for _, o := range []*gmm.Stats{gmm.NewStats(start, gmm.Diagonal), gmm.NewStats(blobStart(t, gmm.Full, 1), gmm.Full)} {
		if err := st.Merge(o); !errors.Is(err, gmm.ErrStatsMismatch) {
			t.Errorf("Merge of mismatched statistics: %v, want ErrStatsMismatch", err)
		}
	}
}

// checkMixturesClose fails unless got and want (moved by offset) have the same
// weights and covariances to within tol relative, and means within tol relative
// to their scale plus 2 ulps of the offset.
func checkMixturesClose(t *testing.T, name string, got, want *gmm.Mixture, tol, offset float64) {
	t.Helper()
	meanTol := 2 * (math.Nextafter(offset, math.Inf(1)) - offset)
	for c := 0; c < want.K(); c++ {
		if !scalar.EqualWithinRel(got.Weight(c), want.Weight(c), tol) {
			t.Errorf("%s: weight %d: %.17g, want %.17g", name, c, got.Weight(c), want.Weight(c))
		}
		for j, v := range want.Mean(c) {
			if g := got.Mean(c)[j] - offset; math.Abs(g-v) > tol*math.Abs(v)+meanTol {
				t.Errorf("%s: mean %d,%d: %.17g, want %.17g", name, c, j, g, v)
			}
		}
		gc, wc := got.CovarianceMatrixTo(nil, c), want.CovarianceMatrixTo(nil, c)
		if !mat.EqualApprox(gc, wc, tol*mat.Norm(wc, math.Inf(1))) {
			t.Errorf("%s: covariance %d\n%v\nwant\n%v", name, c, mat.Formatted(gc), mat.Formatted(wc))
		}
	}
}

// threeBlobs draws n rows in 3-D from a fixed three-component mixture, with
// sample weights in [0.5, 1.5).
func threeBlobs(t *testing.T, n int, seed uint64) (*mat.Dense, []float64) {
	t.Helper()
	cov := mat.NewSymDense(3, []float64{1, 0.3, 0, 0.3, 0.5, 0.1, 0, 0.1, 2})
	m, err := gmm.New([]float64{0.3, 0.5, 0.2}, [][]float64{{0, 0, 0}, {4, 1, -2}, {-3, 5, 1}},
		[]mat.Symmetric{cov, eye(3), cov})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := m.Sample(n, rand.NewPCG(seed, seed))
	rng := rand.New(rand.NewPCG(seed, 99))
	w := make([]float64, n)
	for i := range w {
		w[i] = 0.5 + rng.Float64()
	}
	return x, w
}

// blobStart is a fixed starting mixture of type ct for threeBlobs, its means
// moved by offset (they are multiples of 1/4, so that 1e8 moves them exactly).
func blobStart(t *testing.T, ct gmm.CovarianceType, offset float64) *gmm.Mixture {
	t.Helper()
	full := mat.NewSymDense(3, []float64{2, 0.5, 0, 0.5, 1, 0, 0, 0, 1})
	diag := mat.NewSymDense(3, []float64{2, 0, 0, 0, 1, 0, 0, 0, 1.5})
	sph := mat.NewSymDense(3, []float64{1.5, 0, 0, 0, 1.5, 0, 0, 0, 1.5})
	covs := map[gmm.CovarianceType][]mat.Symmetric{
		gmm.Full: {full, diag, full}, gmm.Diagonal: {diag, diag, diag},
		gmm.Spherical: {sph, sph, sph}, gmm.Tied: {full, full, full},
	}[ct]
	means := [][]float64{{0.5, 0.25, 0}, {3.5, 1.5, -1.75}, {-2.5, 4.5, 0.75}}
	for _, mu := range means {
		for j := range mu {
			mu[j] += offset
		}
	}
	m, err := gmm.NewTyped(ct, []float64{0.25, 0.5, 0.25}, means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// chunked returns the statistics of x under m, added size rows at a time into
// separate Stats merged in order.
func chunked(t *testing.T, m *gmm.Mixture, ct gmm.CovarianceType, x *mat.Dense, size int) *gmm.Stats {
	return chunkedWeighted(t, m, ct, x, nil, size)
}

func chunkedWeighted(t *testing.T, m *gmm.Mixture, ct gmm.CovarianceType, x *mat.Dense, w []float64, size int) *gmm.Stats {
	t.Helper()
	n, d := x.Dims()
	total := gmm.NewStats(m, ct)
	for lo := 0; lo < n; lo += size {
		hi := min(n, lo+size)
		var wc []float64
		if w != nil {
			wc = w[lo:hi]
		}
		part := gmm.NewStats(m, ct)
		if err := part.Add(x.Slice(lo, hi, 0, d), wc); err != nil {
			t.Fatal(err)
		}
		if err := total.Merge(part); err != nil {
			t.Fatal(err)
		}
	}
	return total
}

// TestStatsBinary checks that statistics decoded from MarshalBinary's encoding
// merge and give the M-step as the originals do, and that bad encodings fail.
func TestStatsBinary(t *testing.T) {
	x, w := threeBlobs(t, 2000, 9)
	for _, ct := range gmm.CovarianceTypes() {
		start := blobStart(t, ct, 0)
		a, b := gmm.NewStats(start, ct), gmm.NewStats(start, ct)
		if err := a.Add(x.Slice(0, 1000, 0, 3), w[:1000]); err != nil {
			t.Fatal(err)
		}
		if err := b.Add(x.Slice(1000, 2000, 0, 3), w[1000:]); err != nil {
			t.Fatal(err)
		}
		enc, err := b.MarshalBinary()
		if err != nil {
			t.Fatal(err)
		}
		var dec gmm.Stats
		if err := dec.UnmarshalBinary(enc); err != nil {
			t.Fatal(err)
		}
		if err := a.Merge(&dec); err != nil {
			t.Fatal(err)
		}
		got, err := a.MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		want, err := chunkedWeighted(t, start, ct, x, w, 1000).MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		checkMixturesClose(t, ct.String(), got, want, 0, 0)
		for _, bad := range [][]byte{nil, enc[:20], enc[:len(enc)-5], append([]byte{9}, enc[1:]...)} {
			if err := dec.UnmarshalBinary(bad); err == nil {
				t.Errorf("%v: a bad encoding of %d bytes decoded", ct, len(bad))
			}
		}
	}
}

// TestStatsDefaultRegScaled checks that MStep(0) scales the default Reg to the
// data as Fit does, on data of scale 1e-3 (where the scaled default is 1e-6
// times the mean column variance, not 1e-6), for every covariance type.
func TestStatsDefaultRegScaled(t *testing.T) {
	x, _ := threeBlobs(t, 3000, 13)
	x.Scale(1e-3, x)
	for _, ct := range gmm.CovarianceTypes() {
		start := scaledMixture(t, blobStart(t, ct, 0), 1e-3)
		res, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: start,
			MaxIter: 1, Tol: gmm.NoTol})
		if err != nil {
			t.Fatal(err)
		}
		st := gmm.NewStats(start, ct)
		if err := st.Add(x, nil); err != nil {
			t.Fatal(err)
		}
		next, err := st.MStep(0)
		if err != nil {
			t.Fatal(err)
		}
		checkMixturesClose(t, ct.String(), next, res.Mixture, 1e-12, 0)
	}
}

// scaledMixture returns m with its means scaled by f and covariances by f².
func scaledMixture(t *testing.T, m *gmm.Mixture, f float64) *gmm.Mixture {
	t.Helper()
	means := make([][]float64, m.K())
	covs := make([]mat.Symmetric, m.K())
	for c := range means {
		means[c] = m.Mean(c)
		for j := range means[c] {
			means[c][j] *= f
		}
		cov := m.CovarianceMatrixTo(nil, c)
		cov.ScaleSym(f*f, cov)
		covs[c] = cov
	}
	out, err := gmm.NewTyped(m.CovarianceType(), m.Weights(), means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
