package bayes_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
)

// Article D's model on article D's data: NUTS, the draws relabelled to the
// true means, and the posterior means set beside them.
func ExampleModel_NUTS() {
	x, _ := bayes.ArticleData(rand.NewPCG(2, 2))
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
	post = post.RelabelToMeans(bayes.ArticleMeans)
	_, means := post.Mean()
	for k, truth := range bayes.ArticleMeans {
		d := math.Hypot(means[k][0]-truth[0], means[k][1]-truth[1])
		fmt.Printf("truth %v: posterior mean within 0.5: %v\n", truth, d < 0.5)
	}
	fmt.Println("divergences:", res.Divergences(), "max R-hat < 1.01:", post.Summary().MaxRhat() < 1.01)
	// Output:
	// truth [0 5]: posterior mean within 0.5: true
	// truth [5 0]: posterior mean within 0.5: true
	// truth [8 8]: posterior mean within 0.5: true
	// divergences: 0 max R-hat < 1.01: true
}
