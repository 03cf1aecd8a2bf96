package gmm

import (
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/parallel"
)

// Lloyd's assignment step has the shape of EM's sweep: for every row the nearest
// centre (squared Euclidean distance, the lowest index on ties), and in the same
// pass each cluster's weight and weighted sum of x − c_k, centred at the old centre
// c_k. Chunks and their merge order are fixed as in sweep.go and run by
// parallel.For under its contract, so the result does not depend on the number of
// workers. The kernels of kmeans_kernels.go find the nearest centre of every row
// of a tile, then label the rows and add them to the chunk's statistics.

// kmeans.go and init.go use newKMeansSweeper(x, w, k, workers), (*kmeansSweeper).run,
// newKMeansStats and kmeansStats's weight, sums, inertia and changed.

// kmeansStats are the statistics of one assignment sweep.
type kmeansStats struct {
	d       int
	weight  []float64 // K: Σ w_i over the rows of cluster k
	sums    []float64 // K×D: Σ w_i (x_i − c_k) over the rows of cluster k
	inertia float64   // Σ w_i |x_i − c_(label i)|²
	changed int       // rows whose label differs from the one they had before
}

func newKMeansStats(k, d int) *kmeansStats {
	return &kmeansStats{d: d, weight: make([]float64, k), sums: make([]float64, k*d)}
}

func (s *kmeansStats) reset() {
	clear(s.weight)
	clear(s.sums)
	s.inertia, s.changed = 0, 0
}

// kmeansSweeper runs assignment sweeps over one data set.
type kmeansSweeper struct {
	x       *mat.Dense
	w       []float64 // nil: all ones
	n, d, k int
	chunk   int
	workers int
	stats   []*kmeansStats // one per chunk
	kp, dp  int            // k and d rounded up to multiples of 4
	ct      []float64      // d × kp: the centres transposed, padded with +Inf
	cp      []float64      // k × dp: the centres, padded with zeros
	mask    [4]uint64      // kmeansAssign's mask of the last d mod 4 coordinates
	scratch []kmeansScratch
}

// kmeansScratch is one worker's buffers.
type kmeansScratch struct {
	dist []float64 // kmeansTileRows: each row's smallest squared distance
	idx  []int     // kmeansTileRows: and the centre at that distance
	sums []float64 // k × dp: a chunk's sums, padded
	tail []float64 // 4 × d: the last rows of a tile when their number is not a multiple of 4
}

// kmeansTileRows is the number of rows whose distances are computed before they are
// assigned: their coordinates and distances stay in the first-level cache.
const kmeansTileRows = 64

// unitWeight is the weight of every row when there are no weights (read with
// stride 0).
var unitWeight = []float64{1}

func newKMeansSweeper(x *mat.Dense, w []float64, k, workers int) *kmeansSweeper {
	n, d := x.Dims()
	chunk := chunkRows(n)
	nChunks := (n + chunk - 1) / chunk
	kp, dp := (k+3)/4*4, (d+3)/4*4
	ks := &kmeansSweeper{x: x, w: w, n: n, d: d, k: k, chunk: chunk,
		workers: parallel.Workers(nChunks, workers), stats: make([]*kmeansStats, nChunks),
		kp: kp, dp: dp, ct: make([]float64, d*kp), cp: make([]float64, k*dp), mask: tailMask(d)}
	for c := range ks.stats {
		ks.stats[c] = newKMeansStats(k, d)
	}
	ks.scratch = make([]kmeansScratch, ks.workers)
	for i := range ks.scratch {
		ks.scratch[i] = kmeansScratch{dist: make([]float64, kmeansTileRows), idx: make([]int, kmeansTileRows),
			sums: make([]float64, k*dp), tail: make([]float64, 4*d)}
	}
	return ks
}

// run assigns every row to its nearest centre (centres is K×D row-major), writing
// labels (whose previous contents are compared to count changes) and total.
func (ks *kmeansSweeper) run(centres []float64, labels []int, total *kmeansStats) {
	ks.setCentres(centres)
	parallel.For(len(ks.stats), ks.workers, func(c, w int) { ks.runChunk(c, labels, &ks.scratch[w]) })
	total.reset()
	parts := make([]*suffStats, len(ks.stats))
	for i, s := range ks.stats {
		parts[i] = &suffStats{nk: s.weight, s1: s.sums, logLik: s.inertia}
		total.changed += s.changed
	}
	merged := &suffStats{nk: total.weight, s1: total.sums}
	mergeStats(merged, parts)
	total.inertia = merged.logLik
}

// setCentres lays out the K×D row-major centres for the kernels.
func (ks *kmeansSweeper) setCentres(centres []float64) {
	d, k, kp, dp := ks.d, ks.k, ks.kp, ks.dp
	for j := 0; j < d; j++ {
		row := ks.ct[j*kp : (j+1)*kp]
		for c := range row {
			if c < k {
				row[c] = centres[c*d+j]
			} else {
				row[c] = math.Inf(1)
			}
		}
	}
	for c := 0; c < k; c++ {
		copy(ks.cp[c*dp:c*dp+d], centres[c*d:(c+1)*d])
	}
}

// runChunk assigns the rows of chunk c a tile at a time: the distances of the
// tile's rows to every centre, then each row's label and its contribution to the
// chunk's statistics.
func (ks *kmeansSweeper) runChunk(c int, labels []int, buf *kmeansScratch) {
	st := ks.stats[c]
	st.reset()
	clear(buf.sums)
	d, kp := ks.d, ks.kp
	raw := ks.x.RawMatrix()
	w, wstride := unitWeight, 0
	var acc kmeansAcc
	lo, hi := c*ks.chunk, min((c+1)*ks.chunk, ks.n)
	for t := lo; t < hi; t += kmeansTileRows {
		nr := min(hi, t+kmeansTileRows) - t
		rows := raw.Data[t*raw.Stride:]
		n4 := nr / 4 * 4
		kmeansNearest(rows, raw.Stride, n4, d, ks.ct, kp, buf.dist, buf.idx)
		if n4 < nr {
			clear(buf.tail)
			for b := n4; b < nr; b++ {
				copy(buf.tail[(b-n4)*d:(b-n4+1)*d], rows[b*raw.Stride:b*raw.Stride+d])
			}
			kmeansNearest(buf.tail, d, 4, d, ks.ct, kp, buf.dist[n4:], buf.idx[n4:])
		}
		if ks.w != nil {
			w, wstride = ks.w[t:], 1
		}
		kmeansAssign(rows, raw.Stride, nr, d, buf.dist, buf.idx, ks.cp, ks.dp, w, wstride, labels[t:], buf.sums, st.weight, &ks.mask, &acc)
	}
	for k := 0; k < ks.k; k++ {
		copy(st.sums[k*d:(k+1)*d], buf.sums[k*ks.dp:k*ks.dp+d])
	}
	st.inertia, st.changed = acc.inertia, acc.changed
}

// nearestCentre returns the index of the centre nearest to x (the lowest on ties)
// and its squared distance.
func nearestCentre(x, centres []float64, k int) (int, float64) {
	d := len(x)
	best, bestDist := 0, 0.0
	for c := 0; c < k; c++ {
		ctr := centres[c*d : (c+1)*d]
		var dist float64
		for j, v := range x {
			t := v - ctr[j]
			dist += t * t
		}
		if c == 0 || dist < bestDist {
			best, bestDist = c, dist
		}
	}
	return best, bestDist
}
