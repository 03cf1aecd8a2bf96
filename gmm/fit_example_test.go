package gmm_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// Fit two full-covariance components to Old Faithful (eruption time, waiting
// time) with the default settings: InitAuto's twenty restarts of several kinds
// (hc, split of the K−1 fit, k-means++, random responsibilities), each run
// until the mean log-likelihood changes by less than 1e-9, Reg 1e-6. The
// optimum is scikit-learn 1.2.1's −1130.263960 for GaussianMixture(2,
// n_init=50, tol=1e-8) (docs/cli.md).
func ExampleFit() {
	x := datasets.Faithful()
	r, err := gmm.Fit(x, nil, 2, nil)
	if err != nil {
		log.Fatal(err)
	}
	m := r.Mixture
	for k := 0; k < m.K(); k++ {
		fmt.Printf("π = %.3f  μ = (%.3f, %.2f)\n", m.Weight(k), m.Mean(k)[0], m.Mean(k)[1])
	}
	fmt.Printf("log-likelihood %.4f after %d iterations, converged %v\n", r.LogLikelihood, r.Iterations, r.Converged)
	fmt.Printf("%d parameters, BIC %.2f, AIC %.2f\n", r.NumParams, r.BIC, r.AIC)
	// Output:
	// π = 0.356  μ = (2.036, 54.48)
	// π = 0.644  μ = (4.290, 79.97)
	// log-likelihood -1130.2640 after 12 iterations, converged true
	// 11 parameters, BIC 2322.19, AIC 2282.53
}

// The hook sees the starting mixture and every iteration's, as article B's
// animation needs. Here, article C's start (random data points, diagonal data
// variance) and the articles' stopping rule (total change below 1e-3); the hook
// prints every fifth log-likelihood.
func ExampleFit_hook() {
	x := datasets.Faithful()
	r, err := gmm.Fit(x, nil, 2, &gmm.Settings{
		Init: gmm.InitRandomPoints,
		Stop: gmm.TotalChange,
		Hook: func(it gmm.Iteration) bool {
			if it.Iter%5 == 0 {
				fmt.Printf("iteration %2d: log-likelihood %.3f\n", it.Iter, it.LogLikelihood)
			}
			return false
		},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("converged after %d iterations: %.3f\n", r.Iterations, r.LogLikelihood)
	// Output:
	// iteration  0: log-likelihood -1591.448
	// iteration  5: log-likelihood -1288.103
	// iteration 10: log-likelihood -1234.232
	// iteration 15: log-likelihood -1161.170
	// iteration 20: log-likelihood -1130.265
	// converged after 21 iterations: -1130.264
}

// EM with equal fixed weights and one fixed covariance σ²I is soft k-means; for
// small σ² it gives Lloyd's clusters from the same initial centres.
func ExampleNewEqualSpherical() {
	x := datasets.Faithful()
	centres := mat.DenseCopyOf(x.Slice(0, 2, 0, 2)) // rows 0 and 1
	lloyd, err := gmm.KMeans(x, nil, 2, &gmm.KMeansSettings{Centers: centres})
	if err != nil {
		log.Fatal(err)
	}
	start, err := gmm.NewEqualSpherical(centres, 1e-4)
	if err != nil {
		log.Fatal(err)
	}
	r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Covariance: gmm.Spherical, Init: gmm.InitMixture, Start: start,
		FixWeights: true, FixCovariances: true, Tol: gmm.NoTol, MaxIter: 50})
	if err != nil {
		log.Fatal(err)
	}
	for k := 0; k < 2; k++ {
		fmt.Printf("EM centre (%.4f, %.4f)\n", r.Mixture.Mean(k)[0], r.Mixture.Mean(k)[1])
	}
	for k := 0; k < 2; k++ {
		fmt.Printf("k-means centre (%.4f, %.4f)\n", lloyd.Centers.At(k, 0), lloyd.Centers.At(k, 1))
	}
	// Output:
	// EM centre (4.2979, 80.2849)
	// EM centre (2.0943, 54.7500)
	// k-means centre (4.2979, 80.2849)
	// k-means centre (2.0943, 54.7500)
}
