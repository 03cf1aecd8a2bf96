package gmm

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm/internal/assign"
)

// LabelAgreement returns the share of the points whose label equals their true
// label under the best one-to-one renaming of the label values: a clustering
// recovers the truth up to the names of its clusters, so
//
//	agreement = max over permutations σ of (1/N) Σ_i [σ(labels_i) = truth_i].
//
// The best σ maximises the trace of the k×k contingency table permuted, a linear
// assignment problem solved by the Hungarian algorithm (assign.Hungarian) in O(k³),
// not by trying all k! permutations. It panics, with a message that starts
// "gmm:", if the slices differ in length or are empty, or if a label lies outside
// [0, k).
func LabelAgreement(labels, truth []int, k int) float64 {
	if len(labels) != len(truth) || len(labels) == 0 {
		panic(fmt.Sprintf("gmm: label agreement of %d labels against %d true labels", len(labels), len(truth)))
	}
	counts := make([][]float64, k) // counts[a][b]: points labelled a whose true label is b
	for a := range counts {
		counts[a] = make([]float64, k)
	}
	for i, a := range labels {
		b := truth[i]
		if a < 0 || a >= k || b < 0 || b >= k {
			panic(fmt.Sprintf("gmm: label agreement: labels %d and %d at row %d outside [0, %d)", a, b, i, k))
		}
		counts[a][b]--
	}
	best := 0.0
	for a, b := range assign.Hungarian(counts) {
		best -= counts[a][b]
	}
	return best / float64(len(labels))
}

// meanOrder returns the order of m's components by coordinate j of their means:
// order[r] is the component of rank r, smallest first. It panics, with a message
// that starts "gmm:", if j is not in [0, Dim()).
func meanOrder(m *Mixture, j int) []int {
	if j < 0 || j >= m.Dim() {
		panic(fmt.Sprintf("gmm: mean coordinate %d of a %d-dimensional mixture", j, m.Dim()))
	}
	keys := make([]float64, m.K())
	for k := range keys {
		keys[k] = m.Mean(k)[j]
	}
	return orderOf(keys)
}

// orderOf returns the indices of keys in increasing order of their values, ties
// in index order.
func orderOf(keys []float64) []int {
	order := make([]int, len(keys))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]] < keys[order[b]] })
	return order
}

// SortComponents returns m with its components ordered by coordinate j of their
// means, smallest first: the same density with components numbered
// reproducibly, so that two fits of one data set can be compared component by
// component. The covariance type and the model are kept. It panics, with a message that starts "gmm:", if j is not in [0, Dim()).
func SortComponents(m *Mixture, j int) *Mixture {
	order := meanOrder(m, j)
	weights := make([]float64, m.K())
	means := make([][]float64, m.K())
	covs := make([]mat.Symmetric, m.K())
	for r, k := range order {
		weights[r], means[r], covs[r] = m.Weight(k), m.Mean(k), m.CovarianceMatrixTo(nil, k)
	}
	s, err := NewTyped(m.CovarianceType(), weights, means, covs)
	if err != nil { // the components of a valid mixture, reordered, are valid
		panic("gmm: sorting components: " + err.Error())
	}
	s.model = m.model
	return s
}

// Standardize returns x with every column shifted and scaled to mean 0 and
// population variance 1 (divided by N, as numpy's std and scikit-learn's
// StandardScaler): z_ij = (x_ij − mean_j) / sd_j. It returns an error for data
// CheckData rejects and for a constant column, which has no scale. Each column is
// first divided by the power of two nearest its largest magnitude, which is exact,
// so that the mean and spread neither overflow (values near 1e155 or 1e308) nor
// underflow (values near 1e-300).
func Standardize(x mat.Matrix) (*mat.Dense, error) {
	if err := CheckData(x); err != nil {
		return nil, err
	}
	n, d := x.Dims()
	z := mat.NewDense(n, d, nil)
	for j := range d {
		col := mat.Col(nil, j, x)
		if floats.Min(col) == floats.Max(col) {
			return nil, fmt.Errorf("gmm: standardize: column %d is constant (%g)", j, col[0])
		}
		_, e := math.Frexp(math.Max(-floats.Min(col), floats.Max(col)))
		for i, v := range col {
			col[i] = math.Ldexp(v, -e)
		}
		mean, sd := stat.PopMeanStdDev(col, nil)
		for i, v := range col {
			z.Set(i, j, (v-mean)/sd)
		}
	}
	return z, nil
}
