package datasets

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

func TestIris(t *testing.T) {
	x := Iris()
	n, d := x.Dims()
	if n != 150 || d != 4 {
		t.Fatalf("Iris is %d×%d, want 150×4", n, d)
	}
	// Values calculated by R 4.2.2 with sapply(iris[, 1:4], mean) and
	// sapply(iris[, 1:4], sd).
	means := []float64{5.843333333333334, 3.057333333333333, 3.758000000000000, 1.199333333333333}
	sds := []float64{0.8280661279778629, 0.4358662849366982, 1.7652982332594664, 0.7622376689603465}
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		for i := range col {
			col[i] = x.At(i, j)
		}
		mean, sd := stat.MeanStdDev(col, nil)
		if math.Abs(mean-means[j]) > 1e-12 || math.Abs(sd-sds[j]) > 1e-12 {
			t.Errorf("column %d: mean %v sd %v, want %v %v", j, mean, sd, means[j], sds[j])
		}
	}
	species := IrisSpecies()
	counts := make([]int, 3)
	for _, s := range species {
		counts[s]++
	}
	if len(species) != 150 || counts[0] != 50 || counts[1] != 50 || counts[2] != 50 || species[0] != 0 || species[149] != 2 {
		t.Errorf("species counts %v, first %d, last %d", counts, species[0], species[149])
	}
}
