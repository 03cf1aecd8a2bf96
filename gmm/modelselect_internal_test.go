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

// TestSelectModelsWorkers checks that SelectModels' rows are the same bit for
// bit whether its fits run one at a time or several at once.
func TestSelectModelsWorkers(t *testing.T) {
	set := mclustSets(t)[1]
	models, ks := []Model{EEV, VVI}, []int{1, 2, 3}
	var first []ModelFit
	for _, workers := range []int{1, 3} {
		rows, err := SelectModels(set.x, nil, models, ks, &SelectSettings{Restarts: 2, Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first = rows
			continue
		}
		for i, r := range rows {
			f := first[i]
			if r.LogLikelihood != f.LogLikelihood || r.BIC != f.BIC || r.ICL != f.ICL || r.Converged != f.Converged {
				t.Errorf("%v K = %d: workers 3 give %v, workers 1 %v", r.Model, r.K, r, f)
			}
		}
	}
}
