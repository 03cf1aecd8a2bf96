package gmm

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// The sweep is EM's one pass over the data per iteration: for the current mixture it
// computes every point's log-density and responsibilities (the E-step) and, in the
// same pass, the sufficient statistics of the next M-step,
//
//	N_k = Σ_i w_i γ_ik,   S1_k = Σ_i w_i γ_ik (x_i − c_k),   S2_k = Σ_i w_i γ_ik (x_i − c_k)(x_i − c_k)ᵀ,
//
// centred at the current means c_k = μ_k, so that the M-step's mean c_k + S1_k/N_k and
// scatter S2_k − S1_k S1_kᵀ/N_k lose no digits to cancellation. No N×K matrix is held.
//
// The rows are cut into chunks of a size that depends only on N; goroutines take
// chunks in any order, but each chunk's statistics go to its own slot and the slots
// are added in chunk order, so the result is the same bit for bit whatever the
// number of workers.

// What the rest of the package uses from this file (keep it when optimising):
// newSweeper(x, w, k, full, workers) and (*sweeper).run(m, labels, total);
// sweeper.full; newSuffStats, and of suffStats: logLik, nk, s1 (K×D, centred at
// the means of the mixture swept), scatterAt(k, r, c) and accumulate (init.go
// builds starting statistics with it); chunkRows and numWorkers (sweep_kmeans.go).
// The tests in sweep_test.go check the statistics against a two-pass computation
// and their independence of the number of workers.

// minChunkRows is the smallest number of rows in a chunk; maxChunks bounds the
// number of chunks (and so the memory for their statistics) for very large N.
const (
	minChunkRows = 4096
	maxChunks    = 1024
)

// chunkRows returns the number of rows per chunk for n rows.
func chunkRows(n int) int {
	return max(minChunkRows, (n+maxChunks-1)/maxChunks)
}

// numWorkers returns the number of goroutines to use for the setting w.
func numWorkers(w int) int {
	if w <= 0 {
		return runtime.GOMAXPROCS(0)
	}
	return w
}

// suffStats are the sufficient statistics of one sweep, centred at shifts c_k.
type suffStats struct {
	k, d   int
	full   bool      // s2 holds a D×D block per component (upper triangle filled); otherwise its diagonal
	logLik float64   // Σ_i w_i log p(x_i)
	nk     []float64 // K
	s1     []float64 // K×D
	s2     []float64 // K×D×D if full, else K×D
}

func newSuffStats(k, d int, full bool) *suffStats {
	s2 := k * d
	if full {
		s2 *= d
	}
	return &suffStats{k: k, d: d, full: full, nk: make([]float64, k), s1: make([]float64, k*d), s2: make([]float64, s2)}
}

func (s *suffStats) reset() {
	s.logLik = 0
	clear(s.nk)
	clear(s.s1)
	clear(s.s2)
}

func (s *suffStats) add(o *suffStats) {
	s.logLik += o.logLik
	addTo(s.nk, o.nk)
	addTo(s.s1, o.s1)
	addTo(s.s2, o.s2)
}

func addTo(dst, src []float64) {
	for i, v := range src {
		dst[i] += v
	}
}

// scatterAt returns element (r, c), r ≤ c, of component k's S2 (0 off the diagonal
// when only the diagonal is kept).
func (s *suffStats) scatterAt(k, r, c int) float64 {
	if s.full {
		return s.s2[k*s.d*s.d+r*s.d+c]
	}
	if r != c {
		return 0
	}
	return s.s2[k*s.d+r]
}

// sweepModel is a mixture laid out for the sweep.
type sweepModel struct {
	k, d     int
	diag     bool        // the covariances are diagonal: use invSd, not lower
	means    [][]float64 // μ_k
	lower    [][]float64 // row-major L_k
	invSd    [][]float64 // 1/sqrt(Σ_k,jj) when diag
	constant []float64   // log π_k − (D log 2π + log|Σ_k|)/2
}

func newSweepModel(m *Mixture) *sweepModel {
	k, d := m.K(), m.dim
	sm := &sweepModel{k: k, d: d, diag: m.ct == Diagonal || m.ct == Spherical,
		means: m.means, lower: m.lower, constant: make([]float64, k)}
	for c := range sm.constant {
		sm.constant[c] = m.logWeights[c] - 0.5*(float64(d)*log2Pi+m.logDets[c])
	}
	if sm.diag {
		sm.invSd = make([][]float64, k)
		for c := range sm.invSd {
			inv := make([]float64, d)
			for j := range inv {
				inv[j] = 1 / m.lower[c][j*d+j]
			}
			sm.invSd[c] = inv
		}
	}
	return sm
}

// sweepScratch is one worker's scratch space.
type sweepScratch struct {
	terms []float64 // K: log π_k + log N(x | μ_k, Σ_k)
	diffs []float64 // K×D: x − μ_k
	z     []float64 // D: L_k⁻¹(x − μ_k)
}

// sweeper runs sweeps over one data set, reusing its buffers from sweep to sweep.
type sweeper struct {
	x       *mat.Dense
	w       []float64 // nil: all ones
	n, d, k int
	full    bool
	chunk   int
	stats   []*suffStats // one per chunk
	scratch []sweepScratch
}

// newSweeper prepares sweeps of x with weights w (nil for ones) for k components,
// accumulating full D×D scatter matrices if full, else only their diagonals.
func newSweeper(x *mat.Dense, w []float64, k int, full bool, workers int) *sweeper {
	n, d := x.Dims()
	chunk := chunkRows(n)
	nChunks := (n + chunk - 1) / chunk
	workers = min(numWorkers(workers), nChunks)
	sw := &sweeper{x: x, w: w, n: n, d: d, k: k, full: full, chunk: chunk,
		stats: make([]*suffStats, nChunks), scratch: make([]sweepScratch, workers)}
	for c := range sw.stats {
		sw.stats[c] = newSuffStats(k, d, full)
	}
	for i := range sw.scratch {
		sw.scratch[i] = sweepScratch{terms: make([]float64, k), diffs: make([]float64, k*d), z: make([]float64, d)}
	}
	return sw
}

// run sweeps the data with mixture m, storing the statistics centred at m's means
// in total and, if labels is not nil, each row's most responsible component.
func (sw *sweeper) run(m *Mixture, labels []int, total *suffStats) {
	sm := newSweepModel(m)
	workers := len(sw.scratch)
	if workers == 1 {
		for c := range sw.stats {
			sw.runChunk(sm, c, &sw.scratch[0], labels)
		}
	} else {
		var next atomic.Int64
		var wg sync.WaitGroup
		for i := range workers {
			wg.Add(1)
			go func(scratch *sweepScratch) {
				defer wg.Done()
				for c := int(next.Add(1)) - 1; c < len(sw.stats); c = int(next.Add(1)) - 1 {
					sw.runChunk(sm, c, scratch, labels)
				}
			}(&sw.scratch[i])
		}
		wg.Wait()
	}
	total.reset()
	for _, s := range sw.stats {
		total.add(s)
	}
}

// runChunk sweeps the rows of chunk c into sw.stats[c].
func (sw *sweeper) runChunk(sm *sweepModel, c int, sc *sweepScratch, labels []int) {
	st := sw.stats[c]
	st.reset()
	lo, hi := c*sw.chunk, min((c+1)*sw.chunk, sw.n)
	for i := lo; i < hi; i++ {
		x := sw.x.RawRowView(i)
		best := sm.logTerms(x, sc)
		if labels != nil {
			labels[i] = best
		}
		w := 1.0
		if sw.w != nil {
			w = sw.w[i]
		}
		if w == 0 {
			continue
		}
		lse := logSumExpAt(sc.terms, best)
		st.logLik += w * lse
		if math.IsInf(lse, -1) {
			continue // x is beyond every component's reach: the caller sees −Inf
		}
		for k, t := range sc.terms {
			g := w * math.Exp(t-lse)
			if g == 0 {
				continue
			}
			st.accumulate(k, g, sc.diffs[k*sw.d:(k+1)*sw.d])
		}
	}
}

// logTerms stores x − μ_k in sc.diffs and log π_k + log N(x | μ_k, Σ_k) in sc.terms,
// and returns the index of the largest term (the lowest on ties).
func (sm *sweepModel) logTerms(x []float64, sc *sweepScratch) int {
	d := sm.d
	best := 0
	for k := range sc.terms {
		diff := sc.diffs[k*d : (k+1)*d]
		mu := sm.means[k]
		for j := range diff {
			diff[j] = x[j] - mu[j]
		}
		var maha float64
		if sm.diag {
			for j, v := range diff {
				v *= sm.invSd[k][j]
				maha += v * v
			}
		} else {
			maha = lowerSolveNorm2(sm.lower[k], diff, sc.z)
		}
		sc.terms[k] = sm.constant[k] - 0.5*maha
		if sc.terms[k] > sc.terms[best] {
			best = k
		}
	}
	return best
}

// lowerSolveNorm2 solves L z = v for the row-major D×D lower-triangular l and
// returns |z|².
func lowerSolveNorm2(l, v, z []float64) float64 {
	d := len(v)
	var sum float64
	for r := 0; r < d; r++ {
		s := v[r]
		row := l[r*d : r*d+r]
		for c, lv := range row {
			s -= lv * z[c]
		}
		s /= l[r*d+r]
		z[r] = s
		sum += s * s
	}
	return sum
}

// logSumExpAt returns log Σ exp(v) given the index of the largest element.
func logSumExpAt(v []float64, top int) float64 {
	m := v[top]
	if math.IsInf(m, 0) {
		return m
	}
	var sum float64
	for _, x := range v {
		sum += math.Exp(x - m)
	}
	return m + math.Log(sum)
}

// accumulate adds weight g of the centred point diff to component k.
func (s *suffStats) accumulate(k int, g float64, diff []float64) {
	d := s.d
	s.nk[k] += g
	s1 := s.s1[k*d : (k+1)*d]
	for j, v := range diff {
		s1[j] += g * v
	}
	if !s.full {
		s2 := s.s2[k*d : (k+1)*d]
		for j, v := range diff {
			s2[j] += g * v * v
		}
		return
	}
	s2 := s.s2[k*d*d : (k+1)*d*d]
	for r, vr := range diff {
		gv := g * vr
		row := s2[r*d : (r+1)*d]
		for c := r; c < d; c++ {
			row[c] += gv * diff[c]
		}
	}
}
