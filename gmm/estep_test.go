package gmm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestStartResponsibilitiesAreFitsStart: for every initialisation, the means of
// the responsibilities StartResponsibilities returns are those of the mixture Fit
// starts from with the same source (for InitRandomPoints, whose start is not made
// from responsibilities, the responsibilities are those of that start).
func TestStartResponsibilitiesAreFitsStart(t *testing.T) {
	x := datasets.Faithful()
	for _, init := range []gmm.Init{gmm.InitKMeans, gmm.InitKMeansPlusPlus, gmm.InitRandomResponsibilities, gmm.InitRandomPoints} {
		var start *gmm.Mixture
		_, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: init, Src: rand.NewPCG(5, 6),
			Hook: func(it gmm.Iteration) bool { start = it.Mixture; return true }})
		if err != nil {
			t.Fatal(err)
		}
		resp, err := gmm.StartResponsibilities(x, nil, 3, &gmm.Settings{Init: init, Src: rand.NewPCG(5, 6)})
		if err != nil {
			t.Fatal(err)
		}
		if init == gmm.InitRandomPoints {
			if !mat.EqualApprox(resp, start.ResponsibilitiesTo(nil, x), 1e-15) {
				t.Errorf("%v: responsibilities are not those of Fit's start", init)
			}
			continue
		}
		st := gmm.ResponsibilityStatistics(x, nil, resp, true)
		for k := 0; k < 3; k++ {
			for j, v := range start.Mean(k) {
				if math.Abs(st.Means[k][j]-v) > 1e-12*math.Abs(v) {
					t.Errorf("%v: component %d mean %v, Fit's start %v", init, k, st.Means[k], start.Mean(k))
				}
			}
		}
	}
}

// TestEStepStatistics: the statistics of an E-step are the sums over the
// responsibilities of Mixture.ResponsibilitiesTo, computed here directly.
func TestEStepStatistics(t *testing.T) {
	x := datasets.Faithful()
	r, err := gmm.Fit(x, nil, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	e, err := gmm.NewEStep(x, nil, 2, true, 2)
	if err != nil {
		t.Fatal(err)
	}
	st := e.Run(r.Mixture)
	resp := r.Mixture.ResponsibilitiesTo(nil, x)
	n, d := x.Dims()
	for k := 0; k < 2; k++ {
		var nk float64
		mean := make([]float64, d)
		for i := 0; i < n; i++ {
			nk += resp.At(i, k)
			for j := 0; j < d; j++ {
				mean[j] += resp.At(i, k) * x.At(i, j)
			}
		}
		for j := range mean {
			mean[j] /= nk
		}
		s := mat.NewSymDense(d, nil)
		for i := 0; i < n; i++ {
			diff := mat.NewVecDense(d, []float64{x.At(i, 0) - mean[0], x.At(i, 1) - mean[1]})
			s.SymRankOne(s, resp.At(i, k), diff)
		}
		if math.Abs(st.N[k]-nk) > 1e-12*nk || math.Abs(st.Means[k][1]-mean[1]) > 1e-12*mean[1] ||
			!mat.EqualApprox(st.Scatters[k], s, 1e-10*mat.Norm(s, 1)) {
			t.Errorf("component %d: N %v, mean %v, scatter %v; want %v, %v, %v", k, st.N[k], st.Means[k], st.Scatters[k], nk, mean, s)
		}
	}
	if math.Abs(st.LogLikelihood-r.LogLikelihood) > 1e-12*math.Abs(r.LogLikelihood) {
		t.Errorf("log-likelihood %v, Fit's %v", st.LogLikelihood, r.LogLikelihood)
	}
}
