package gmmplot

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// articleA returns article A's mixture: K = 3, D = 2.
func articleA(t testing.TB) *gmm.Mixture {
	t.Helper()
	m, err := gmm.New(
		[]float64{0.45, 0.25, 0.30},
		[][]float64{{0, 5}, {5, -10}, {-10, -5}},
		[]mat.Symmetric{
			mat.NewSymDense(2, []float64{36, 10, 10, 25}),
			mat.NewSymDense(2, []float64{9, -1.3, -1.3, 16}),
			mat.NewSymDense(2, []float64{25, -3.2, -3.2, 16}),
		})
	if err != nil {
		t.Fatal(err)
	}
	return m
}
