package gmmplot

import (
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// The mixtures of the articles, declared in a test file so that they exist only
// in the tests of package gmmplot; the examples (package gmmplot_test)
// build them inline.
// The parameters are constant and valid: an error is a bug, hence the panic.

// articleA returns article A's mixture: K = 3 components in D = 2.
func articleA() *gmm.Mixture {
	return mustMixture(gmm.New(
		[]float64{0.45, 0.25, 0.30},
		[][]float64{{0, 5}, {5, -10}, {-10, -5}},
		[]mat.Symmetric{
			mat.NewSymDense(2, []float64{36, 10, 10, 25}),
			mat.NewSymDense(2, []float64{9, -1.3, -1.3, 16}),
			mat.NewSymDense(2, []float64{25, -3.2, -3.2, 16}),
		}))
}

// articleB returns article B's true 1-D mixture: λ = (0.35, 0.65),
// μ = (−0.3, 0.5), σ = (0.15, 0.30).
func articleB() *gmm.Mixture {
	return mustMixture(gmm.New([]float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.15 * 0.15}), mat.NewSymDense(1, []float64{0.3 * 0.3})}))
}

func mustMixture(m *gmm.Mixture, err error) *gmm.Mixture {
	if err != nil {
		panic(err)
	}
	return m
}
