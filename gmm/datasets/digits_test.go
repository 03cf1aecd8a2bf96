package datasets

import (
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

func TestDigits(t *testing.T) {
	x, labels := Digits()
	n, d := x.Dims()
	if n != 1797 || d != 64 || len(labels) != n {
		t.Fatalf("Digits is %d×%d with %d labels, want 1797×64 with 1797", n, d, len(labels))
	}
	// From testdata/sklearn_datasets.py (scikit-learn's load_digits).
	counts := make([]int, 10)
	for _, l := range labels {
		counts[l]++
	}
	if want := []int{178, 182, 177, 183, 181, 182, 181, 179, 174, 180}; !slices.Equal(counts, want) {
		t.Errorf("label counts %v, want %v", counts, want)
	}
	if s := mat.Sum(x); s != 561718 {
		t.Errorf("pixel sum %v, want 561718", s)
	}
	if s := mat.Sum(x.RowView(1796)); s != 392 || labels[1796] != 8 {
		t.Errorf("last row: sum %v label %d, want 392 and 8", s, labels[1796])
	}
	for _, c := range []struct {
		col  int
		mean float64
	}{{20, 7.09794101279911}, {36, 10.301613800779077}} {
		if m := stat.Mean(mat.Col(nil, c.col, x), nil); math.Abs(m-c.mean) > 1e-12 {
			t.Errorf("column %d mean %v, want %v", c.col, m, c.mean)
		}
	}
	if mat.Min(x) != 0 || mat.Max(x) != 16 {
		t.Errorf("pixels in [%v, %v], want [0, 16]", mat.Min(x), mat.Max(x))
	}
}

func TestReadDigitsBadInput(t *testing.T) {
	if _, _, err := readDigits(strings.NewReader("not gzip")); err == nil {
		t.Error("plain text: no error")
	}
}
