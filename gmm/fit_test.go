package gmm_test

import (
	"testing"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestFitMonotone checks EM's defining property: the log-likelihood never
// decreases from one iteration to the next (plain maximum likelihood, NoReg).
func TestFitMonotone(t *testing.T) {
	x := datasets.Faithful()
	for _, ct := range gmm.CovarianceTypes() {
		for _, init := range []gmm.Init{gmm.InitKMeans, gmm.InitRandomResponsibilities, gmm.InitRandomPoints} {
			var hooked []float64
			r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Init: init, Reg: gmm.NoReg, Tol: 1e-9, MaxIter: 300,
				Hook: func(it gmm.Iteration) bool { hooked = append(hooked, it.LogLikelihood); return false }})
			if err != nil {
				t.Fatalf("%v %v: %v", ct, init, err)
			}
			checkMonotone(t, ct.String()+" "+init.String(), r.History)
			if len(hooked) != len(r.History) || hooked[len(hooked)-1] != r.LogLikelihood {
				t.Errorf("%v %v: hook saw %d log-likelihoods, history has %d", ct, init, len(hooked), len(r.History))
			}
		}
	}
}

func checkMonotone(t *testing.T, name string, history []float64) {
	t.Helper()
	for i := 1; i < len(history); i++ {
		// Rounding of a sum of N ≈ 300 terms of size ≈ 4: a few 1e-12 relative.
		if history[i] < history[i-1]-1e-10*(1+abs(history[i-1])) {
			t.Errorf("%s: log-likelihood fell at iteration %d: %.15g → %.15g", name, i, history[i-1], history[i])
		}
	}
}

func abs(v float64) float64 {
	if v < 0 {
		return -v
	}
	return v
}
