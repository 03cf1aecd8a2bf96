package datasets

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestFaithful(t *testing.T) {
	x := Faithful()
	n, d := x.Dims()
	if n != 272 || d != 2 {
		t.Fatalf("Faithful is %d×%d, want 272×2", n, d)
	}
	// Values calculated by R 4.2.2 with
	// sapply(faithful, mean); sapply(faithful, sd); faithful[c(1, 272), ].
	for _, c := range []struct {
		col      int
		mean, sd float64
	}{
		{0, 3.487783088235294, 1.1413712511052083},
		{1, 70.897058823529406, 13.594973789999392},
	} {
		col := x.ColView(c.col)
		data := make([]float64, n)
		for i := range data {
			data[i] = col.AtVec(i)
		}
		mean, sd := stat.MeanStdDev(data, nil)
		if math.Abs(mean-c.mean) > 1e-12 || math.Abs(sd-c.sd) > 1e-12 {
			t.Errorf("column %d: mean %v sd %v, want %v %v", c.col, mean, sd, c.mean, c.sd)
		}
	}
	if x.At(0, 0) != 3.6 || x.At(0, 1) != 79 || x.At(271, 0) != 4.467 || x.At(271, 1) != 74 {
		t.Errorf("first and last rows %v %v, want [3.6 79] [4.467 74]", x.RawRowView(0), x.RawRowView(271))
	}
}
