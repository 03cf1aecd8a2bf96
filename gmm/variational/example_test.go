package variational_test

import (
	"fmt"
	"log"

	"gmmbook/gmm/datasets"
	"gmmbook/gmm/variational"
)

// Fit six components to Old Faithful with a Dirichlet-process prior and
// scikit-learn's defaults: the posterior keeps the components the data need and
// switches the others off.
func ExampleFit() {
	x := datasets.Faithful()
	r, err := variational.Fit(x, nil, 6, nil)
	if err != nil {
		log.Fatal(err)
	}
	m := r.Mixture
	for k := 0; k < m.K(); k++ {
		if m.Weight(k) > variational.ActiveWeight {
			fmt.Printf("E[π] = %.3f  m = (%.3f, %.2f)\n", m.Weight(k), m.Mean(k)[0], m.Mean(k)[1])
		}
	}
	fmt.Printf("%d active of %d; bound %.2f after %d iterations, converged %v\n",
		r.Active, m.K(), r.LowerBound, r.Iterations, r.Converged)
	// Output:
	// E[π] = 0.359  m = (2.055, 54.69)
	// E[π] = 0.640  m = (4.288, 79.95)
	// 2 active of 6; bound -1180.93 after 39 iterations, converged true
}
