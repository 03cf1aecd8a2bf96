package gmm_test

import (
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// A covariance with eigenvalues 3 and −1 is not positive definite: New says
// which component, and errors.Is and errors.As tell the kind and the component
// without reading the message.
func ExampleComponentError() {
	eye := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	bad := mat.NewSymDense(2, []float64{1, 2, 2, 1})
	_, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{0, 0}, {1, 1}}, []mat.Symmetric{eye, bad})
	fmt.Println(err)
	var ce *gmm.ComponentError
	if errors.As(err, &ce) && errors.Is(err, gmm.ErrNotPositiveDefinite) {
		fmt.Println("component", ce.Component, "is not positive definite")
	}
	// Output:
	// gmm: component 1: covariance is not positive definite
	// component 1 is not positive definite
}
