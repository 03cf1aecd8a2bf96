package bayes

import (
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// twoChainPosterior returns a K = 2, D = 1 posterior with unknown
// covariances: 2 chains of 2 draws, each row π_1 π_2 μ_1 μ_2 Σ_1 Σ_2.
func twoChainPosterior() *Posterior {
	return &Posterior{K: 2, D: 1, Covariances: true, Draws: []*mat.Dense{
		mat.NewDense(2, 6, []float64{0.2, 0.8, -1, 3, 1, 2, 0.4, 0.6, -3, 5, 3, 4}),
		mat.NewDense(2, 6, []float64{0.3, 0.7, -2, 4, 2, 6, 0.5, 0.5, 0, 6, 2, 8}),
	}}
}

func TestMeanMixtureAveragesEveryParameter(t *testing.T) {
	m, err := twoChainPosterior().MeanMixture()
	if err != nil {
		t.Fatal(err)
	}
	// Averages of the four rows, column by column, computed by hand.
	wantW, wantMu, wantVar := []float64{0.35, 0.65}, []float64{-1.5, 4.5}, []float64{2, 5}
	for k := range 2 {
		if !scalar.EqualWithinAbs(m.Weight(k), wantW[k], 1e-12) {
			t.Errorf("weight %d: got %v, want %v", k, m.Weight(k), wantW[k])
		}
		if !scalar.EqualWithinAbs(m.Mean(k)[0], wantMu[k], 1e-12) {
			t.Errorf("mean %d: got %v, want %v", k, m.Mean(k)[0], wantMu[k])
		}
		if v := m.CovarianceMatrix(k, nil).At(0, 0); !scalar.EqualWithinAbs(v, wantVar[k], 1e-12) {
			t.Errorf("variance %d: got %v, want %v", k, v, wantVar[k])
		}
	}
}

func TestMeanMixtureUsesFixedCovariances(t *testing.T) {
	fixed := []*mat.SymDense{mat.NewSymDense(1, []float64{0.5}), mat.NewSymDense(1, []float64{4})}
	p := &Posterior{K: 2, D: 1, Fixed: fixed, Draws: []*mat.Dense{
		mat.NewDense(2, 4, []float64{0.1, 0.9, 1, 2, 0.3, 0.7, 3, 6}),
	}}
	m, err := p.MeanMixture()
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float64{0.5, 4} {
		if v := m.CovarianceMatrix(k, nil).At(0, 0); v != want {
			t.Errorf("variance %d: got %v, want the fixed %v", k, v, want)
		}
	}
	if got := m.Mean(1)[0]; !scalar.EqualWithinAbs(got, 4, 1e-12) {
		t.Errorf("mean 2: got %v, want 4", got)
	}
}

func TestMeanMixtureErrors(t *testing.T) {
	if _, err := (&Posterior{K: 2, D: 1, Covariances: true}).MeanMixture(); err == nil {
		t.Error("no draws: want an error")
	}
	p := twoChainPosterior()
	p.Draws[0].Set(0, 4, -50) // drives the mean of Σ_1 negative
	if _, err := p.MeanMixture(); err == nil || !strings.Contains(err.Error(), "bayes: posterior mean mixture") {
		t.Errorf("negative mean variance: error %v, want a posterior mean mixture error", err)
	}
}
