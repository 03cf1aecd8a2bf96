package assign

import (
	"slices"
	"testing"
)

func TestHungarianKnownCase(t *testing.T) {
	// The six permutations in lexicographic order cost 6, 11, 5, 9, 7 and 6:
	// the least, 1+2+2 = 5, takes rows 0, 1, 2 to columns 1, 0, 2.
	cost := [][]float64{{4, 1, 3}, {2, 0, 5}, {3, 2, 2}}
	if got := Hungarian(cost); !slices.Equal(got, []int{1, 0, 2}) {
		t.Fatalf("Hungarian = %v, want [1 0 2]", got)
	}
}

func TestHungarianPanicsOnBadInput(t *testing.T) {
	for _, cost := range [][][]float64{{{1, 2}}, {{1, 2}, {3}}} {
		func() {
			defer func() {
				if recover() == nil {
					t.Errorf("no panic for %v", cost)
				}
			}()
			Hungarian(cost)
		}()
	}
}
