package gmm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// TestDataScale checks dataScale against gonum's stat.Variance of each column
// (the reference it replaces), on data with a large offset.
func TestDataScale(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	n, d := 257, 7
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			x.Set(i, j, 1e6+float64(j+1)*rng.NormFloat64())
		}
	}
	var want float64
	for j := 0; j < d; j++ {
		want += stat.Variance(mat.Col(nil, j, x), nil)
	}
	want /= float64(d)
	if got := dataScale(x); math.Abs(got-want) > 1e-12*want {
		t.Errorf("dataScale %v, stat.Variance's mean %v", got, want)
	}
}
