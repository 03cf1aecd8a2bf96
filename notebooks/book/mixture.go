package book

// Notebook 01 (article A): the article's mixture with its means pulled
// together (how many peaks are left?), the peaks of a density on a grid, and
// the sample estimates, with their standard errors, that the notebook sets
// against Mixture.Moments.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

// PullMeans returns m with every mean moved toward the mixture's mean
// μ̄ = Σ_k π_k μ_k by the factor f:
//
//	μ_k → μ̄ + f (μ_k − μ̄).
//
// The weights and covariances are m's, so μ̄ stays the mixture's mean and the
// between-component part of its covariance, Σ_k π_k (μ_k − μ̄)(μ_k − μ̄)ᵀ, is
// multiplied by f². f = 1 gives m's parameters back, f = 0 puts every mean on
// μ̄. It returns an error if m is nil or f is negative, NaN or infinite.
func PullMeans(m *gmm.Mixture, f float64) (*gmm.Mixture, error) {
	if m == nil {
		return nil, fmt.Errorf("book: no mixture to pull")
	}
	if !isFinite(f) || f < 0 {
		return nil, fmt.Errorf("book: pull factor %v is not a finite number >= 0", f)
	}
	center, _ := m.Moments()
	means := make([][]float64, m.K())
	covs := make([]mat.Symmetric, m.K())
	for k := range means {
		mu := m.Mean(k)
		for d := range mu {
			mu[d] = center[d] + f*(mu[d]-center[d])
		}
		means[k], covs[k] = mu, m.CovarianceMatrixTo(nil, k)
	}
	return gmm.NewTyped(m.CovarianceType(), m.Weights(), means, covs)
}

// neighbours are the offsets (column, row) of a grid point's eight neighbours.
var neighbours = [8][2]int{{-1, -1}, {-1, 0}, {-1, 1}, {0, -1}, {0, 1}, {1, -1}, {1, 0}, {1, 1}}

// Peaks counts g's inner points (not on its border) whose value is
// strictly higher than that of each of their eight neighbours: the local
// maxima of the density the grid samples, as far as the grid can see them.
// A plateau has no peak; a grid with fewer than three columns or rows has
// no inner point and so no peak.
func Peaks(g *gmmplot.Grid) int {
	cols, rows := g.Dims()
	n := 0
	for c := 1; c < cols-1; c++ {
		for r := 1; r < rows-1; r++ {
			if isPeak(g, c, r) {
				n++
			}
		}
	}
	return n
}

// isPeak reports whether the inner point (c, r) of g is higher than its eight neighbours.
func isPeak(g *gmmplot.Grid, c, r int) bool {
	for _, d := range neighbours {
		if !(g.Z(c, r) > g.Z(c+d[0], r+d[1])) {
			return false
		}
	}
	return true
}

// Estimate is a sample average and its standard error.
type Estimate struct {
	Mean   float64 // the average of the values
	StdErr float64 // their standard deviation (divisor N − 1) over √N
}

// MeanStdErr returns the average of v and its standard error, the standard
// deviation of v over √N, as stat.MeanStdDev computes it. It returns an
// error if v has fewer than two values or holds a NaN or an infinity.
func MeanStdErr(v []float64) (Estimate, error) {
	if len(v) < 2 {
		return Estimate{}, fmt.Errorf("book: a standard error needs at least 2 values, got %d", len(v))
	}
	for i, x := range v {
		if !isFinite(x) {
			return Estimate{}, fmt.Errorf("book: value %d is %v", i, x)
		}
	}
	mean, sd := stat.MeanStdDev(v, nil)
	return Estimate{Mean: mean, StdErr: sd / math.Sqrt(float64(len(v)))}, nil
}

// CentredProducts returns (x_ti − m_i)(x_tj − m_j) for each row t of x, where
// m_i and m_j are the means of columns i and j: their average is the sample
// covariance of the two columns with divisor N, and MeanStdErr of them gives
// its standard error. It returns an error if x is empty or holds a NaN or an
// infinity (gmm.CheckData), or if i or j is not a column of x.
func CentredProducts(x mat.Matrix, i, j int) ([]float64, error) {
	if err := gmm.CheckData(x); err != nil {
		return nil, err
	}
	if _, cols := x.Dims(); i < 0 || j < 0 || i >= cols || j >= cols {
		return nil, fmt.Errorf("book: columns %d and %d are not both in 0..%d", i, j, cols-1)
	}
	xi, xj := mat.Col(nil, i, x), mat.Col(nil, j, x)
	mi, mj := stat.Mean(xi, nil), stat.Mean(xj, nil)
	products := make([]float64, len(xi))
	for t := range products {
		products[t] = (xi[t] - mi) * (xj[t] - mj)
	}
	return products, nil
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }
