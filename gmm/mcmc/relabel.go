package mcmc

import (
	"fmt"
	"gmmbook/gmm/internal/assign"
	"sort"

	"gonum.org/v1/gonum/mat"
)

// Layout names the columns of the exchangeable components in a draw, for
// relabelling: Layout[k][j] is the column of parameter j of component k. Every
// component has the same number of parameters, in the same order.
type Layout [][]int

// check panics unless the layout is rectangular and its columns lie in [0, cols).
func (l Layout) check(cols int) {
	if len(l) == 0 || len(l[0]) == 0 {
		panic("mcmc: empty layout")
	}
	for _, comp := range l {
		if len(comp) != len(l[0]) {
			panic("mcmc: layout components of unequal size")
		}
		for _, c := range comp {
			if c < 0 || c >= cols {
				panic("mcmc: layout column out of range")
			}
		}
	}
}

// permute writes into dst the draw row with component perm[k] moved to place k.
func (l Layout) permute(dst, row []float64, perm []int) {
	copy(dst, row)
	for k, comp := range l {
		for j, c := range comp {
			dst[c] = row[l[perm[k]][j]]
		}
	}
}

// relabel applies choose(row) to every draw of every chain and returns new
// matrices and the number of draws whose components changed place.
func relabel(draws []*mat.Dense, layout Layout, choose func(row []float64) []int) ([]*mat.Dense, int) {
	out := make([]*mat.Dense, len(draws))
	changed := 0
	for c, d := range draws {
		r, cols := d.Dims()
		layout.check(cols)
		out[c] = mat.NewDense(r, cols, nil)
		row := make([]float64, cols)
		dst := make([]float64, cols)
		for i := 0; i < r; i++ {
			mat.Row(row, i, d)
			perm := choose(row)
			for k, p := range perm {
				if p != k {
					changed++
					break
				}
			}
			layout.permute(dst, row, perm)
			out[c].SetRow(i, dst)
		}
	}
	return out, changed
}

// RelabelByParameter reorders the components of every draw so that parameter j
// (an index into each Layout entry) increases with the component index — an
// identifiability constraint such as μ_1,x < μ_2,x < μ_3,x imposed after
// sampling. It returns new matrices (one per chain, as draws) and the number of
// draws that were permuted. It panics if the layout does not fit the draws or j
// is out of range.
func RelabelByParameter(draws []*mat.Dense, layout Layout, j int) ([]*mat.Dense, int) {
	if j < 0 || len(layout) == 0 || j >= len(layout[0]) {
		panic("mcmc: relabelling parameter out of range")
	}
	perm := make([]int, len(layout))
	return relabel(draws, layout, func(row []float64) []int {
		for k := range perm {
			perm[k] = k
		}
		sort.SliceStable(perm, func(a, b int) bool { return row[layout[perm[a]][j]] < row[layout[perm[b]][j]] })
		return perm
	})
}

// RelabelToReference permutes the components of every draw to the assignment
// that minimises Σ_k Σ_j (θ_{π(k), j} − ref[k][j])², the squared distance of the
// draw's parameters to the reference's, found by the Hungarian algorithm. params
// lists which parameters (indices into each Layout entry) enter the distance;
// ref[k] holds their reference values for component k. It returns new matrices
// and the number of draws that were permuted. It panics if the shapes disagree.
func RelabelToReference(draws []*mat.Dense, layout Layout, params []int, ref [][]float64) ([]*mat.Dense, int) {
	k := len(layout)
	if len(ref) != k {
		panic(fmt.Sprintf("mcmc: %d reference components for a layout of %d", len(ref), k))
	}
	for _, r := range ref {
		if len(r) != len(params) {
			panic("mcmc: reference length differs from the number of parameters")
		}
	}
	cost := make([][]float64, k)
	for i := range cost {
		cost[i] = make([]float64, k)
	}
	return relabel(draws, layout, func(row []float64) []int {
		for place := 0; place < k; place++ {
			for comp := 0; comp < k; comp++ {
				var s float64
				for t, j := range params {
					d := row[layout[comp][j]] - ref[place][t]
					s += d * d
				}
				cost[place][comp] = s
			}
		}
		return Assign(cost)
	})
}

// Assign solves the linear assignment problem for the n×n matrix cost: it
// returns the permutation perm minimising Σ_i cost[i][perm[i]], by the Hungarian
// algorithm with potentials in O(n³). It panics if cost is not square or holds
// NaN.
func Assign(cost [][]float64) []int { return assign.Hungarian(cost) }
