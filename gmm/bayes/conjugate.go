package bayes

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Conditional is the exact posterior of the weights and means given the labels
// z: π | z ~ Dirichlet(Alpha) and, independently, μ_k | z ~ N(Means[k], Covs[k]).
type Conditional struct {
	Alpha []float64
	Means [][]float64
	Covs  []*mat.SymDense
}

// Conditional returns p(π, μ | z, X) in closed form by conjugacy:
//
//	π | z ~ Dirichlet(α + n),  V_k = (S0⁻¹ + n_k Σ_k⁻¹)⁻¹,  m_k = V_k (S0⁻¹ m0 + Σ_k⁻¹ Σ_{z_i=k} x_i).
//
// When the components are well separated the labels are nearly certain and
// this is close to the marginal posterior that NUTS samples. It returns an
// error if labels has the wrong length or holds a label outside [0, K).
func (m *Model) Conditional(labels []int) (*Conditional, error) {
	if len(labels) != m.n {
		return nil, fmt.Errorf("bayes: %d labels for %d data points", len(labels), m.n)
	}
	for i, z := range labels {
		if z < 0 || z >= m.k {
			return nil, fmt.Errorf("bayes: label %d is %d, want 0 to %d", i, z, m.k-1)
		}
	}
	counts, sums := groupStats(m.x, labels, m.k)
	c := &Conditional{Alpha: make([]float64, m.k), Means: make([][]float64, m.k), Covs: make([]*mat.SymDense, m.k)}
	for k := range c.Means {
		c.Alpha[k] = m.alpha[k] + counts[k]
		chol, b, err := m.meanConditional(k, counts[k], sums[k])
		if err != nil {
			return nil, fmt.Errorf("bayes: component %d: %w", k, err)
		}
		mean := mat.NewVecDense(m.d, nil)
		if err := chol.SolveVecTo(mean, mat.NewVecDense(m.d, b)); err != nil {
			return nil, fmt.Errorf("bayes: component %d: %w", k, err)
		}
		c.Means[k] = mean.RawVector().Data
		c.Covs[k] = mat.NewSymDense(m.d, nil)
		if err := chol.InverseTo(c.Covs[k]); err != nil {
			return nil, fmt.Errorf("bayes: component %d: %w", k, err)
		}
	}
	return c, nil
}
