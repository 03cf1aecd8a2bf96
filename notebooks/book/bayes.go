package book

// Notebook 04 (article D): the article's data, and the group means and
// covariances a method that knew every label would estimate.

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
)

// ArticleDMeans are the true component means of article D's data.
var ArticleDMeans = [][]float64{{0, 5}, {5, 0}, {8, 8}}

// ArticleDData returns article D's data: 100 points from each of N((0, 5), I),
// N((5, 0), I) and N((8, 8), I), shuffled, and the component of each point.
func ArticleDData(src rand.Source) (*mat.Dense, []int) {
	id := mat.NewDiagDense(2, []float64{1, 1})
	covs := []mat.Symmetric{id, id, id}
	m, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, ArticleDMeans, covs)
	if err != nil {
		panic("book: article mixture: " + err.Error()) // fixed valid parameters
	}
	x, labels, err := m.SampleCounts([]int{100, 100, 100}, src)
	if err != nil {
		panic("book: article sample: " + err.Error()) // counts match K
	}
	return x, labels
}

// GroupMeans returns the mean of the rows of x (n × d) in each of the k groups
// given by labels (one label in [0, k) per row): the estimate a method that
// knew every point's component would return, for comparison with a posterior.
// It returns an error if labels has the wrong length, a label is out of range
// or a group is empty.
func GroupMeans(x mat.Matrix, labels []int, k int) ([][]float64, error) {
	n, d := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("book: %d labels for %d rows", len(labels), n)
	}
	sums, counts := make([][]float64, k), make([]float64, k)
	for g := range sums {
		sums[g] = make([]float64, d)
	}
	for i, g := range labels {
		if g < 0 || g >= k {
			return nil, fmt.Errorf("book: label %d of row %d outside [0, %d)", g, i, k)
		}
		counts[g]++
		for j := range d {
			sums[g][j] += x.At(i, j)
		}
	}
	for g := range sums {
		if counts[g] == 0 {
			return nil, fmt.Errorf("book: group %d has no rows", g)
		}
		for j := range sums[g] {
			sums[g][j] /= counts[g]
		}
	}
	return sums, nil
}

// GroupCovariances returns the sample covariance (divisor n_g − 1, as
// stat.CovarianceMatrix) of the rows of x (n × d) in each of the k groups given
// by labels (one label in [0, k) per row): what the posterior means of the Σ_k
// should come close to under a weak prior. It returns an error if labels has
// the wrong length, a label is out of range or a group has fewer than 2 rows.
func GroupCovariances(x mat.Matrix, labels []int, k int) ([]*mat.SymDense, error) {
	n, d := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("book: %d labels for %d rows", len(labels), n)
	}
	rows := make([][]int, k)
	for i, g := range labels {
		if g < 0 || g >= k {
			return nil, fmt.Errorf("book: label %d of row %d outside [0, %d)", g, i, k)
		}
		rows[g] = append(rows[g], i)
	}
	covs := make([]*mat.SymDense, k)
	for g, r := range rows {
		if len(r) < 2 {
			return nil, fmt.Errorf("book: group %d has %d rows, need 2 for a covariance", g, len(r))
		}
		group := mat.NewDense(len(r), d, nil)
		for j, i := range r {
			for c := range d {
				group.Set(j, c, x.At(i, c))
			}
		}
		covs[g] = mat.NewSymDense(d, nil)
		stat.CovarianceMatrix(covs[g], group, nil)
	}
	return covs, nil
}

// nutsRun is what CachedNUTS keeps of a run: the posterior's draws and the
// sampler's chains, all gob-encodable.
type nutsRun struct {
	Draws  []*mat.Dense
	Result *mcmc.Result
}

// CachedNUTS returns model.NUTS(s, init), run once per kernel session under
// key (see Cached): the cells of notebook 04 that all read the same long run
// share one. It panics if the sampler returns an error.
func CachedNUTS(key string, model *bayes.Model, s *mcmc.Settings, init bayes.Init) (
	*bayes.Posterior, *mcmc.Result) {
	run := Cached(key, func() nutsRun {
		post, res := Must2(model.NUTS(s, init))
		return nutsRun{Draws: post.Draws, Result: res}
	})
	fixed := make([]*mat.SymDense, model.K())
	for k := range fixed {
		fixed[k] = model.Covariance(k)
	}
	post := &bayes.Posterior{K: model.K(), D: model.D(), Fixed: fixed, Draws: run.Draws}
	return post, run.Result
}
