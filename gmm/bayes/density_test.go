package bayes

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// TestLogLikelihoodMatchesMixture checks that the model's log-likelihood term is
// gmm.Mixture.LogProb summed over the data (to 1e-12 relative), at random θ.
func TestLogLikelihoodMatchesMixture(t *testing.T) {
	m := testModel(t)
	rng := rand.New(rand.NewPCG(5, 5))
	covs := make([]mat.Symmetric, m.k)
	for c := range covs {
		covs[c] = m.Covariance(c)
	}
	for trial := 0; trial < 10; trial++ {
		theta := randomTheta(m, rng)
		weights, means := m.Constrain(theta)
		mix, err := gmm.New(weights, means, covs)
		if err != nil {
			t.Fatal(err)
		}
		var want float64
		for i := 0; i < m.n; i++ {
			want += mix.LogProb(m.x.RawRowView(i))
		}
		logW := make([]float64, m.k)
		stickBreak(logW, make([]float64, m.k-1), theta[:m.k-1])
		got := m.logLikelihood(make([]float64, m.k*m.d), make([]float64, m.k), logW, theta[m.k-1:])
		if math.Abs(got-want) > 1e-12*math.Abs(want) {
			t.Errorf("trial %d: log-likelihood %.17g, Σ Mixture.LogProb %.17g", trial, got, want)
		}
	}
}

// TestTranslationInvariance shifts article D's data, the prior mean and θ's means
// together by 1e6 and 1e8: the log density, its gradient and the Gibbs sampler's
// label terms must move by at most 1e-9 relative. The data are rounded to multiples
// of 2⁻²⁰ (and the means and prior mean are such multiples), so the shifted values
// are exact and any change comes from the evaluation. The former expansion
// xᵀPx − 2μᵀPx + μᵀPμ moved the log density by about 1e-3 at 1e6.
func TestTranslationInvariance(t *testing.T) {
	x, _ := articleData(rand.NewPCG(1, 2))
	x.Apply(func(_, _ int, v float64) float64 { return math.Round(v*(1<<20)) / (1 << 20) }, x)
	covs := []mat.Symmetric{
		mat.NewSymDense(2, []float64{1, 0.3, 0.3, 2}),
		mat.NewSymDense(2, []float64{0.5, 0, 0, 0.5}),
		mat.NewSymDense(2, []float64{2, -0.4, -0.4, 1}),
	}
	theta := []float64{0.25, -0.5, 0.5, 4.75, 5.25, 0.125, 7.5, 8.25}
	eval := func(shift float64) (lp float64, grad, terms []float64) {
		xs := mat.DenseCopyOf(x)
		xs.Apply(func(_, _ int, v float64) float64 { return v + shift }, xs)
		m, err := NewModel(xs, 3, covs, &Prior{MeanLoc: []float64{4 + shift, 4 + shift}, MeanCov: mat.NewSymDense(2, []float64{9, 1, 1, 4})})
		if err != nil {
			t.Fatal(err)
		}
		th := append([]float64(nil), theta...)
		for j := m.k - 1; j < len(th); j++ {
			th[j] += shift
		}
		grad = make([]float64, m.Dim())
		lp = m.LogDensityGradient(th, grad)
		weights, means := m.Constrain(th)
		g := newKnownGibbs(m, means, nil)
		copy(g.weights, weights)
		for k, w := range weights {
			g.comps.LogWeights[k] = math.Log(w)
		}
		terms = make([]float64, m.k)
		for i := 0; i < m.n; i += 37 {
			g.comps.RelativeLogTerms(g.lp, xs.RawRowView(i), g.zbuf)
			for k, v := range g.lp {
				terms[k] += v
			}
		}
		return lp, grad, terms
	}
	lp0, grad0, terms0 := eval(0)
	for _, shift := range []float64{1e6, 1e8} {
		lp, grad, terms := eval(shift)
		if rel := math.Abs(lp-lp0) / math.Abs(lp0); !(rel <= 1e-9) {
			t.Errorf("shift %g: log density %.17g, unshifted %.17g (relative change %.3g)", shift, lp, lp0, rel)
		}
		for j := range grad {
			if math.Abs(grad[j]-grad0[j]) > 1e-9*math.Max(1, math.Abs(grad0[j])) {
				t.Errorf("shift %g: gradient %d is %.17g, unshifted %.17g", shift, j, grad[j], grad0[j])
			}
		}
		for k := range terms {
			if rel := math.Abs(terms[k]-terms0[k]) / math.Abs(terms0[k]); !(rel <= 1e-9) {
				t.Errorf("shift %g: Gibbs label terms of component %d: %.17g, unshifted %.17g", shift, k, terms[k], terms0[k])
			}
		}
	}
}
