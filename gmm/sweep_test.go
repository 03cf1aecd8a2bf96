package gmm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// sweepTestMixture returns a 3-component mixture of type ct in 3-D, centred far
// from the origin (at offset) so that uncentred sums of squares would lose digits.
func sweepTestMixture(t *testing.T, ct CovarianceType, offset float64) *Mixture {
	t.Helper()
	means := [][]float64{{offset, -offset, 0}, {offset + 3, -offset + 1, 2}, {offset - 2, -offset + 4, -1}}
	covs := []mat.Symmetric{
		mat.NewSymDense(3, []float64{2, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1.5}),
		mat.NewSymDense(3, []float64{1, -0.4, 0, -0.4, 2, 0.6, 0, 0.6, 1}),
		mat.NewSymDense(3, []float64{0.5, 0.1, 0.1, 0.1, 0.7, 0, 0.1, 0, 3}),
	}
	for k := range covs {
		c := mat.NewSymDense(3, nil)
		for r := 0; r < 3; r++ {
			for s := r; s < 3; s++ {
				v := covs[k].At(r, s)
				switch {
				case ct == Diagonal && r != s, ct == Spherical && r != s:
					v = 0
				case ct == Spherical:
					v = 1 + float64(k)
				case ct == Tied:
					v = covs[0].At(r, s)
				}
				c.SetSym(r, s, v)
			}
		}
		covs[k] = c
	}
	m, err := NewTyped(ct, []float64{0.5, 0.3, 0.2}, means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// twoPass computes the log-likelihood, N_k, means and scatter matrices the slow
// way: the N×K responsibilities from Mixture.LogResponsibilitiesTo, then the
// weighted means, then the scatter about them.
func twoPass(m *Mixture, x *mat.Dense, w []float64) (ll float64, nk []float64, means [][]float64, scatter []*mat.SymDense) {
	n, d := x.Dims()
	k := m.K()
	logResp := mat.NewDense(n, k, nil)
	logResp, _ = m.LogResponsibilitiesTo(logResp, x)
	lp := m.LogProbsTo(nil, x)
	nk = make([]float64, k)
	means = make([][]float64, k)
	scatter = make([]*mat.SymDense, k)
	for c := 0; c < k; c++ {
		means[c] = make([]float64, d)
		scatter[c] = mat.NewSymDense(d, nil)
	}
	// Compensated sums: at an offset of 1e6, Σ γ x / Σ γ would otherwise lose digits
	// (a relative error of 1e-15 in Σ γ moves the mean by 1e-9).
	sums, counts := make([]neumaier, k*d), make([]neumaier, k)
	for i := 0; i < n; i++ {
		ll += rowWeight(w, i) * lp[i]
		for c := 0; c < k; c++ {
			g := rowWeight(w, i) * math.Exp(logResp.At(i, c))
			counts[c].add(g)
			for j := 0; j < d; j++ {
				sums[c*d+j].add(g * x.At(i, j))
			}
		}
	}
	for c := 0; c < k; c++ {
		nk[c] = counts[c].sum()
		for j := range means[c] {
			means[c][j] = sums[c*d+j].sum() / nk[c]
		}
	}
	for i := 0; i < n; i++ {
		for c := 0; c < k; c++ {
			g := rowWeight(w, i) * math.Exp(logResp.At(i, c))
			for r := 0; r < d; r++ {
				for s := r; s < d; s++ {
					v := scatter[c].At(r, s) + g*(x.At(i, r)-means[c][r])*(x.At(i, s)-means[c][s])
					scatter[c].SetSym(r, s, v)
				}
			}
		}
	}
	return ll, nk, means, scatter
}

// neumaier is Neumaier's compensated sum.
type neumaier struct{ s, c float64 }

func (n *neumaier) add(v float64) {
	t := n.s + v
	if math.Abs(n.s) >= math.Abs(v) {
		n.c += (n.s - t) + v
	} else {
		n.c += (v - t) + n.s
	}
	n.s = t
}

func (n *neumaier) sum() float64 { return n.s + n.c }

func TestSweepAgreesWithTwoPass(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	for _, ct := range CovarianceTypes() {
		for _, offset := range []float64{0, 1e6} {
			for _, weighted := range []bool{false, true} {
				m := sweepTestMixture(t, ct, offset)
				x, _ := m.Sample(9000, rand.NewPCG(5, 6)) // three chunks
				var w []float64
				if weighted {
					w = make([]float64, 9000)
					for i := range w {
						w[i] = rnd.Float64() * 2
					}
					w[17] = 0
				}
				// A start away from the truth, so that responsibilities are mixed.
				start := sweepTestMixture(t, ct, offset+0.5)
				full := ct == Full || ct == Tied
				st := newSuffStats(3, 3, full)
				labels := make([]int, 9000)
				newSweeper(x, w, 3, full, 2).run(start, labels, st)

				ll, nk, means, scatter := twoPass(start, x, w)
				name := ct.String()
				if !scalar.EqualWithinRel(st.logLik, ll, 1e-12) {
					t.Errorf("%s offset %g: log-likelihood %.17g, two-pass %.17g", name, offset, st.logLik, ll)
				}
				for c := 0; c < 3; c++ {
					if !scalar.EqualWithinRel(st.nk[c], nk[c], 1e-12) {
						t.Errorf("%s offset %g: N_%d = %.17g, two-pass %.17g", name, offset, c, st.nk[c], nk[c])
					}
					mu := make([]float64, 3)
					for j := range mu {
						mu[j] = start.means[c][j] + st.s1[c*3+j]/st.nk[c]
						// Absolute: 1e-9 is a few units in the last place of 1e6.
						if math.Abs(mu[j]-means[c][j]) > 1e-9 {
							t.Errorf("%s offset %g: mean %d[%d] = %.17g, two-pass %.17g", name, offset, c, j, mu[j], means[c][j])
						}
					}
					s := statisticsOf(st, start.means, full).Scatters[c]
					for r := 0; r < 3; r++ {
						for q := r; q < 3; q++ {
							if !full && r != q {
								continue
							}
							if !scalar.EqualWithinAbsOrRel(s.At(r, q), scatter[c].At(r, q), 1e-6, 1e-10) {
								t.Errorf("%s offset %g: scatter %d (%d,%d) = %.17g, two-pass %.17g", name, offset, c, r, q, s.At(r, q), scatter[c].At(r, q))
							}
						}
					}
				}
				want := start.LabelsTo(nil, x)
				for i := range want {
					if labels[i] != want[i] {
						t.Errorf("%s: label of row %d is %d, Mixture.LabelsTo says %d", name, i, labels[i], want[i])
						break
					}
				}
			}
		}
	}
}

// TestSweepDeterministic checks that the statistics are identical, bit for bit,
// whatever the number of workers.
func TestSweepDeterministic(t *testing.T) {
	m := sweepTestMixture(t, Full, 0)
	x, _ := m.Sample(20000, rand.NewPCG(7, 8))
	var ref *suffStats
	for _, workers := range []int{1, 2, 3, 7} {
		st := newSuffStats(3, 3, true)
		newSweeper(x, nil, 3, true, workers).run(m, make([]int, 20000), st)
		if ref == nil {
			ref = st
			continue
		}
		if st.logLik != ref.logLik || !equalBits(st.nk, ref.nk) || !equalBits(st.s1, ref.s1) || !equalBits(st.s2, ref.s2) {
			t.Errorf("%d workers: statistics differ from 1 worker's", workers)
		}
	}
}

func equalBits(a, b []float64) bool {
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return len(a) == len(b)
}

// TestSweepFarPoint checks that a point far beyond every component (its densities
// underflow to 0 in linear space) still gets responsibilities that sum to 1.
func TestSweepFarPoint(t *testing.T) {
	m := sweepTestMixture(t, Full, 0)
	x := mat.NewDense(2, 3, []float64{0, 0, 0, 1e4, -1e4, 1e4})
	st := newSuffStats(3, 3, true)
	newSweeper(x, nil, 3, true, 1).run(m, make([]int, 2), st)
	if sum := st.nk[0] + st.nk[1] + st.nk[2]; math.Abs(sum-2) > 1e-12 {
		t.Errorf("responsibilities sum to %v over 2 rows", sum)
	}
	if want := m.LogProb(x.RawRowView(0)) + m.LogProb(x.RawRowView(1)); !scalar.EqualWithinRel(st.logLik, want, 1e-12) {
		t.Errorf("log-likelihood %v, want %v", st.logLik, want)
	}
	// A row so far that every term of the tile kernel overflows (log p = −Inf):
	// repaired, it still gets responsibilities summing to 1.
	far := mat.NewDense(3, 3, []float64{0, 0, 0, 1e4, -1e4, 1e4, 1e200, 0, 0})
	newSweeper(far, nil, 3, true, 1).run(m, nil, st)
	if sum := st.nk[0] + st.nk[1] + st.nk[2]; math.Abs(sum-3) > 1e-12 || !math.IsInf(st.logLik, -1) {
		t.Errorf("with a row at 1e200: responsibilities sum to %v over 3 rows, log-likelihood %v (want −Inf)", sum, st.logLik)
	}
}

func TestKMeansSweepDeterministic(t *testing.T) {
	m := sweepTestMixture(t, Full, 0)
	x, _ := m.Sample(20000, rand.NewPCG(9, 10))
	centres := []float64{0, 0, 0, 3, 1, 2, -2, 4, -1}
	var ref *kmeansStats
	var refLabels []int
	for _, workers := range []int{1, 2, 3, 7} {
		st := newKMeansStats(3, 3)
		labels := make([]int, 20000)
		newKMeansSweeper(x, nil, 3, workers).run(centres, labels, st)
		if ref == nil {
			ref, refLabels = st, labels
			// Check against a direct computation.
			var inertia float64
			notZero := 0
			for i := 0; i < 20000; i++ {
				best, dist := nearestCentre(x.RawRowView(i), centres, 3)
				if best != labels[i] {
					t.Fatalf("row %d: label %d, nearest centre %d", i, labels[i], best)
				}
				inertia += dist
				if best != 0 {
					notZero++
				}
			}
			if !scalar.EqualWithinRel(inertia, st.inertia, 1e-12) {
				t.Errorf("inertia %v, direct %v", st.inertia, inertia)
			}
			if st.changed != notZero {
				t.Errorf("%d labels changed from 0, want %d", st.changed, notZero)
			}
			continue
		}
		if st.inertia != ref.inertia || !equalBits(st.weight, ref.weight) || !equalBits(st.sums, ref.sums) {
			t.Errorf("%d workers: statistics differ from 1 worker's", workers)
		}
		for i := range labels {
			if labels[i] != refLabels[i] {
				t.Fatalf("%d workers: label of row %d differs", workers, i)
			}
		}
	}
}

// TestFitLabelsOnce checks Result.Labels against Mixture.LabelsTo of the fitted
// mixture in the three ways Fit fills them: by the last sweep (MaxIter reached,
// one restart), by a separate pass after several restarts, and after a hook stops
// the fit.
func TestFitLabelsOnce(t *testing.T) {
	x, _ := sweepTestMixture(t, Full, 0).Sample(5000, rand.NewPCG(3, 4))
	cases := map[string]*Settings{
		"last sweep": {Init: InitKMeans, MaxIter: 4, Tol: NoTol, Workers: 2},
		"restarts":   {MaxIter: 4, Tol: NoTol, Restarts: 3, Init: InitKMeansPlusPlus},
		"hook": {Covariance: Diagonal, Hook: func(it Iteration) bool { return it.Iter == 2 },
			Init: InitRandomPoints},
	}
	for name, s := range cases {
		r, err := Fit(x, nil, 3, s)
		if err != nil {
			t.Fatal(err)
		}
		want := r.Mixture.LabelsTo(nil, x)
		if len(r.Labels) != len(want) {
			t.Fatalf("%s: %d labels for %d rows", name, len(r.Labels), len(want))
		}
		for i := range want {
			if r.Labels[i] != want[i] {
				t.Fatalf("%s: label of row %d is %d, Mixture.LabelsTo says %d", name, i, r.Labels[i], want[i])
			}
		}
	}
}

func TestFitNoLabels(t *testing.T) {
	x, _ := sweepTestMixture(t, Full, 0).Sample(2000, rand.NewPCG(5, 6))
	with, err := Fit(x, nil, 3, &Settings{Init: InitKMeans, MaxIter: 4, Tol: NoTol})
	if err != nil {
		t.Fatal(err)
	}
	without, err := Fit(x, nil, 3, &Settings{Init: InitKMeans, MaxIter: 4, Tol: NoTol, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	if without.Labels != nil {
		t.Fatalf("NoLabels: got %d labels, want nil", len(without.Labels))
	}
	// Labels are an output only: the fit itself is the same to the last bit.
	if with.LogLikelihood != without.LogLikelihood || !slices.Equal(with.History, without.History) {
		t.Fatalf("NoLabels changed the fit: %v, want %v", without.History, with.History)
	}
}

// largeDimMixture returns a random 3-component mixture of type ct (Full or Tied)
// in 45-D.
func largeDimMixture(t *testing.T, ct CovarianceType) *Mixture {
	t.Helper()
	const d, k = 45, 3
	rng := rand.New(rand.NewPCG(11, 12))
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	for c := range means {
		means[c] = randSlice(rng, d, 2)
		a := mat.NewDense(d, d, randSlice(rng, d*d, 0.3))
		s := mat.NewSymDense(d, nil)
		s.SymOuterK(1, a)
		for j := 0; j < d; j++ {
			s.SetSym(j, j, s.At(j, j)+0.5)
		}
		covs[c] = s
	}
	if ct == Tied {
		covs = []mat.Symmetric{covs[0], covs[0], covs[0]}
	}
	m, err := NewTyped(ct, []float64{0.5, 0.3, 0.2}, means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSweepLargeDim runs the sweep at D = 45 (the blocked triangular kernel) for
// full and tied covariances (the tied one whitens each tile once): the
// log-likelihood must match Σ_i log p(x_i) from Mixture.LogProb, the
// point-at-a-time kernel, and the statistics must be the same bit for bit for
// 1, 2 and 3 workers.
func TestSweepLargeDim(t *testing.T) {
	const d, k, n = 45, 3, 9000
	for _, ct := range []CovarianceType{Full, Tied} {
		m := largeDimMixture(t, ct)
		x, _ := m.Sample(n, rand.NewPCG(13, 14))
		var want float64
		for i := 0; i < n; i++ {
			want += m.LogProb(x.RawRowView(i))
		}
		var ref *suffStats
		for _, workers := range []int{1, 2, 3} {
			st := newSuffStats(k, d, true)
			newSweeper(x, nil, k, true, workers).run(m, nil, st)
			if !scalar.EqualWithinRel(st.logLik, want, 1e-12) {
				t.Errorf("%v: log-likelihood %.17g, point by point %.17g", ct, st.logLik, want)
			}
			if ref == nil {
				ref = st
			} else if st.logLik != ref.logLik || !equalBits(st.nk, ref.nk) || !equalBits(st.s1, ref.s1) || !equalBits(st.s2, ref.s2) {
				t.Errorf("%v, %d workers: statistics differ from 1 worker's", ct, workers)
			}
		}
	}
}

// pooledScatter returns Σ_k scatterAbout(k) over the components with N_k > 0, about
// the means the statistics give: the tied M-step's sum.
func pooledScatter(st *suffStats, shifts [][]float64) *mat.SymDense {
	sum := mat.NewSymDense(st.d, nil)
	for c := 0; c < st.k; c++ {
		if st.nk[c] == 0 {
			continue
		}
		mu := make([]float64, st.d)
		for j := range mu {
			mu[j] = shifts[c][j] + st.s1[c*st.d+j]/st.nk[c]
		}
		sum.AddSym(sum, scatterAbout(st, c, shifts[c], mu))
	}
	return sum
}

// TestSweepPooled checks the tied fit's pooled sweep against the per-component one
// (itself checked against a two-pass computation above): the same N_k, S1_k and
// log-likelihood, and the same sum of the scatter matrices to 1e-12 relative, with
// and without weights, at an offset of 1e6, in 3-D and 45-D, with an empty
// component; and the same bits for 1, 2 and 3 workers.
func TestSweepPooled(t *testing.T) {
	rnd := rand.New(rand.NewPCG(21, 22))
	cases := []struct {
		name string
		m    func() *Mixture
	}{
		{"3-D offset 1e6", func() *Mixture { return sweepTestMixture(t, Tied, 1e6+0.5) }},
		{"45-D", func() *Mixture { return largeDimMixture(t, Tied) }},
	}
	for _, tc := range cases {
		for _, weighted := range []bool{false, true} {
			m := tc.m()
			k, d := m.K(), m.Dim()
			x, _ := m.Sample(9000, rand.NewPCG(23, 24))
			var w []float64
			if weighted {
				w = make([]float64, 9000)
				for i := range w {
					w[i] = rnd.Float64() * 2
				}
				w[17] = 0
			}
			if tc.name == "45-D" && weighted { // component 0 far away: empty
				m.means[0] = slices.Repeat([]float64{1e3}, d)
				m, _ = NewTyped(Tied, m.weights, m.means, []mat.Symmetric{m.covs[0], m.covs[0], m.covs[0]})
			}
			ref := newSuffStats(k, d, true)
			newSweeper(x, w, k, true, 2).run(m, nil, ref)
			want := pooledScatter(ref, m.means)
			var first *suffStats
			for _, workers := range []int{1, 2, 3} {
				st := newSuffStats(k, d, true)
				sw := newSweeper(x, w, k, true, workers)
				sw.setPooled()
				sw.run(m, nil, st)
				name := fmt.Sprintf("%s weighted=%v workers=%d", tc.name, weighted, workers)
				if !scalar.EqualWithinRel(st.logLik, ref.logLik, 1e-12) || !equalBits(st.nk, ref.nk) {
					t.Errorf("%s: log-likelihood or N_k differ", name)
				}
				for i := range st.s1 {
					if !scalar.EqualWithinAbsOrRel(st.s1[i], ref.s1[i], 1e-9, 1e-12) {
						t.Errorf("%s: S1[%d] = %v, want %v", name, i, st.s1[i], ref.s1[i])
					}
				}
				got := pooledScatter(st, m.means)
				for r := 0; r < d; r++ {
					for c := r; c < d; c++ {
						if !scalar.EqualWithinAbsOrRel(got.At(r, c), want.At(r, c), 1e-12*want.At(0, 0), 1e-12) {
							t.Fatalf("%s: pooled scatter (%d,%d) = %.17g, per component %.17g", name, r, c, got.At(r, c), want.At(r, c))
						}
					}
				}
				if first == nil {
					first = st
				} else if !equalBits(st.s2, first.s2) || !equalBits(st.s1, first.s1) || st.logLik != first.logLik {
					t.Errorf("%s: statistics differ from 1 worker's", name)
				}
			}
		}
	}
}

// scatterAbout returns Σ_i w_i γ_ik (x_i − μ)(x_i − μ)ᵀ for component k from its
// statistics centred at shift: S2 − S1 eᵀ − e S1ᵀ + N_k e eᵀ with e = μ − shift
// (the test's own computation, independent of Stats).
func scatterAbout(st *suffStats, k int, shift, mu []float64) *mat.SymDense {
	d := st.d
	s1 := st.s1[k*d : (k+1)*d]
	e := make([]float64, d)
	for j := range e {
		e[j] = mu[j] - shift[j]
	}
	s := mat.NewSymDense(d, nil)
	for r := 0; r < d; r++ {
		for c := r; c < d; c++ {
			s.SetSym(r, c, st.scatterAt(k, r, c)-s1[r]*e[c]-e[r]*s1[c]+st.nk[k]*e[r]*e[c])
		}
	}
	return s
}
