package gmm

import "math"

// The k-means kernels work on the data as it is stored (row-major, row i at
// x[i*stride:]), without copying a tile: the assignment step reads every row once
// per sweep, and a transposing copy cost as much as the distances.
//
// kmeansNearest takes the centres transposed, ct[j*kp+c] = coordinate j of centre
// c (kp, a multiple of 4, ≥ k; the padding centres are +Inf, so that their
// distances are +Inf and never the smallest), and finds for every row the first
// centre at the smallest squared distance Σ_j (x_ij − c_j)², the squares of t =
// x_ij − c_j added in the order of j with fused multiply-adds. The assembly takes
// four rows and up to twelve centres at a time, the centres along the vector lanes
// sharing each load of the centres, then turns the accumulators around to compare
// the centres with the rows along the lanes; it computes exactly the numbers of
// the Go loop. kmeansAssign then labels the rows and adds each to its cluster's
// statistics.
//
// With AVX2 and FMA both run in assembly (kmeans_amd64.s); otherwise in the
// pure-Go loops below, which give the same results bit for bit (the tests check
// it). They panic with a "gmm: kernel ..." message on inconsistent lengths (a bug
// in the caller, never a user error).

// kmeansAcc accumulates a chunk's inertia Σ w_i r_i (fused multiply-adds, in the
// order of the rows) and the number of rows whose label changed.
type kmeansAcc struct {
	inertia float64
	changed int
}

// kmeansNearest stores, for each row i < n of x (row-major, stride apart), in
// dist[i] the smallest squared distance to the centres in the columns of ct
// (d × kp) and in idx[i] the first column at that distance. n and kp must be
// multiples of 4.
func kmeansNearest(x []float64, stride, n, d int, ct []float64, kp int, dist []float64, idx []int) {
	if n%4 != 0 || kp%4 != 0 || kp == 0 || d < 1 || stride < d || len(ct) < d*kp || len(dist) < n || len(idx) < n ||
		(n > 0 && len(x) < (n-1)*stride+d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if useAVX {
		kmeansNearestAVX(&x[0], stride, n, d, &ct[0], kp, &dist[0], &idx[0])
		return
	}
	e := make([]float64, kp)
	for i := 0; i < n; i++ {
		clear(e)
		for j, v := range x[i*stride : i*stride+d] {
			cj := ct[j*kp : (j+1)*kp]
			cj = cj[:len(e)]
			for c, u := range cj {
				t := v - u
				e[c] = math.FMA(t, t, e[c])
			}
		}
		best := 0
		for c, v := range e {
			if v < e[best] {
				best = c
			}
		}
		dist[i], idx[i] = e[best], best
	}
}

// kmeansAssign gives each row i < n of x the label b = idx[i] (counting in
// acc.changed the rows whose label was another) and adds the row with its weight
// w_i = w[i*wstride] to cluster b: weight[b] += w_i, acc.inertia += w_i dist[i]
// and sums[b*dp+j] += w_i (x_ij − cp[b*dp+j]) for j < d, with fused multiply-adds.
// It panics if an index is not in [0, k), k = len(weight).
// cp holds the centres row-major, padded with zeros to dp ≥ d columns (a multiple
// of 4), and sums has the same layout; its padding stays zero. mask holds all
// bits set in its first d mod 4 entries and 0 in the others.
func kmeansAssign(x []float64, stride, n, d int, dist []float64, idx []int, cp []float64, dp int, w []float64, wstride int,
	labels []int, sums, weight []float64, mask *[4]uint64, acc *kmeansAcc) {
	k := len(weight)
	if dp%4 != 0 || dp < d || d < 1 || stride < d || len(dist) < n || len(idx) < n || len(cp) < k*dp ||
		len(sums) < k*dp || len(labels) < n || len(w) < max(0, (n-1)*wstride+1) ||
		(n > 0 && len(x) < (n-1)*stride+d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if useAVX {
		if !kmeansAssignAVX(&x[0], stride, n, d, &dist[0], &idx[0], &cp[0], dp, &w[0], wstride, &labels[0], &sums[0], &weight[0], k, &mask[0], acc) {
			panic("gmm: kernel index")
		}
		return
	}
	for i, b := range idx[:n] {
		if b < 0 || b >= k {
			panic("gmm: kernel index")
		}
		if labels[i] != b {
			acc.changed++
			labels[i] = b
		}
		wi := w[i*wstride]
		weight[b] += wi
		acc.inertia = math.FMA(wi, dist[i], acc.inertia)
		row, ctr, sum := x[i*stride:i*stride+d], cp[b*dp:b*dp+d], sums[b*dp:b*dp+d]
		ctr, sum = ctr[:len(row)], sum[:len(row)]
		for j, v := range row {
			sum[j] = math.FMA(wi, v-ctr[j], sum[j])
		}
	}
}

// tailMask returns the mask of kmeansAssign for dimension d.
func tailMask(d int) [4]uint64 {
	var m [4]uint64
	for j := 0; j < d%4; j++ {
		m[j] = math.MaxUint64
	}
	return m
}
