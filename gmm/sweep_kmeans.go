package gmm

import (
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// Lloyd's assignment step has the shape of EM's sweep: for every row the nearest
// centre (squared Euclidean distance, the lowest index on ties), and in the same
// pass each cluster's weight and weighted sum of x − c_k, centred at the old centre
// c_k. Chunks and their merge order are fixed as in sweep.go, so the result does not
// depend on the number of workers. The distances of a tile of rows to every centre
// come from the diagonal-covariance kernel of sweep_kernels.go with unit variances.

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
	ones    []float64      // D ones: the kernel's inverse variances
}

func newKMeansSweeper(x *mat.Dense, w []float64, k, workers int) *kmeansSweeper {
	n, d := x.Dims()
	chunk := chunkRows(n)
	nChunks := (n + chunk - 1) / chunk
	ks := &kmeansSweeper{x: x, w: w, n: n, d: d, k: k, chunk: chunk,
		workers: min(numWorkers(workers), nChunks), stats: make([]*kmeansStats, nChunks),
		ones: make([]float64, d)}
	for c := range ks.stats {
		ks.stats[c] = newKMeansStats(k, d)
	}
	for j := range ks.ones {
		ks.ones[j] = 1
	}
	return ks
}

// run assigns every row to its nearest centre (centres is K×D row-major), writing
// labels (whose previous contents are compared to count changes) and total.
func (ks *kmeansSweeper) run(centres []float64, labels []int, total *kmeansStats) {
	if ks.workers == 1 {
		buf := make([]float64, (ks.d+ks.k)*tileRows)
		for c := range ks.stats {
			ks.runChunk(centres, c, labels, buf)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range ks.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				buf := make([]float64, (ks.d+ks.k)*tileRows)
				for c := int(next.Add(1)) - 1; c < len(ks.stats); c = int(next.Add(1)) - 1 {
					ks.runChunk(centres, c, labels, buf)
				}
			}()
		}
		wg.Wait()
	}
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

// runChunk assigns the rows of chunk c a tile at a time: the kernel computes
// −½|x − c_k|² for every centre and the tile's rows at once (buf holds the tile,
// column-major, and the K results).
func (ks *kmeansSweeper) runChunk(centres []float64, c int, labels []int, buf []float64) {
	st := ks.stats[c]
	st.reset()
	d, k, ld := ks.d, ks.k, tileRows
	xt, out := buf[:d*ld], buf[d*ld:]
	raw := ks.x.RawMatrix()
	lo, hi := c*ks.chunk, min((c+1)*ks.chunk, ks.n)
	for t := lo; t < hi; t += ld {
		nr := min(hi, t+ld) - t
		n := (nr + lanes - 1) / lanes * lanes
		for b := 0; b < nr; b++ {
			row := raw.Data[(t+b)*raw.Stride : (t+b)*raw.Stride+d]
			for j, v := range row {
				xt[j*ld+b] = v
			}
		}
		for j := 0; j < d; j++ {
			clear(xt[j*ld+nr : j*ld+n])
		}
		for q := 0; q < k; q++ {
			diagLogDensity(centres[q*d:(q+1)*d], ks.ones, xt, out[q*ld:q*ld+n], ld, d, n, 0)
		}
		for b := 0; b < nr; b++ {
			ks.assign(t+b, b, raw.Data[(t+b)*raw.Stride:(t+b)*raw.Stride+d], centres, out, labels, st)
		}
	}
}

// assign gives row i (row b of the tile) the label of its largest −½|x − c_k|²
// (the lowest index on ties) and adds it to the statistics.
func (ks *kmeansSweeper) assign(i, b int, x, centres, out []float64, labels []int, st *kmeansStats) {
	d, ld := ks.d, tileRows
	best, top := 0, out[b]
	for q := 1; q < ks.k; q++ {
		if v := out[q*ld+b]; v > top {
			best, top = q, v
		}
	}
	if labels[i] != best {
		st.changed++
		labels[i] = best
	}
	w := 1.0
	if ks.w != nil {
		w = ks.w[i]
	}
	if w == 0 {
		return
	}
	st.inertia += w * -2 * top
	st.weight[best] += w
	sum, ctr := st.sums[best*d:(best+1)*d], centres[best*d:(best+1)*d]
	sum, ctr = sum[:len(x)], ctr[:len(x)]
	if w == 1 {
		for j, v := range x {
			sum[j] += v - ctr[j]
		}
		return
	}
	for j, v := range x {
		sum[j] += w * (v - ctr[j])
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
