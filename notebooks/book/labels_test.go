package book

import (
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

func TestRankLabels(t *testing.T) {
	// Keys 5, −1, 2: label 1 ranks first, then 2, then 0 (by hand).
	got, err := RankLabels([]int{0, 1, 2, 2, 0}, []float64{5, -1, 2})
	if err != nil {
		t.Fatal(err)
	}
	if want := []int{2, 0, 1, 1, 2}; !slices.Equal(got, want) {
		t.Errorf("RankLabels %v, want %v", got, want)
	}
}

// TestRankLabelsNumbersAsSortComponents: labelling points by their most likely
// component and then ranking the labels by the means' first coordinate gives
// the labels of the mixture with its components sorted by gmm.SortComponents.
func TestRankLabelsNumbersAsSortComponents(t *testing.T) {
	m := articleA()
	x := mat.NewDense(4, 2, []float64{0, 5, 5, -10, -10, -5, 1, 4})
	labels := m.LabelsTo(nil, x)
	keys := []float64{m.Mean(0)[0], m.Mean(1)[0], m.Mean(2)[0]}
	got, err := RankLabels(labels, keys)
	if err != nil {
		t.Fatal(err)
	}
	if want := gmm.SortComponents(m, 0).LabelsTo(nil, x); !slices.Equal(got, want) {
		t.Errorf("RankLabels %v, SortComponents' labels %v", got, want)
	}
}

func TestRankLabelsRejectsOutOfRange(t *testing.T) {
	for _, l := range []int{-1, 3} {
		if got, err := RankLabels([]int{0, l}, []float64{1, 2, 3}); err == nil {
			t.Errorf("label %d: no error, got %v", l, got)
		}
	}
}
