package bayes

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
)

// testModel is a K = 3, D = 2 model with unequal known covariances and a
// non-default prior, on 40 points, so that every term of the density matters.
func testModel(t *testing.T) *Model {
	t.Helper()
	rng := rand.New(rand.NewPCG(1, 1))
	x := mat.NewDense(40, 2, nil)
	for i := 0; i < 40; i++ {
		c := articleMeans[i%3]
		x.Set(i, 0, c[0]+rng.NormFloat64())
		x.Set(i, 1, c[1]+rng.NormFloat64())
	}
	covs := []mat.Symmetric{
		mat.NewSymDense(2, []float64{1, 0.3, 0.3, 2}),
		mat.NewSymDense(2, []float64{0.5, 0, 0, 0.5}),
		mat.NewSymDense(2, []float64{2, -0.4, -0.4, 1}),
	}
	prior := &Prior{
		Alpha:   []float64{0.7, 2, 3.5},
		MeanLoc: []float64{1, 2},
		MeanCov: mat.NewSymDense(2, []float64{9, 1, 1, 4}),
	}
	m, err := NewModel(x, 3, covs, prior)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func randomTheta(m *Model, rng *rand.Rand) []float64 {
	theta := make([]float64, m.Dim())
	for i := range theta {
		theta[i] = 3 * rng.NormFloat64()
	}
	return theta
}

func TestStickBreakRoundTrip(t *testing.T) {
	w := []float64{0.1, 0.2, 0.3, 0.4}
	y := unstickBreak(w)
	logW := make([]float64, 4)
	stickBreak(logW, make([]float64, 3), y)
	for i := range w {
		if !scalar.EqualWithinAbsOrRel(math.Exp(logW[i]), w[i], 1e-14, 1e-14) {
			t.Errorf("π_%d = %v, want %v", i, math.Exp(logW[i]), w[i])
		}
	}
	stickBreak(logW, make([]float64, 3), []float64{0, 0, 0})
	for i := range logW {
		if !scalar.EqualWithinAbs(math.Exp(logW[i]), 0.25, 1e-15) {
			t.Errorf("y = 0: π_%d = %v, want 1/4", i, math.Exp(logW[i]))
		}
	}
}

// TestStickBreakJacobian checks the log-Jacobian against the log-determinant of
// the finite-difference Jacobian of y ↦ (π_1, …, π_{K−1}).
func TestStickBreakJacobian(t *testing.T) {
	const k, h = 4, 1e-6
	for _, y := range [][]float64{{0, 0, 0}, {1.5, -2, 0.3}, {-4, 3, 2}} {
		logW := make([]float64, k)
		logJ := stickBreak(logW, make([]float64, k-1), y)
		jac := mat.NewDense(k-1, k-1, nil)
		for j := range y {
			up := append([]float64(nil), y...)
			dn := append([]float64(nil), y...)
			up[j] += h
			dn[j] -= h
			wu, wd := make([]float64, k), make([]float64, k)
			stickBreak(wu, make([]float64, k-1), up)
			stickBreak(wd, make([]float64, k-1), dn)
			for i := 0; i < k-1; i++ {
				jac.Set(i, j, (math.Exp(wu[i])-math.Exp(wd[i]))/(2*h))
			}
		}
		if want := math.Log(math.Abs(mat.Det(jac))); !scalar.EqualWithinAbs(logJ, want, 1e-6) {
			t.Errorf("y = %v: log-Jacobian %v, finite differences %v", y, logJ, want)
		}
	}
}

// TestLogDensityMatchesGonum compares differences of the log density between
// points (the constant cancels) with one assembled from gonum's distributions
// and the stick-breaking log-Jacobian checked above.
func TestLogDensityMatchesGonum(t *testing.T) {
	m := testModel(t)
	dir := distmv.NewDirichlet([]float64{0.7, 2, 3.5}, nil)
	prior, ok := distmv.NewNormal([]float64{1, 2}, mat.NewSymDense(2, []float64{9, 1, 1, 4}), nil)
	if !ok {
		t.Fatal("prior not positive definite")
	}
	reference := func(theta []float64) float64 {
		w, mu := m.Constrain(theta)
		lp := dir.LogProb(w) + stickBreak(make([]float64, 3), make([]float64, 2), theta[:2])
		comps := make([]*distmv.Normal, 3)
		for k := range comps {
			lp += prior.LogProb(mu[k])
			comps[k], _ = distmv.NewNormal(mu[k], m.Covariance(k), nil)
		}
		for i := 0; i < m.N(); i++ {
			terms := make([]float64, 3)
			for k := range terms {
				terms[k] = math.Log(w[k]) + comps[k].LogProb(m.Data().RawRowView(i))
			}
			lp += floats.LogSumExp(terms)
		}
		return lp
	}
	rng := rand.New(rand.NewPCG(2, 2))
	grad := make([]float64, m.Dim())
	base := randomTheta(m, rng)
	got0, want0 := m.LogDensityGradient(base, grad), reference(base)
	for trial := 0; trial < 10; trial++ {
		theta := randomTheta(m, rng)
		got := m.LogDensityGradient(theta, grad) - got0
		want := reference(theta) - want0
		if !scalar.EqualWithinAbsOrRel(got, want, 1e-8, 1e-11) {
			t.Errorf("trial %d: log density difference %.12g, gonum reference %.12g", trial, got, want)
		}
	}
}

// TestGradientFiniteDifference checks the analytic gradient against central
// differences at random points.
func TestGradientFiniteDifference(t *testing.T) {
	m := testModel(t)
	rng := rand.New(rand.NewPCG(3, 3))
	const h = 1e-5
	grad := make([]float64, m.Dim())
	scratch := make([]float64, m.Dim())
	for trial := 0; trial < 10; trial++ {
		theta := randomTheta(m, rng)
		m.LogDensityGradient(theta, grad)
		for j := range theta {
			up := append([]float64(nil), theta...)
			dn := append([]float64(nil), theta...)
			up[j] += h
			dn[j] -= h
			fd := (m.LogDensityGradient(up, scratch) - m.LogDensityGradient(dn, scratch)) / (2 * h)
			if !scalar.EqualWithinAbsOrRel(grad[j], fd, 1e-5, 1e-6) {
				t.Errorf("trial %d, θ_%d: gradient %.10g, finite difference %.10g", trial, j, grad[j], fd)
			}
		}
	}
}

func TestGradientExtremeWeights(t *testing.T) {
	// A weight that underflows must leave the density and gradient finite.
	m := testModel(t)
	theta := make([]float64, m.Dim())
	theta[0], theta[1] = -800, 700
	grad := make([]float64, m.Dim())
	lp := m.LogDensityGradient(theta, grad)
	if math.IsNaN(lp) || math.IsInf(lp, 0) {
		t.Errorf("log density %v", lp)
	}
	for j, g := range grad {
		if math.IsNaN(g) || math.IsInf(g, 0) {
			t.Errorf("gradient %d is %v", j, g)
		}
	}
}

func TestNewModelErrors(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 1, 2, 3, 4, 5})
	nan := mat.NewDense(2, 2, []float64{0, math.NaN(), 1, 2})
	notPD := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	for _, tc := range []struct {
		name  string
		x     mat.Matrix
		k     int
		covs  []mat.Symmetric
		prior *Prior
		want  string
	}{
		{"nan", nan, 2, nil, nil, "NaN"},
		{"k", x, 0, nil, nil, "at least 1"},
		{"covs", x, 3, []mat.Symmetric{identity(2), identity(2)}, nil, "2 covariances for 3"},
		{"cov shape", x, 2, []mat.Symmetric{identity(3)}, nil, "3×3"},
		{"cov pd", x, 2, []mat.Symmetric{notPD}, nil, "not positive definite"},
		{"alpha", x, 2, nil, &Prior{Alpha: []float64{1, 0}}, "concentration 1"},
		{"alpha len", x, 2, nil, &Prior{Alpha: []float64{1}}, "1 Dirichlet"},
		{"mean loc", x, 2, nil, &Prior{MeanLoc: []float64{1}}, "prior mean of length"},
		{"mean cov", x, 2, nil, &Prior{MeanCov: notPD}, "prior covariance"},
	} {
		_, err := NewModel(tc.x, tc.k, tc.covs, tc.prior)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "bayes: ") {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
