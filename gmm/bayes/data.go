package bayes

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// ArticleMeans are the true component means of article D's data.
var ArticleMeans = [][]float64{{0, 5}, {5, 0}, {8, 8}}

// ArticleData returns article D's data: 100 points from each of N((0, 5), I),
// N((5, 0), I) and N((8, 8), I), shuffled, and the component of each point.
func ArticleData(src rand.Source) (*mat.Dense, []int) {
	covs := []mat.Symmetric{identity(2), identity(2), identity(2)}
	m, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, ArticleMeans, covs)
	if err != nil {
		panic("bayes: article mixture: " + err.Error()) // fixed valid parameters
	}
	x, labels, err := m.SampleCounts([]int{100, 100, 100}, src)
	if err != nil {
		panic("bayes: article sample: " + err.Error()) // counts match K
	}
	return x, labels
}
