package gmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// Hierarchy is the result of model-based hierarchical agglomeration (HC): the
// sequence of merges that takes the data from one cluster per row to a single
// cluster. Partition cuts it at any number of clusters.
type Hierarchy struct {
	n      int
	merges [][2]int // merges[s] joins the clusters whose smallest rows are merges[s][0] < merges[s][1]
	costs  []float64
}

// HC agglomerates the rows of x as R's mclust does to start EM (hc with
// modelName "VVV" and use "SVD", mclust's default hcUse): the columns are
// centred and scaled to unit standard deviation, rotated onto their singular
// vectors and each divided by the square root of its singular value; then,
// starting from one cluster per row, HC merges at every step the two clusters
// whose union increases the least the criterion
//
//	Σ_c n_c log( |W_c/n_c| + β (tr W_c + α)/n_c ),
//
// where W_c is the scatter matrix of cluster c about its mean, the determinant is
// left out while n_c ≤ D, α = tr W/(N D) for the scatter W of all the data, and
// β = 1 (Fraley 1998; mclust's hcvvv). This is the classification likelihood of
// a VVV mixture, regularised so that small clusters have a finite value. Among
// equal increases the pair that comes last in mclust's order wins, and the
// clusters are numbered as mclust numbers them, so that ties resolve as in
// mclust.
//
// HC takes O(N² D³) time and O(N²) memory. It returns an error for data with
// fewer than two rows, a NaN or Inf, or a constant column.
func HC(x mat.Matrix) (*Hierarchy, error) {
	if err := CheckData(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	if n < 2 {
		return nil, errorf(ErrTooFewRows, "HC needs at least two rows, have %d", n)
	}
	z, err := svdTransform(x)
	if err != nil {
		return nil, err
	}
	return agglomerateVVV(z), nil
}

// svdTransform returns mclust's "SVD" transform of x: the centred and scaled
// columns X_s times V S^(−1/2), where X_s = U S Vᵀ.
func svdTransform(x mat.Matrix) (*mat.Dense, error) {
	n, d := x.Dims()
	xs := mat.DenseCopyOf(x)
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, xs)
		mean, sd := stat.MeanStdDev(col, nil)
		if !(sd > 0) {
			return nil, errorf(ErrBadArgument, "HC: column %d is constant", j)
		}
		for i := range col {
			xs.Set(i, j, (col[i]-mean)/sd)
		}
	}
	var svd mat.SVD
	if !svd.Factorize(xs, mat.SVDThin) {
		return nil, errorf(ErrNotFinite, "HC: SVD of the data failed")
	}
	var v mat.Dense
	svd.VTo(&v)
	vals := svd.Values(nil)
	p := min(n, d)
	for j := 0; j < p; j++ {
		if !(vals[j] > 0) {
			return nil, errorf(ErrBadArgument, "HC: the columns are linearly dependent")
		}
	}
	var z mat.Dense
	z.Mul(xs, v.Slice(0, d, 0, p))
	for j := 0; j < p; j++ {
		s := 1 / math.Sqrt(vals[j])
		for i := 0; i < n; i++ {
			z.Set(i, j, z.At(i, j)*s)
		}
	}
	return &z, nil
}

// hcCluster is one cluster of the agglomeration.
type hcCluster struct {
	id      int       // its smallest row
	size    int       // n_c
	mean    []float64 // its mean
	scatter *mat.SymDense
	trace   float64 // tr W_c
	term    float64 // its term of the criterion
}

// hcCriterion holds α and β of the criterion and a scratch Cholesky.
type hcCriterion struct {
	d           int
	alpha, beta float64
	chol        mat.Cholesky
	scaled      mat.SymDense
}

// term returns n log(|W/n| + β(tr W + α)/n), or n log(β(tr W + α)/n) when n ≤ D or
// W is singular, as mclust's vvvtij.
func (h *hcCriterion) term(c *hcCluster) float64 {
	rn := float64(c.size)
	reg := h.beta * (c.trace + h.alpha) / rn
	if c.size <= h.d {
		return rn * math.Log(reg)
	}
	if c.trace == 0 {
		return rn * math.Log(h.alpha*h.beta/rn)
	}
	h.scaled.ScaleSym(1/rn, c.scatter)
	if !h.chol.Factorize(&h.scaled) {
		return rn * math.Log(reg)
	}
	detlog := h.chol.LogDet()
	if detlog <= 0 {
		return rn * math.Log(math.Exp(detlog)+reg)
	}
	return rn * (math.Log1p(math.Exp(-detlog)*reg) + detlog)
}

// merge returns the union of clusters a and b.
func (h *hcCriterion) merge(a, b *hcCluster) *hcCluster {
	na, nb := float64(a.size), float64(b.size)
	nab := na + nb
	diff := make([]float64, h.d)
	mean := make([]float64, h.d)
	var dist2 float64
	for j := range diff {
		diff[j] = a.mean[j] - b.mean[j]
		mean[j] = (na*a.mean[j] + nb*b.mean[j]) / nab
		dist2 += diff[j] * diff[j]
	}
	c := na * nb / nab
	scatter := mat.NewSymDense(h.d, nil)
	scatter.AddSym(a.scatter, b.scatter)
	scatter.SymRankOne(scatter, c, mat.NewVecDense(h.d, diff))
	m := &hcCluster{id: min(a.id, b.id), size: a.size + b.size, mean: mean, scatter: scatter, trace: a.trace + b.trace + c*dist2}
	m.term = h.term(m)
	return m
}

// agglomerateVVV runs the agglomeration on z, keeping mclust's bookkeeping: the
// clusters sit at positions 0…g−1; the union of the chosen pair i < j takes
// position i and the last cluster moves to position j; the pair chosen is the last
// one with the smallest increase in the order (0,1), (0,2), (1,2), (0,3), ….
func agglomerateVVV(z *mat.Dense) *Hierarchy {
	n, d := z.Dims()
	h := &hcCriterion{d: d, beta: 1}
	var total float64
	col := make([]float64, n)
	for j := 0; j < d; j++ {
		mat.Col(col, j, z)
		v := stat.Variance(col, nil) * float64(n-1)
		total += v
	}
	h.alpha = math.Max(total/float64(n*d), 2.220446049250313e-16)
	clusters := make([]*hcCluster, n)
	for i := range clusters {
		clusters[i] = &hcCluster{id: i, size: 1, mean: append([]float64(nil), z.RawRowView(i)...), scatter: mat.NewSymDense(d, nil)}
		clusters[i].term = math.Log(h.beta * h.alpha)
	}
	cost := make([][]float64, n) // cost[j][i], i < j: increase of the criterion by merging i and j
	unions := make([][]*hcCluster, n)
	for j := range cost {
		cost[j] = make([]float64, j)
		unions[j] = make([]*hcCluster, j)
		for i := 0; i < j; i++ {
			unions[j][i] = h.merge(clusters[i], clusters[j])
			cost[j][i] = unions[j][i].term - clusters[i].term - clusters[j].term
		}
	}
	tree := &Hierarchy{n: n}
	for g := n; g > 1; g-- {
		bi, bj := 0, 1
		best := math.Inf(1)
		for j := 1; j < g; j++ {
			for i := 0; i < j; i++ {
				if cost[j][i] <= best {
					best, bi, bj = cost[j][i], i, j
				}
			}
		}
		union := unions[bj][bi]
		a, b := clusters[bi].id, clusters[bj].id
		tree.merges = append(tree.merges, [2]int{min(a, b), max(a, b)})
		tree.costs = append(tree.costs, best)
		last := g - 1
		if bj != last {
			// Move the last cluster to position bj, with its costs.
			clusters[bj] = clusters[last]
			for i := 0; i < g-1; i++ {
				if i == bj {
					continue
				}
				c, u := pairAt(cost, unions, i, last)
				setPair(cost, unions, i, bj, c, u)
			}
		}
		clusters[bi] = union
		clusters[last] = nil
		for i := 0; i < g-1; i++ {
			if i == bi {
				continue
			}
			u := h.merge(clusters[min(i, bi)], clusters[max(i, bi)])
			setPair(cost, unions, i, bi, u.term-clusters[i].term-union.term, u)
		}
	}
	return tree
}

func pairAt(cost [][]float64, unions [][]*hcCluster, i, j int) (float64, *hcCluster) {
	if i > j {
		i, j = j, i
	}
	return cost[j][i], unions[j][i]
}

func setPair(cost [][]float64, unions [][]*hcCluster, i, j int, c float64, u *hcCluster) {
	if i > j {
		i, j = j, i
	}
	cost[j][i], unions[j][i] = c, u
}

// Partition returns the clusters of every row when the agglomeration has k
// clusters, numbered 0…k−1 in the order of their first row. It panics if k is
// not in [1, N].
func (h *Hierarchy) Partition(k int) []int {
	if k < 1 || k > h.n {
		panic("gmm: Partition: k out of range")
	}
	parent := make([]int, h.n)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	for _, m := range h.merges[:h.n-k] {
		a, b := find(m[0]), find(m[1])
		parent[max(a, b)] = min(a, b)
	}
	labels := make([]int, h.n)
	next := map[int]int{}
	for i := range labels {
		r := find(i)
		l, ok := next[r]
		if !ok {
			l = len(next)
			next[r] = l
		}
		labels[i] = l
	}
	return labels
}

// Len returns the number of rows agglomerated.
func (h *Hierarchy) Len() int { return h.n }
