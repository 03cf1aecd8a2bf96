package bayes

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
)

// GroupMeans returns the mean of the rows of x (n × d) in each of the k groups
// given by labels (one label in [0, k) per row): the estimate a method that
// knew every point's component would return, for comparison with a posterior.
// It returns an error if labels has the wrong length, a label is out of range
// or a group is empty.
func GroupMeans(x mat.Matrix, labels []int, k int) ([][]float64, error) {
	n, d := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("bayes: %d labels for %d rows", len(labels), n)
	}
	sums, counts := make([][]float64, k), make([]float64, k)
	for g := range sums {
		sums[g] = make([]float64, d)
	}
	for i, g := range labels {
		if g < 0 || g >= k {
			return nil, fmt.Errorf("bayes: label %d of row %d outside [0, %d)", g, i, k)
		}
		counts[g]++
		for j := range d {
			sums[g][j] += x.At(i, j)
		}
	}
	for g := range sums {
		if counts[g] == 0 {
			return nil, fmt.Errorf("bayes: group %d has no rows", g)
		}
		for j := range sums[g] {
			sums[g][j] /= counts[g]
		}
	}
	return sums, nil
}

// MeanMixture returns the mixture at the posterior means: weights and means
// from Mean, and the known covariances (fixed-covariance model) or the
// posterior means of the Σ_k (unknown-covariance model). Like Mean, it is
// meaningful only once the draws share one labelling. It returns an error if
// the draws are empty or the averaged parameters are not a valid mixture.
func (p *Posterior) MeanMixture() (*gmm.Mixture, error) {
	if p.NumDraws() == 0 {
		return nil, fmt.Errorf("bayes: no draws")
	}
	w, mu := p.Mean()
	covs := make([]mat.Symmetric, p.K)
	for k := range covs {
		if p.Covariances {
			covs[k] = p.meanCovariance(k)
		} else {
			covs[k] = p.Fixed[k]
		}
	}
	m, err := gmm.New(w, mu, covs)
	if err != nil {
		return nil, fmt.Errorf("bayes: posterior mean mixture: %w", err)
	}
	return m, nil
}

// meanCovariance returns the average over all draws of Σ_k.
func (p *Posterior) meanCovariance(k int) *mat.SymDense {
	t := triangle(p.D)
	sum := make([]float64, t)
	for _, d := range p.Draws {
		r, _ := d.Dims()
		for i := 0; i < r; i++ {
			for j, v := range d.RawRowView(i)[p.covCol(k) : p.covCol(k)+t] {
				sum[j] += v
			}
		}
	}
	for j := range sum {
		sum[j] /= float64(p.NumDraws())
	}
	return unpackTriangle(sum, p.D)
}

// GroupCovariances returns the sample covariance (divisor n_g − 1, as
// stat.CovarianceMatrix) of the rows of x (n × d) in each of the k groups given
// by labels (one label in [0, k) per row): what the posterior means of the Σ_k
// should come close to under a weak prior. It returns an error if labels has
// the wrong length, a label is out of range or a group has fewer than 2 rows.
func GroupCovariances(x mat.Matrix, labels []int, k int) ([]*mat.SymDense, error) {
	n, d := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("bayes: %d labels for %d rows", len(labels), n)
	}
	rows := make([][]int, k)
	for i, g := range labels {
		if g < 0 || g >= k {
			return nil, fmt.Errorf("bayes: label %d of row %d outside [0, %d)", g, i, k)
		}
		rows[g] = append(rows[g], i)
	}
	covs := make([]*mat.SymDense, k)
	for g, r := range rows {
		if len(r) < 2 {
			return nil, fmt.Errorf("bayes: group %d has %d rows, need 2 for a covariance", g, len(r))
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
