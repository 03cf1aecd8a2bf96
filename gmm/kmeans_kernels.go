package gmm

import "math"

// The k-means kernels work on the data as it is stored (row-major, row i at
// x[i*stride:]), without copying a tile: the assignment step reads every row once
// more per sweep, so a transposing copy cost as much as the distances.
//
// kmeansDistances takes the centres transposed, ct[j*kp+c] = coordinate j of
// centre c (kp, a multiple of 4, ≥ k; the padding centres are +Inf, so that their
// distances are +Inf and never the smallest), and stores every squared distance
// e[i*kp+c] = Σ_j (x_ij − c_j)², the squares of t = x_ij − c_j added in the order
// of j with fused multiply-adds: the assembly takes four rows and up to twelve
// centres at a time, the centres along the vector lanes, and computes exactly
// the same numbers as the Go loop. kmeansAssign then gives every row the first
// centre at the smallest distance and adds it to its cluster's statistics.
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

// kmeansDistances stores in e[i*kp+c], i < n and c < kp, the squared distance of
// row i of x (row-major, stride apart) to the centre in column c of ct (d × kp).
// n must be a multiple of 4 and kp of 4.
func kmeansDistances(x []float64, stride, n, d int, ct []float64, kp int, e []float64) {
	if n%4 != 0 || kp%4 != 0 || d < 1 || stride < d || len(ct) < d*kp || len(e) < n*kp ||
		(n > 0 && len(x) < (n-1)*stride+d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if useAVX {
		kmeansDistAVX(&x[0], stride, n, d, &ct[0], kp, &e[0])
		return
	}
	for i := 0; i < n; i++ {
		row, out := x[i*stride:i*stride+d], e[i*kp:(i+1)*kp]
		clear(out)
		for j, v := range row {
			cj := ct[j*kp : (j+1)*kp]
			cj = cj[:len(out)]
			for c, u := range cj {
				t := v - u
				out[c] = math.FMA(t, t, out[c])
			}
		}
	}
}

// kmeansAssign gives each row i < n of x the label b of its first nearest centre
// (the lowest c < kp with e[i*kp+c] the smallest; counting in acc.changed the rows
// whose label was another), and adds the row with its weight w_i =
// w[i*wstride] to cluster b: weight[b] += w_i, acc.inertia += w_i e[i*kp+b] and
// sums[b*dp+j] += w_i (x_ij − cp[b*dp+j]) for j < d, with fused multiply-adds.
// cp holds the centres row-major, padded with zeros to dp ≥ d columns (a multiple
// of 4), and sums has the same layout; its padding stays zero. mask holds −1
// (all bits set) in its first d mod 4 entries and 0 in the others.
func kmeansAssign(x []float64, stride, n, d int, e []float64, kp int, cp []float64, dp int, w []float64, wstride int,
	labels []int, sums, weight []float64, mask *[4]uint64, acc *kmeansAcc) {
	k := len(weight)
	if dp%4 != 0 || dp < d || kp%4 != 0 || kp < k || d < 1 || stride < d || len(e) < n*kp || len(cp) < k*dp ||
		len(sums) < k*dp || len(labels) < n || len(w) < max(0, (n-1)*wstride+1) ||
		(n > 0 && len(x) < (n-1)*stride+d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if useAVX {
		kmeansAssignAVX(&x[0], stride, n, d, &e[0], kp, &cp[0], dp, &w[0], wstride, &labels[0], &sums[0], &weight[0], &mask[0], acc)
		return
	}
	for i := 0; i < n; i++ {
		dist := e[i*kp : i*kp+k]
		best := 0
		for c, v := range dist {
			if v < dist[best] {
				best = c
			}
		}
		if labels[i] != best {
			acc.changed++
			labels[i] = best
		}
		wi := w[i*wstride]
		weight[best] += wi
		acc.inertia = math.FMA(wi, dist[best], acc.inertia)
		row, ctr, sum := x[i*stride:i*stride+d], cp[best*dp:best*dp+d], sums[best*dp:best*dp+d]
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
