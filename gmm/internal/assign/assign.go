// Package assign solves the linear assignment problem, for relabelling mixture
// components (gmm.LabelAgreement, mcmc's relabelling of draws).
package assign

import "math"

// Hungarian solves the linear assignment problem for the n×n matrix cost: it
// returns the permutation perm minimising Σ_i cost[i][perm[i]], by the Hungarian
// algorithm with potentials in O(n³). It panics if cost is not square or holds
// NaN.
func Hungarian(cost [][]float64) []int {
	n := len(cost)
	for _, r := range cost {
		if len(r) != n {
			panic("assign: cost matrix not square")
		}
		for _, v := range r {
			if math.IsNaN(v) {
				panic("assign: NaN in cost matrix")
			}
		}
	}
	// 1-based arrays as in the classical formulation; column 0 is a sentinel.
	u := make([]float64, n+1)
	v := make([]float64, n+1)
	match := make([]int, n+1) // match[col] = row
	way := make([]int, n+1)
	minv := make([]float64, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		match[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for match[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := match[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := cost[i0-1][j-1] - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[match[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			match[j0] = match[j1]
			j0 = j1
		}
	}
	perm := make([]int, n)
	for j := 1; j <= n; j++ {
		perm[match[j]-1] = j - 1
	}
	return perm
}
