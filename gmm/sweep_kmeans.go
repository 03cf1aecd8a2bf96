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
// depend on the number of workers.

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

func (s *kmeansStats) add(o *kmeansStats) {
	addTo(s.weight, o.weight)
	addTo(s.sums, o.sums)
	s.inertia += o.inertia
	s.changed += o.changed
}

// kmeansSweeper runs assignment sweeps over one data set.
type kmeansSweeper struct {
	x       *mat.Dense
	w       []float64 // nil: all ones
	n, d, k int
	chunk   int
	workers int
	stats   []*kmeansStats // one per chunk
}

func newKMeansSweeper(x *mat.Dense, w []float64, k, workers int) *kmeansSweeper {
	n, d := x.Dims()
	chunk := chunkRows(n)
	nChunks := (n + chunk - 1) / chunk
	ks := &kmeansSweeper{x: x, w: w, n: n, d: d, k: k, chunk: chunk,
		workers: min(numWorkers(workers), nChunks), stats: make([]*kmeansStats, nChunks)}
	for c := range ks.stats {
		ks.stats[c] = newKMeansStats(k, d)
	}
	return ks
}

// run assigns every row to its nearest centre (centres is K×D row-major), writing
// labels (whose previous contents are compared to count changes) and total.
func (ks *kmeansSweeper) run(centres []float64, labels []int, total *kmeansStats) {
	if ks.workers == 1 {
		for c := range ks.stats {
			ks.runChunk(centres, c, labels)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for range ks.workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for c := int(next.Add(1)) - 1; c < len(ks.stats); c = int(next.Add(1)) - 1 {
					ks.runChunk(centres, c, labels)
				}
			}()
		}
		wg.Wait()
	}
	total.reset()
	for _, s := range ks.stats {
		total.add(s)
	}
}

func (ks *kmeansSweeper) runChunk(centres []float64, c int, labels []int) {
	st := ks.stats[c]
	st.reset()
	d := ks.d
	lo, hi := c*ks.chunk, min((c+1)*ks.chunk, ks.n)
	for i := lo; i < hi; i++ {
		x := ks.x.RawRowView(i)
		best, bestDist := nearestCentre(x, centres, ks.k)
		if labels[i] != best {
			st.changed++
			labels[i] = best
		}
		w := 1.0
		if ks.w != nil {
			w = ks.w[i]
		}
		if w == 0 {
			continue
		}
		st.inertia += w * bestDist
		st.weight[best] += w
		sum, ctr := st.sums[best*d:(best+1)*d], centres[best*d:(best+1)*d]
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
