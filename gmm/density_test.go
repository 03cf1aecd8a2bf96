package gmm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// twoUnitComponents is the model of issue 12's reproduction: two 1-D components at
// 0 and 10 with unit variance and equal weights.
func twoUnitComponents(t *testing.T) *Mixture {
	t.Helper()
	one := mat.NewSymDense(1, []float64{1})
	m, err := New([]float64{0.5, 0.5}, [][]float64{{0}, {10}}, []mat.Symmetric{one, one})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestFarPointsStayFinite checks points beyond the overflow of the squared
// Mahalanobis distance (|x − μ|/σ > 1.3e154). At x = 1.5e154 the closed form
// log p(x) = −½ (x − 10)² − ½ log 2π + log ½ + … is −x²/2 to 1e-15 relative (the
// other terms are below 1e-150 of it), about −1.125e308: finite. At 1e155 the true
// value, about −5e309, is below −MaxFloat64, so log p is −Inf by the documented
// contract; the responsibilities must still be finite and sum to 1 on every path.
func TestFarPointsStayFinite(t *testing.T) {
	m := twoUnitComponents(t)
	const near = 1.5e154
	want := -(0.5 * near) * near
	if got := m.LogProb([]float64{near}); !closeRel(got, want, 1e-14) {
		t.Errorf("LogProb(%g) = %v, want %v", near, got, want)
	}
	if got := m.ComponentLogProb(0, []float64{near}); !closeRel(got, want, 1e-14) {
		t.Errorf("ComponentLogProb(0, %g) = %v, want %v", near, got, want)
	}
	if got := m.LogProb([]float64{1e155}); !math.IsInf(got, -1) {
		t.Errorf("LogProb(1e155) = %v, want -Inf (true value below -MaxFloat64)", got)
	}
	x := mat.NewDense(4, 1, []float64{near, 1e155, -1e300, 3})
	dense := make([]float64, 4)
	logProbsDense(m, dense, x, 1)
	if !closeRel(dense[0], want, 1e-14) || !math.IsInf(dense[1], -1) || !math.IsInf(dense[2], -1) {
		t.Errorf("log-densities of the tile path: %v, want [%v -Inf -Inf …]", dense, want)
	}
	for _, lp := range [][]float64{dense, pointwiseLogProbs(m, x)} {
		if want := m.LogProb([]float64{3}); !closeRel(lp[3], want, 1e-14) {
			t.Errorf("log p(3) = %v, want %v", lp[3], want)
		}
	}
	g := m.ResponsibilitiesTo(nil, x)
	for i := 0; i < 4; i++ {
		row := g.RawRowView(i)
		if s := row[0] + row[1]; math.IsNaN(s) || math.Abs(s-1) > 1e-15 {
			t.Errorf("row %d (%g): responsibilities %v sum to %v", i, x.At(i, 0), row, s)
		}
	}
	sw := newSweeper(x, nil, 2, false, 1)
	st := newSuffStats(2, 1, false)
	sw.run(m, nil, st)
	if s := st.nk[0] + st.nk[1]; math.Abs(s-4) > 1e-12 {
		t.Errorf("EM sweep: responsibilities sum to %v over 4 rows, want 4", s)
	}
}

func pointwiseLogProbs(m *Mixture, x *mat.Dense) []float64 {
	n, _ := x.Dims()
	out := make([]float64, n)
	for i := range out {
		out[i] = m.LogProb(x.RawRowView(i))
	}
	return out
}

// TestNaNPointGivesNaN checks that a point holding NaN has a NaN log-density on
// every path (the maximum of a log-sum-exp must not skip it and return −Inf).
func TestNaNPointGivesNaN(t *testing.T) {
	m := articleA(t)
	p := []float64{math.NaN(), 0}
	if got := m.LogProb(p); !math.IsNaN(got) {
		t.Errorf("LogProb(%v) = %v, want NaN", p, got)
	}
	x := mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 0})
	dst := make([]float64, 2)
	logProbsDense(m, dst, x, 1)
	if math.IsNaN(dst[0]) || !math.IsNaN(dst[1]) {
		t.Errorf("tile path log-densities %v, want [finite NaN]", dst)
	}
	if _, total := m.LogResponsibilitiesTo(nil, x); !math.IsNaN(total) {
		t.Errorf("LogResponsibilitiesTo total = %v, want NaN", total)
	}
}

// TestTranslationInvariance shifts the data and the means together by 1e6 and
// 1e8: every log-density path must move by at most 1e-9 relative. The data and
// means are multiples of 2⁻²⁰ below 2⁶, so the shifted values are exact and any
// change comes from the evaluation, not the inputs.
func TestTranslationInvariance(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	grid := func(v float64) float64 { return math.Round(v*(1<<20)) / (1 << 20) }
	const n, d = 300, 3
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, grid(float64(4*(i%3))+rng.NormFloat64()))
		}
	}
	means := [][]float64{{0, 0.5, 1}, {4, 4.25, 3.5}, {8, 7.5, 8.125}}
	covs := []mat.Symmetric{
		mat.NewSymDense(3, []float64{1, 0.3, 0.1, 0.3, 2, -0.2, 0.1, -0.2, 0.7}),
		mat.NewSymDense(3, []float64{0.5, 0, 0.1, 0, 0.5, 0, 0.1, 0, 0.9}),
		mat.NewSymDense(3, []float64{2, -0.4, 0, -0.4, 1, 0.2, 0, 0.2, 1.5}),
	}
	weights := []float64{0.25, 0.35, 0.4}
	paths := func(shift float64) []float64 {
		xs := mat.NewDense(n, d, nil)
		xs.Apply(func(_, _ int, v float64) float64 { return v + shift }, x)
		ms := make([][]float64, len(means))
		for k, mu := range means {
			for _, v := range mu {
				ms[k] = append(ms[k], v+shift)
			}
		}
		m, err := New(weights, ms, covs)
		if err != nil {
			t.Fatal(err)
		}
		var pointwise, component, tile float64
		for i := 0; i < n; i++ {
			pointwise += m.LogProb(xs.RawRowView(i))
			component += m.ComponentLogProb(i%3, xs.RawRowView(i))
		}
		lp := make([]float64, n)
		logProbsDense(m, lp, xs, 1)
		for _, v := range lp {
			tile += v
		}
		_, resp := m.LogResponsibilitiesTo(nil, xs)
		st := newSuffStats(3, d, true)
		newSweeper(xs, nil, 3, true, 1).run(m, nil, st)
		return []float64{pointwise, component, tile, resp, st.logLik}
	}
	names := []string{"LogProb", "ComponentLogProb", "tile kernels", "LogResponsibilitiesTo", "EM sweep"}
	base := paths(0)
	for _, shift := range []float64{1e6, 1e8} {
		for p, v := range paths(shift) {
			if rel := math.Abs(v-base[p]) / math.Abs(base[p]); !(rel <= 1e-9) {
				t.Errorf("%s shifted by %g: %v, unshifted %v (relative change %.3g)", names[p], shift, v, base[p], rel)
			} else {
				t.Logf("%s shifted by %g: relative change %.3g", names[p], shift, rel)
			}
		}
	}
}

// TestLogProbsDenseWorkers checks that the tile path's log-densities are the same
// bits for 1, 2, 3 and 7 workers (parallel.For's contract), over several chunks.
func TestLogProbsDenseWorkers(t *testing.T) {
	m := articleA(t)
	x, _ := m.Sample(3*minChunkRows+17, rand.NewPCG(3, 4))
	n, _ := x.Dims()
	ref := make([]float64, n)
	logProbsDense(m, ref, x, 1)
	for _, workers := range []int{2, 3, 7} {
		got := make([]float64, n)
		logProbsDense(m, got, x, workers)
		if !equalBits(got, ref) {
			t.Errorf("%d workers: log-densities differ from 1 worker's", workers)
		}
	}
}
