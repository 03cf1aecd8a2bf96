package gmm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// kmeansKernelCentres returns k random centres (k×d row-major) with centres 1 and
// 2 equal when k > 2 (their rows tie: the lowest index must win), and their
// transposed form ct (d × kp, padded with +Inf) and padded form cp (k × dp).
func kmeansKernelCentres(rng *rand.Rand, k, d int) (centres, ct, cp []float64, kp, dp int) {
	centres = randSlice(rng, k*d, 2)
	if k > 2 {
		copy(centres[2*d:3*d], centres[d:2*d])
	}
	ks := &kmeansSweeper{d: d, k: k, kp: (k + 3) / 4 * 4, dp: (d + 3) / 4 * 4}
	ks.ct, ks.cp = make([]float64, d*ks.kp), make([]float64, k*ks.dp)
	ks.setCentres(centres)
	return centres, ks.ct, ks.cp, ks.kp, ks.dp
}

// TestKMeansNearest checks the assembly nearest-centre kernel against the Go loop
// (the same numbers bit for bit) and both against distances computed directly
// (to 1e-13), for numbers of centres that use every group width of the assembly
// (4, 8, 12 and their sums), dimensions with and without a remainder mod 4, rows
// stored with a stride, two equal centres (the lower index wins) and a row lying
// exactly on a centre.
func TestKMeansNearest(t *testing.T) {
	rng := rand.New(rand.NewPCG(11, 12))
	for _, d := range []int{1, 2, 3, 4, 5, 8, 10, 12, 13, 50} {
		for _, k := range []int{1, 2, 3, 4, 5, 8, 9, 12, 13, 16, 20, 25, 70} {
			n, stride := 60, d+3
			centres, ct, _, kp, _ := kmeansKernelCentres(rng, k, d)
			x := randSlice(rng, n*stride, 2)
			copy(x[5*stride:5*stride+d], centres[(k-1)*d:k*d]) // row 5 on the last centre
			if k > 2 {
				// Row 7 on centres 1 and 2, which coincide: a tie at distance 0.
				copy(x[7*stride:7*stride+d], centres[d:2*d])
			}
			da, dg := make([]float64, n), make([]float64, n)
			ia, ig := make([]int, n), make([]int, n)
			if hasAVX2FMA {
				kmeansNearest(x, stride, n, d, ct, kp, da, ia)
			}
			withGo(func() { kmeansNearest(x, stride, n, d, ct, kp, dg, ig) })
			for i := 0; i < n; i++ {
				if hasAVX2FMA && (ia[i] != ig[i] || math.Float64bits(da[i]) != math.Float64bits(dg[i])) {
					t.Fatalf("d=%d k=%d row %d: asm centre %d at %v, Go %d at %v", d, k, i, ia[i], da[i], ig[i], dg[i])
				}
				best, bestDist := directNearest(x[i*stride:i*stride+d], centres, k)
				if ig[i] != best || !closeRel(dg[i], bestDist, 1e-13) {
					t.Fatalf("d=%d k=%d row %d: centre %d at %v, direct %d at %v", d, k, i, ig[i], dg[i], best, bestDist)
				}
			}
			onLast := k - 1
			if k == 3 {
				onLast = 1 // centre 2 is centre 1
			}
			if dg[5] != 0 || ig[5] != onLast || (k > 2 && ig[7] != 1) {
				t.Fatalf("d=%d k=%d: the row on centre %d got %d at %v; the row on centres 1 = 2 got %d", d, k, k-1, ig[5], dg[5], ig[7])
			}
		}
	}
}

// directNearest returns the first of the k centres nearest to x and its squared
// distance, by a plain loop.
func directNearest(x, centres []float64, k int) (int, float64) {
	d := len(x)
	best, bestDist := 0, math.Inf(1)
	for c := 0; c < k; c++ {
		var s float64
		for j, v := range x {
			s += (v - centres[c*d+j]) * (v - centres[c*d+j])
		}
		if s < bestDist {
			best, bestDist = c, s
		}
	}
	return best, bestDist
}

// TestKMeansAssign checks the assembly assignment kernel against the Go loop (the
// same statistics and labels bit for bit) and the Go loop against sums computed
// directly (to 1e-13), with and without weights (some of them zero), dimensions
// with and without a remainder mod 4, and rows stored with a stride.
func TestKMeansAssign(t *testing.T) {
	rng := rand.New(rand.NewPCG(13, 14))
	for _, d := range []int{1, 2, 3, 4, 5, 8, 10, 12, 13, 50} {
		for _, k := range []int{1, 3, 5, 13} {
			for _, weighted := range []bool{false, true} {
				n, stride := 61, d+2
				_, _, cp, _, dp := kmeansKernelCentres(rng, k, d)
				x := randSlice(rng, n*stride, 2)
				dist := randSlice(rng, n, 1)
				idx := make([]int, n)
				for i := range idx {
					idx[i] = rng.IntN(k)
				}
				w, wstride := unitWeight, 0
				if weighted {
					w, wstride = randSlice(rng, n, 1), 1
					for i := range w {
						w[i] = math.Abs(w[i])
					}
					w[3], w[8] = 0, 0
				}
				old := make([]int, n)
				for i := range old {
					old[i] = rng.IntN(k)
				}
				type result struct {
					labels        []int
					sums, weights []float64
					acc           kmeansAcc
				}
				run := func() result {
					r := result{labels: append([]int(nil), old...), sums: make([]float64, k*dp), weights: make([]float64, k)}
					r.acc.inertia = 0.5
					mask := tailMask(d)
					kmeansAssign(x, stride, n, d, dist, idx, cp, dp, w, wstride, r.labels, r.sums, r.weights, &mask, &r.acc)
					return r
				}
				var g result
				withGo(func() { g = run() })
				if hasAVX2FMA {
					a := run()
					if a.acc != g.acc || !equalBits(a.sums, g.sums) || !equalBits(a.weights, g.weights) || !equalInts(a.labels, g.labels) {
						t.Fatalf("d=%d k=%d weighted=%v: asm and Go differ: %+v %+v", d, k, weighted, a.acc, g.acc)
					}
				}
				wantSums, wantW := make([]float64, k*dp), make([]float64, k)
				inertia, changed := 0.5, 0
				for i, b := range idx {
					wi := w[i*wstride]
					wantW[b] += wi
					inertia += wi * dist[i]
					for j := 0; j < d; j++ {
						wantSums[b*dp+j] += wi * (x[i*stride+j] - cp[b*dp+j])
					}
					if old[i] != b {
						changed++
					}
				}
				if !equalInts(g.labels, idx) || g.acc.changed != changed || !closeRel(g.acc.inertia, inertia, 1e-13) {
					t.Fatalf("d=%d k=%d weighted=%v: %d changed, inertia %v; want %d, %v", d, k, weighted, g.acc.changed, g.acc.inertia, changed, inertia)
				}
				for i := range wantSums {
					if !closeRel(g.sums[i], wantSums[i], 1e-13) {
						t.Fatalf("d=%d k=%d weighted=%v: sums[%d] = %v, want %v", d, k, weighted, i, g.sums[i], wantSums[i])
					}
				}
				for c := range wantW {
					if !closeRel(g.weights[c], wantW[c], 1e-13) {
						t.Fatalf("d=%d k=%d weighted=%v: weight[%d] = %v, want %v", d, k, weighted, c, g.weights[c], wantW[c])
					}
				}
			}
		}
	}
}

// TestKMeansSweepKernelsAgree runs whole assignment sweeps with the assembly and
// the Go kernels on a number of rows that leaves partial tiles (not a multiple of
// 4 or of the tile), weighted and not, and wants the same labels and statistics
// bit for bit.
func TestKMeansSweepKernelsAgree(t *testing.T) {
	needAssembly(t)
	rng := rand.New(rand.NewPCG(15, 16))
	for _, s := range []struct{ n, d, k int }{{10007, 3, 3}, {9001, 10, 10}, {4099, 50, 5}, {5003, 7, 17}} {
		x := randDense(rng, s.n, s.d)
		centres := rawCenters(x.Slice(0, s.k, 0, s.d))
		for _, w := range [][]float64{nil, positiveWeights(rng, s.n)} {
			var ref *kmeansStats
			var refLabels []int
			for _, asm := range []bool{true, false} {
				st, labels := newKMeansStats(s.k, s.d), make([]int, s.n)
				sweep := func() { newKMeansSweeper(x, w, s.k, 3).run(centres, labels, st) }
				if asm {
					sweep()
					ref, refLabels = st, labels
					continue
				}
				withGo(sweep)
				if st.inertia != ref.inertia || st.changed != ref.changed || !equalBits(st.weight, ref.weight) ||
					!equalBits(st.sums, ref.sums) || !equalInts(labels, refLabels) {
					t.Errorf("n=%d d=%d k=%d weighted=%v: the Go kernels' sweep differs from the assembly's", s.n, s.d, s.k, w != nil)
				}
			}
		}
	}
}

// randDense returns an n×d matrix of standard normal numbers.
func randDense(rng *rand.Rand, n, d int) *mat.Dense {
	return mat.NewDense(n, d, randSlice(rng, n*d, 1))
}

// positiveWeights returns n weights uniform on [0, 2), every tenth one zero.
func positiveWeights(rng *rand.Rand, n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		if i%10 != 0 {
			w[i] = 2 * rng.Float64()
		}
	}
	return w
}

// TestKMeansAssignBadIndex: an index out of range (a bug of the distance kernel)
// makes both kernels panic instead of writing outside the statistics.
func TestKMeansAssignBadIndex(t *testing.T) {
	for _, asm := range []bool{false, true} {
		if asm && !hasAVX2FMA {
			continue
		}
		for _, bad := range []int{-1, 3} {
			func() {
				defer func() {
					if r := recover(); r != "gmm: kernel index" {
						t.Errorf("asm=%v, index %d: recovered %v, want the kernel index panic", asm, bad, r)
					}
				}()
				x, dist, idx := make([]float64, 8), make([]float64, 8), []int{0, 1, 2, bad, 0, 0, 0, 0}
				sums, weight, labels := make([]float64, 3*4), make([]float64, 3), make([]int, 8)
				mask := tailMask(1)
				run := func() {
					kmeansAssign(x, 1, 8, 1, dist, idx, make([]float64, 3*4), 4, unitWeight, 0, labels, sums, weight, &mask, &kmeansAcc{})
				}
				if asm {
					run()
				} else {
					withGo(run)
				}
			}()
		}
	}
}
