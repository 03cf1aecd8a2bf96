package bayesplot

import (
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/bayes"
	"gmmbook/gmm/gmmplot"
)

// twoChains is a K = 2, D = 2 fixed-covariance posterior: 2 chains of 2 draws,
// each row π_1 π_2 μ_1,1 μ_1,2 μ_2,1 μ_2,2.
func twoChains() *bayes.Posterior {
	return &bayes.Posterior{K: 2, D: 2, Draws: []*mat.Dense{
		mat.NewDense(2, 6, []float64{0.5, 0.5, 1, 2, 3, 4, 0.4, 0.6, 5, 6, 7, 8}),
		mat.NewDense(2, 6, []float64{0.3, 0.7, 9, 10, 11, 12, 0.2, 0.8, 13, 14, 15, 16}),
	}}
}

func TestMeanDrawsPointsAndColour(t *testing.T) {
	s, err := MeanDraws(twoChains(), 1)
	if err != nil {
		t.Fatal(err)
	}
	want := [][2]float64{{3, 4}, {7, 8}, {11, 12}, {15, 16}} // μ_2 of each draw, chain 1 then chain 2
	if len(s.XYs) != len(want) {
		t.Fatalf("%d points, want %d", len(s.XYs), len(want))
	}
	for i, p := range s.XYs {
		if p.X != want[i][0] || p.Y != want[i][1] {
			t.Errorf("point %d = (%v, %v), want %v", i, p.X, p.Y, want[i])
		}
	}
	if s.GlyphStyle.Color != gmmplot.Color(1) {
		t.Errorf("colour %v, want gmmplot.Color(1)", s.GlyphStyle.Color)
	}
}

func TestMeanDrawsErrors(t *testing.T) {
	if _, err := MeanDraws(twoChains(), 2); err == nil {
		t.Error("k = K: want an error")
	}
	if _, err := MeanDraws(twoChains(), -1); err == nil {
		t.Error("k = -1: want an error")
	}
	oneD := &bayes.Posterior{K: 2, D: 1, Draws: []*mat.Dense{mat.NewDense(1, 4, []float64{0.5, 0.5, 1, 2})}}
	if _, err := MeanDraws(oneD, 0); err == nil {
		t.Error("D = 1: want an error")
	}
	if _, err := MeanDraws(&bayes.Posterior{K: 2, D: 2}, 0); err == nil {
		t.Error("no draws: want an error")
	}
}
