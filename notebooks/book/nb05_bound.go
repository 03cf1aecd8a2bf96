package book

// Notebook 05 (three ways to fit a mixture): EM's log-likelihood split into
// the lower bound 𝓛(q, θ) and the gap KL(q ‖ p(Z | X, θ)), half-step by
// half-step.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// Bound is one point of EM's bound picture: for a distribution q over the
// labels and parameters θ,
//
//	ln p(X | θ) = 𝓛(q, θ) + KL(q ‖ p(Z | X, θ)),
//	𝓛(q, θ) = Σ_i Σ_k q_ik ln(π_k N(x_i | μ_k, Σ_k) / q_ik),
//	KL(q ‖ p(Z | X, θ)) = Σ_i Σ_k q_ik ln(q_ik / γ_ik(θ)).
type Bound struct {
	LogLikelihood float64 // ln p(X | θ)
	Lower         float64 // 𝓛(q, θ)
	KL            float64 // KL(q ‖ p(Z | X, θ)), never negative
}

// BoundOf returns the decomposition of ln p(X | θ) for the mixture m (θ) and
// the n×K label distribution q (rows summing to 1). The KL term is summed
// directly, with 0 ln 0 = 0, and 𝓛 is ln p(X | θ) − KL, so the two add up
// exactly. It returns an error if q's shape does not match x and m.
func BoundOf(x, q mat.Matrix, m *gmm.Mixture) (Bound, error) {
	n, d := x.Dims()
	qn, qk := q.Dims()
	if d != m.Dim() || qn != n || qk != m.K() {
		return Bound{}, fmt.Errorf("book: bound of %d×%d data, %d×%d labels and a %d-D mixture of %d",
			n, d, qn, qk, m.Dim(), m.K())
	}
	logGamma, logLik := m.LogResponsibilitiesTo(nil, x)
	var kl float64
	for i := range n {
		for k := range qk {
			if qik := q.At(i, k); qik > 0 {
				kl += qik * (math.Log(qik) - logGamma.At(i, k))
			}
		}
	}
	return Bound{LogLikelihood: logLik, Lower: logLik - kl, KL: kl}, nil
}

// HalfSteps returns the bound picture of an EM run whose mixtures after every
// iteration are states (states[0] the start, as gmm.Settings.Hook sees them):
// entry 0 is after the first E-step (q = γ(θ₀), KL = 0); then, for every
// t ≥ 1, the M-step (θ_t with the old q = γ(θ_{t−1})) and the E-step (θ_t
// with q = γ(θ_t)). It returns 2·len(states) − 1 entries.
func HalfSteps(x mat.Matrix, states []*gmm.Mixture) ([]Bound, error) {
	if len(states) == 0 {
		return nil, fmt.Errorf("book: no EM states")
	}
	out := make([]Bound, 0, 2*len(states)-1)
	q := states[0].ResponsibilitiesTo(nil, x)
	for t, m := range states {
		if t > 0 {
			b, err := BoundOf(x, q, m)
			if err != nil {
				return nil, err
			}
			out = append(out, b)
			q = m.ResponsibilitiesTo(nil, x)
		}
		b, err := BoundOf(x, q, m)
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}
