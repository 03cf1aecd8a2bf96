package gmmplot_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/gmmplot"
)

// The uncertainty of three points under a three-component mixture: sure,
// torn between two components, and torn between all three.
func ExampleUncertainty() {
	resp := mat.NewDense(3, 3, []float64{
		1, 0, 0,
		0.5, 0.5, 0,
		0.4, 0.3, 0.3,
	})
	u, err := gmmplot.Uncertainty(resp)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.2f\n", u)
	// Output:
	// [0.00 0.50 0.60]
}
