package gmm_test

import (
	"fmt"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// ExampleSelectModels compares three of mclust's models with one to three
// components on Old Faithful by BIC (lower is better).
func ExampleSelectModels() {
	rows, err := gmm.SelectModels(datasets.Faithful(), nil, []gmm.Model{gmm.EII, gmm.EEE, gmm.VVV}, []int{1, 2, 3}, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	best := rows[0]
	for _, r := range rows {
		if r.BIC < best.BIC {
			best = r
		}
	}
	fmt.Printf("best: %v with K = %d, log-likelihood %.2f, BIC %.2f\n", best.Model, best.K, best.LogLikelihood, best.BIC)
	// Output:
	// best: EEE with K = 3, log-likelihood -1126.32, BIC 2314.30
}

// ExampleHC cuts mclust's hierarchical agglomeration of Old Faithful at two
// clusters: the short and the long eruptions.
func ExampleHC() {
	h, err := gmm.HC(datasets.Faithful())
	if err != nil {
		fmt.Println(err)
		return
	}
	labels := h.Partition(2)
	sizes := make([]int, 2)
	for _, l := range labels {
		sizes[l]++
	}
	fmt.Println("cluster sizes:", sizes)
	// Output:
	// cluster sizes: [175 97]
}
