package book

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gmmbook/gmm"
)

func TestSteerSigma2(t *testing.T) {
	// 10^(pos/4 − 4): the ends and σ² = 1 at position 16.
	for pos, want := range map[int]float64{0: 1e-4, 16: 1, 20: 10} {
		if got := SteerSigma2(pos); math.Abs(got-want) > 1e-12*want {
			t.Errorf("SteerSigma2(%d) = %v, want %v", pos, got, want)
		}
	}
}

// At the smallest σ² EM with fixed σ²I and equal weights is Lloyd's k-means
// from the same centres (gmm.KMeans, the independent algorithm): the same
// labels and the same centres; at σ² = 10 the responsibilities are soft.
func TestSteerSoftKMeansLimit(t *testing.T) {
	x := SteerFaithful()
	centres, err := SteerCentres(x)
	if err != nil {
		t.Fatal(err)
	}
	km, err := gmm.KMeans(x, nil, SteerSigmaK, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	r, err := SteerSoftKMeans(x, centres, SteerSigma2(0))
	if err != nil {
		t.Fatal(err)
	}
	agree, hard := steerAgreement(r.Mixture.ResponsibilitiesTo(nil, x), km.Labels)
	if agree != 1 || hard < 1-1e-9 {
		t.Errorf("σ² = 1e-4: agreement %v, mean max γ %v; want 1 and 1", agree, hard)
	}
	for k := 0; k < SteerSigmaK; k++ {
		mu, c := r.Mixture.Mean(k), km.Centers.RawRowView(k)
		if math.Abs(mu[0]-c[0]) > 1e-6 || math.Abs(mu[1]-c[1]) > 1e-6 {
			t.Errorf("mean %d = %v, k-means centre %v", k, mu, c)
		}
	}
	soft, err := SteerSoftKMeans(x, centres, SteerSigma2(SteerSigmaPositions-1))
	if err != nil {
		t.Fatal(err)
	}
	if _, hard := steerAgreement(soft.Mixture.ResponsibilitiesTo(nil, x), km.Labels); hard > 0.9 {
		t.Errorf("σ² = 10: mean max γ %v, want soft (< 0.9)", hard)
	}
}

func TestSteerEMRunAndFrames(t *testing.T) {
	x := SteerFaithful()
	states, err := SteerEMRun(x)
	if err != nil {
		t.Fatal(err)
	}
	if len(states) < 3 || states[0].Iter != 0 {
		t.Fatalf("%d states, first iteration %d", len(states), states[0].Iter)
	}
	// EM never lowers the log-likelihood.
	for i := 1; i < len(states); i++ {
		if states[i].LogLikelihood < states[i-1].LogLikelihood-1e-9 {
			t.Errorf("log-likelihood fell at iteration %d: %v → %v", i, states[i-1].LogLikelihood, states[i].LogLikelihood)
		}
	}
	last := len(states) - 1
	p, err := SteerFramePlot(x, states, last)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(p.Title.Text, "EM iteration ") {
		t.Errorf("title %q", p.Title.Text)
	}
	if _, err := SteerFramePlot(x, states, last+1); err == nil {
		t.Error("frame past the end: no error")
	}
}

func TestSteerKPlotAndNewData(t *testing.T) {
	x := SteerFaithful()
	for _, k := range []int{1, 4, SteerMaxK} {
		p, err := SteerKPlot(x, k)
		if err != nil {
			t.Fatalf("K = %d: %v", k, err)
		}
		if !strings.HasPrefix(p.Title.Text, "K = ") {
			t.Errorf("title %q", p.Title.Text)
		}
	}
	same, err := SteerNewData(0)
	if err != nil || !slices.Equal(same.RawMatrix().Data, x.RawMatrix().Data) {
		t.Errorf("data set 0 is not Old Faithful (err %v)", err)
	}
	a, _ := SteerNewData(1)
	b, _ := SteerNewData(1)
	c, _ := SteerNewData(2)
	if !slices.Equal(a.RawMatrix().Data, b.RawMatrix().Data) || slices.Equal(a.RawMatrix().Data, c.RawMatrix().Data) {
		t.Error("data sets: the same seed must repeat, another must differ")
	}
}
