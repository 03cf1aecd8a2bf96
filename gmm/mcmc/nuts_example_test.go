package mcmc_test

import (
	"fmt"
	"math/rand/v2"

	"gmmbook/gmm/mcmc"
)

// A correlated bivariate normal, mean (1, −2), sd (1, 2) and correlation 0.9, sampled with
// four chains of 1000 draws after 1000 warm-up iterations.
func ExampleNUTS() {
	// Precision matrix of Σ = [[1, 1.8], [1.8, 4]].
	const det = 1*4 - 1.8*1.8
	p := [2][2]float64{{4 / det, -1.8 / det}, {-1.8 / det, 1 / det}}
	target := mcmc.TargetFunc{N: 2, F: func(x, grad []float64) float64 {
		u, v := x[0]-1, x[1]+2
		grad[0] = -(p[0][0]*u + p[0][1]*v)
		grad[1] = -(p[1][0]*u + p[1][1]*v)
		return 0.5 * (u*grad[0] + v*grad[1])
	}}
	res, err := mcmc.NUTS(target, &mcmc.Settings{Src: rand.NewPCG(1, 2)})
	if err != nil {
		fmt.Println(err)
		return
	}
	sum := mcmc.Summarize(res.Draws(), []string{"x", "y"})
	for _, s := range sum {
		fmt.Printf("%s: mean %.0f, sd %.0f, R-hat < 1.01: %v, bulk ESS > 400: %v\n",
			s.Name, s.Mean, s.SD, s.Rhat < 1.01, s.BulkESS > 400)
	}
	fmt.Println("divergences:", res.Divergences())
	// Output:
	// x: mean 1, sd 1, R-hat < 1.01: true, bulk ESS > 400: true
	// y: mean -2, sd 2, R-hat < 1.01: true, bulk ESS > 400: true
	// divergences: 0
}

// Components of each draw put back in the order of a reference by the
// Hungarian assignment.
func ExampleAssign() {
	cost := [][]float64{
		{4, 1, 3},
		{2, 0, 5},
		{3, 2, 2},
	}
	fmt.Println(mcmc.Assign(cost))
	// Output:
	// [1 0 2]
}
