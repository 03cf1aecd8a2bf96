package book

// Notebook 05: the posterior spreads of a variational fit, to set beside the
// MCMC posterior's standard deviations.

import (
	"fmt"
	"math"

	"gmmbook/gmm/variational"
)

// VBWeightSDs returns the standard deviations of the weights π_k under the
// variational posterior q(π) of a fit with a Dirichlet-distribution prior:
// q(π) = Dir(α), so with α̂ = Σ_j α_j, Var π_k = α_k(α̂ − α_k) / (α̂²(α̂ + 1)).
// It returns an error for a Dirichlet-process posterior (stick-breaking
// weights, whose spreads have no such closed form here).
func VBWeightSDs(post *variational.Posterior) ([]float64, error) {
	if post.ConcentrationB != nil {
		return nil, fmt.Errorf("book: weight spreads need a Dirichlet-distribution posterior")
	}
	var total float64
	for _, a := range post.Concentration {
		total += a
	}
	sd := make([]float64, len(post.Concentration))
	for k, a := range post.Concentration {
		sd[k] = math.Sqrt(a * (total - a) / (total * total * (total + 1)))
	}
	return sd, nil
}

// VBMeanSDs returns the standard deviations of the coordinates of μ_k under
// the variational posterior q(μ_k, Λ_k) = N(μ_k | m_k, (β_k Λ_k)⁻¹) W(Λ_k | W_k, ν_k).
// Integrating Λ_k out leaves a Student t with ν_k − D + 1 degrees of freedom,
// centre m_k and scale matrix W_k⁻¹ / (β_k (ν_k − D + 1)) (Bishop, PRML
// eq. 10.81 and B.68), whose covariance is W_k⁻¹ / (β_k (ν_k − D − 1)); the
// standard deviations are the square roots of its diagonal. It returns an
// error if ν_k ≤ D + 1 (no finite variance) or k is out of range.
func VBMeanSDs(post *variational.Posterior, k int) ([]float64, error) {
	if k < 0 || k >= len(post.Means) {
		return nil, fmt.Errorf("book: component %d out of range [0, %d)", k, len(post.Means))
	}
	d := len(post.Means[k])
	nu, beta := post.DegreesOfFreedom[k], post.MeanPrecision[k]
	if !(nu > float64(d)+1) {
		return nil, fmt.Errorf("book: ν = %v ≤ D + 1: the mean's variance is infinite", nu)
	}
	winv := post.ScaleInverse[0] // Tied: one shared matrix
	if len(post.ScaleInverse) > 1 {
		winv = post.ScaleInverse[k]
	}
	sd := make([]float64, d)
	for j := range sd {
		sd[j] = math.Sqrt(winv.At(j, j) / (beta * (nu - float64(d) - 1)))
	}
	return sd, nil
}
