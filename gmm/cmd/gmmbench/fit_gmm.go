package main

import (
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// gmmFitter runs gmm.Fit from start: plain maximum likelihood (NoReg), no
// stopping rule (NoTol), exactly iters iterations. Like scikit-learn's fit, it
// asks for no per-row labels (NoLabels).
func (c *runConfig) gmmFitter(start *gmm.Mixture, k int) (fitter, error) {
	return func(x *mat.Dense, iters int) (*gmm.Mixture, int, float64, error) {
		res, err := gmm.Fit(x, nil, k, &gmm.Settings{
			Covariance: start.CovarianceType(), MaxIter: iters, Tol: gmm.NoTol, Reg: gmm.NoReg,
			Init: gmm.InitMixture, Start: start, Workers: c.workers, NoLabels: true,
		})
		if err != nil {
			return nil, 0, 0, err
		}
		return res.Mixture, res.Iterations, 0, nil
	}, nil
}

// kmeansFitter runs gmm.KMeans from the workload's initial means for at most
// iters Lloyd iterations (it stops early when no label changes, as scikit-learn).
func (c *runConfig) kmeansFitter(w *workload) (fitter, error) {
	centres := mat.NewDense(w.K, w.D, nil)
	for i, m := range w.Init.Means {
		centres.SetRow(i, m)
	}
	return func(x *mat.Dense, iters int) (*gmm.Mixture, int, float64, error) {
		n, _ := x.Dims()
		res, err := gmm.KMeans(x, nil, w.K, &gmm.KMeansSettings{
			MaxIter: iters, Tol: -1, Centers: centres, Workers: c.workers,
		})
		if err != nil {
			return nil, 0, 0, err
		}
		return nil, res.Iterations, res.Inertia / float64(n), nil
	}, nil
}
