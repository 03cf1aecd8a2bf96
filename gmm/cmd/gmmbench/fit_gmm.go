package main

import (
	"errors"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// gmmFitter and kmeansFitter call the package's own Fit and KMeans: they are
// filled in once gmm.Fit exists.
func (c *runConfig) gmmFitter(start *gmm.Mixture, k int) (fitter, error) {
	return nil, errors.New("gmmbench: gmm.Fit is not available yet: use -impl proto")
}

func (c *runConfig) kmeansFitter(w *workload) (fitter, error) {
	_ = mat.NewDense
	return nil, errors.New("gmmbench: gmm.KMeans is not available yet")
}
