package bayes_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
)

// Article D's model on article D's data: NUTS, the draws relabelled to the
// true means, and the posterior means set beside them.
func ExampleModel_NUTS() {
	// Article D's data: 100 points from each of N((0, 5), I), N((5, 0), I) and N((8, 8), I).
	truth := [][]float64{{0, 5}, {5, 0}, {8, 8}}
	id := mat.NewDiagDense(2, []float64{1, 1})
	mix, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, truth, []mat.Symmetric{id, id, id})
	if err != nil {
		fmt.Println(err)
		return
	}
	x, _, err := mix.SampleCounts([]int{100, 100, 100}, rand.NewPCG(2, 2))
	if err != nil {
		fmt.Println(err)
		return
	}
	model, err := bayes.NewModel(x, 3, nil, nil) // Σ_k = I, π ~ Dir(1, 1, 1), μ_k ~ N(0, I)
	if err != nil {
		fmt.Println(err)
		return
	}
	post, res, err := model.NUTS(&mcmc.Settings{Chains: 2, Warmup: 500, Draws: 500, Src: rand.NewPCG(1, 1)}, bayes.InitDispersed)
	if err != nil {
		fmt.Println(err)
		return
	}
	post = post.RelabelToMeans(truth)
	_, means, err := post.Mean()
	if err != nil {
		fmt.Println(err)
		return
	}
	for k, mu := range truth {
		d := math.Hypot(means[k][0]-mu[0], means[k][1]-mu[1])
		fmt.Printf("truth %v: posterior mean within 0.5: %v\n", mu, d < 0.5)
	}
	sum, err := post.Summary()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("divergences:", res.Divergences(), "max R-hat < 1.01:", sum.MaxRhat() < 1.01)
	// Output:
	// truth [0 5]: posterior mean within 0.5: true
	// truth [5 0]: posterior mean within 0.5: true
	// truth [8 8]: posterior mean within 0.5: true
	// divergences: 0 max R-hat < 1.01: true
}
