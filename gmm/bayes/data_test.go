package bayes

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// articleMeans are the true component means of article D's data.
var articleMeans = [][]float64{{0, 5}, {5, 0}, {8, 8}}

// articleData returns article D's data, the data set of the tests: 100 points
// from each of N((0, 5), I), N((5, 0), I) and N((8, 8), I), shuffled, and the
// component of each point. The parameters are fixed and valid: an error is a
// bug, hence the panic.
func articleData(src rand.Source) (*mat.Dense, []int) {
	covs := []mat.Symmetric{identity(2), identity(2), identity(2)}
	m, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, articleMeans, covs)
	if err != nil {
		panic(err)
	}
	x, labels, err := m.SampleCounts([]int{100, 100, 100}, src)
	if err != nil {
		panic(err)
	}
	return x, labels
}
