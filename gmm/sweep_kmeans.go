package gmm

import (
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/parallel"
)

// Lloyd's assignment step has the shape of EM's sweep: for every row the nearest
// centre (squared Euclidean distance, the lowest index on ties), and in the same
// pass each cluster's weight and weighted sum of x − c_k, centred at the old centre
// c_k. Chunks and their merge order are fixed as in sweep.go and run by
// parallel.For under its contract, so the result does not depend on the number of
// workers. A kernel of sweep_kernels.go finds the nearest
// centre of every row of a tile at once.

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
	zeros   []float64      // D zeros: the tile copy's shift
}

func newKMeansSweeper(x *mat.Dense, w []float64, k, workers int) *kmeansSweeper {
	n, d := x.Dims()
	chunk := chunkRows(n)
	nChunks := (n + chunk - 1) / chunk
	ks := &kmeansSweeper{x: x, w: w, n: n, d: d, k: k, chunk: chunk,
		workers: parallel.Workers(nChunks, workers), stats: make([]*kmeansStats, nChunks),
		zeros: make([]float64, d)}
	for c := range ks.stats {
		ks.stats[c] = newKMeansStats(k, d)
	}
	return ks
}

// run assigns every row to its nearest centre (centres is K×D row-major), writing
// labels (whose previous contents are compared to count changes) and total.
func (ks *kmeansSweeper) run(centres []float64, labels []int, total *kmeansStats) {
	bufs := make([][]float64, ks.workers)
	for w := range bufs {
		bufs[w] = make([]float64, (ks.d+2)*tileRows)
	}
	parallel.For(len(ks.stats), ks.workers, func(c, w int) { ks.runChunk(centres, c, labels, bufs[w]) })
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

// runChunk assigns the rows of chunk c a tile at a time: the kernel finds every
// row's nearest centre and its squared distance for the tile at once (buf holds
// the tile, column-major, then the distances and the indices).
func (ks *kmeansSweeper) runChunk(centres []float64, c int, labels []int, buf []float64) {
	st := ks.stats[c]
	st.reset()
	d, k, ld := ks.d, ks.k, tileRows
	xt, dist, idx := buf[:d*ld], buf[d*ld:(d+1)*ld], buf[(d+1)*ld:(d+2)*ld]
	raw := ks.x.RawMatrix()
	lo, hi := c*ks.chunk, min((c+1)*ks.chunk, ks.n)
	for t := lo; t < hi; t += ld {
		nr := min(hi, t+ld) - t
		n := (nr + lanes - 1) / lanes * lanes
		copyShift(xt, ld, raw.Data[t*raw.Stride:], raw.Stride, d, nr, n, ks.zeros)
		nearestCentres(centres, xt, ld, d, k, n, dist, idx)
		ks.assignTile(t, nr, idx, dist, centres, labels, st)
	}
}

// assignTile gives rows t+b, b < nr, the labels idx[b] at squared distances
// dist[b] from their centres and adds them to the statistics: the weight, the
// weighted sum of x − c and the inertia of each cluster.
func (ks *kmeansSweeper) assignTile(t, nr int, idx, dist, centres []float64, labels []int, st *kmeansStats) {
	d := ks.d
	raw := ks.x.RawMatrix()
	lab := labels[t : t+nr]
	for b := range lab {
		best := int(idx[b])
		if lab[b] != best {
			st.changed++
			lab[b] = best
		}
		w := 1.0
		if ks.w != nil {
			if w = ks.w[t+b]; w == 0 {
				continue
			}
		}
		st.inertia += w * dist[b]
		st.weight[best] += w
		x := raw.Data[(t+b)*raw.Stride : (t+b)*raw.Stride+d]
		sum, ctr := st.sums[best*d:best*d+d], centres[best*d:best*d+d]
		sum, ctr = sum[:len(x)], ctr[:len(x)]
		for j, v := range x {
			sum[j] += w * (v - ctr[j])
		}
	}
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
