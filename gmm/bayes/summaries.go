package bayes

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// MeanMixture returns the mixture at the posterior means: weights and means
// from Mean, and the known covariances (fixed-covariance model) or the
// posterior means of the Σ_k (unknown-covariance model). Like Mean, it is
// meaningful only once the draws share one labelling, and returns
// ErrLabelSwitching (wrapped) if they do not. It returns an error if the
// draws are empty or the averaged parameters are not a valid mixture.
func (p *Posterior) MeanMixture() (*gmm.Mixture, error) {
	w, mu, err := p.Mean()
	if err != nil {
		return nil, err
	}
	covs := make([]mat.Symmetric, p.K)
	for k := range covs {
		if p.Covariances {
			covs[k] = p.meanCovariance(k)
		} else {
			covs[k] = p.Fixed[k]
		}
	}
	m, err := gmm.New(w, mu, covs)
	if err != nil {
		return nil, fmt.Errorf("bayes: posterior mean mixture: %w", err)
	}
	return m, nil
}

// meanCovariance returns the average over all draws of Σ_k.
func (p *Posterior) meanCovariance(k int) *mat.SymDense {
	t := triangle(p.D)
	sum := make([]float64, t)
	for _, d := range p.Draws {
		r, _ := d.Dims()
		for i := 0; i < r; i++ {
			for j, v := range d.RawRowView(i)[p.covCol(k) : p.covCol(k)+t] {
				sum[j] += v
			}
		}
	}
	for j := range sum {
		sum[j] /= float64(p.NumDraws())
	}
	return unpackTriangle(sum, p.D)
}
