package bayes

import (
	"errors"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
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
		if v := m.CovarianceMatrixTo(nil, k).At(0, 0); !scalar.EqualWithinAbs(v, wantVar[k], 1e-12) {
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
		if v := m.CovarianceMatrixTo(nil, k).At(0, 0); v != want {
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

// swappedChains is a K = 2, D = 1 posterior whose second chain names the
// components the other way round: π and μ of component 1 in chain 1 are those
// of component 2 in chain 2.
func swappedChains() *Posterior {
	return &Posterior{K: 2, D: 1, Draws: []*mat.Dense{
		mat.NewDense(4, 4, []float64{0.3, 0.7, -5, 5, 0.32, 0.68, -5.1, 4.9, 0.29, 0.71, -4.9, 5.1, 0.31, 0.69, -5, 5}),
		mat.NewDense(4, 4, []float64{0.69, 0.31, 5.2, -4.8, 0.7, 0.3, 5, -5, 0.72, 0.28, 4.9, -5.2, 0.68, 0.32, 5.1, -4.9}),
	}}
}

func TestSwitchedLabelsAreRefused(t *testing.T) {
	p := swappedChains()
	if n := p.Switched(); n != 4 {
		t.Errorf("Switched = %d, want the 4 draws of chain 2", n)
	}
	if _, _, err := p.Mean(); !errors.Is(err, ErrLabelSwitching) {
		t.Errorf("Mean: error %v, want ErrLabelSwitching", err)
	}
	if _, err := p.MeanMixture(); !errors.Is(err, ErrLabelSwitching) {
		t.Errorf("MeanMixture: error %v, want ErrLabelSwitching", err)
	}
	if _, err := p.Summary(); !errors.Is(err, ErrLabelSwitching) {
		t.Errorf("Summary: error %v, want ErrLabelSwitching", err)
	}
	q := p.RelabelByMean(0)
	w, mu, err := q.Mean()
	if err != nil {
		t.Fatal(err)
	}
	// Averages of the eight draws once μ_1 < μ_2, by hand.
	if want := (0.3 + 0.32 + 0.29 + 0.31 + 0.31 + 0.3 + 0.28 + 0.32) / 8; math.Abs(w[0]-want) > 1e-15 {
		t.Errorf("π_1 = %v, want %v", w[0], want)
	}
	if want := (-5 - 5.1 - 4.9 - 5 - 4.8 - 5 - 5.2 - 4.9) / 8.0; math.Abs(mu[0][0]-want) > 1e-14 {
		t.Errorf("μ_1 = %v, want %v", mu[0][0], want)
	}
}

func TestSwitchedIsZeroForOneLabelling(t *testing.T) {
	p := swappedChains().RelabelByMean(0)
	p.Relabelling = "" // the draws now share one labelling: nothing to refuse
	if n := p.Switched(); n != 0 {
		t.Errorf("Switched = %d, want 0", n)
	}
	if _, err := p.Summary(); err != nil {
		t.Error(err)
	}
}

func TestSummaryParamByName(t *testing.T) {
	p := swappedChains().RelabelByMean(0)
	sum, err := p.Summary()
	if err != nil {
		t.Fatal(err)
	}
	for col, name := range []string{WeightName(0), WeightName(1), MeanName(0, 0), MeanName(1, 0)} {
		got, err := sum.Param(name)
		if err != nil {
			t.Fatal(err)
		}
		want := stat.Mean(append(mat.Col(nil, col, p.Draws[0]), mat.Col(nil, col, p.Draws[1])...), nil)
		if got.Name != name || math.Abs(got.Mean-want) > 1e-15 {
			t.Errorf("%s: %s mean %v, want column %d's mean %v", name, got.Name, got.Mean, col, want)
		}
	}
	if _, err := sum.Param(CovarianceName(0, 0, 0)); err == nil {
		t.Error("a fixed-covariance summary has no Sigma: want an error")
	}
	if got := CovarianceName(1, 1, 0); got != "Sigma[2,2,1]" {
		t.Errorf("CovarianceName(1, 1, 0) = %q", got)
	}
}
