package gmm

import (
	"math"
	"math/bits"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/gauss"
	"gmmbook/gmm/internal/parallel"
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
// The rows are cut into chunks of a size that depends only on N and run by
// parallel.For, whose documented contract this file keeps: each chunk's statistics
// go to its own slot, per-worker scratch carries nothing between chunks, and the
// slots are added in chunk order (with compensated summation), so the result is
// the same bit for bit whatever the number of workers.
//
// Inside a chunk, rows go in tiles of tileRows, copied column-major and shifted by
// the mixture's mean (so that a large offset in the data costs no digits). For each
// component a kernel computes log π_k + log N(x | μ_k, Σ_k) for the whole tile as
// c_k − ½|W_k x − v_k|², with W_k = L_k⁻¹ the inverse Cholesky factor (packed
// lower-triangular) and v_k = W_k μ_k; a second kernel takes the log-sum-exp over
// the components with a vectorised exp and normalises the responsibilities; the
// statistics are then dot products over the tile's rows of the centred coordinates
// x_j − μ_kj weighted by the responsibilities. A full scatter is summed by blocks
// of two or three coordinates over the chunk and unpacked at its end: below D = 24
// by momentsSym, which forms t = x − μ_k and wγ t in registers and takes each
// pair of coordinates once (nothing stored per tile), from 24 on as the products
// of V = diag(√(wγ)) (X − μ_k) with itself (rootMoments, scatterSym). With AVX2
// and FMA these kernels are
// assembly (sweep_amd64.s and em_amd64.s, chosen at run time), otherwise pure Go
// (sweep_kernels.go).
// Measured on the benchmark workloads (docs/performance.md): gonum's BLAS cannot
// do better here, because the matrices are small (D × D per component) and its
// assembly is SSE2 without FMA; the AVX2 kernels are 3–6 times faster than the
// pure-Go ones.

// What the rest of the package uses from this file (keep it when optimising):
// newSweeper(x, w, k, full, workers), (*sweeper).run(m, labels, total) and
// (*sweeper).labelRows(m, labels) (em.go fills the labels once per fit);
// sweeper.full; newSuffStats, and of suffStats: logLik, nk, s1 (K×D, centred at
// the means of the mixture swept), scatterAt(k, r, c) and accumulate (init.go
// builds starting statistics with it); chunkRows (sweep_kmeans.go).
// The tests in sweep_test.go check the statistics against a two-pass computation
// and their independence of the number of workers.

// minChunkRows is the smallest number of rows in a chunk; maxChunks bounds the
// number of chunks (and so the memory for their statistics) for very large N.
const (
	minChunkRows = 4096
	maxChunks    = 1024
)

// tileRows is the number of rows the kernels take at a time (a multiple of lanes):
// a tile's coordinates and its K log-densities stay in the first-level cache.
const tileRows = 128

// tileLD is the leading dimension of the tile buffers: tileRows plus one cache line,
// so that the rows of a tile (tileRows·8 bytes apart otherwise, a power of two) do
// not all fall in the same few sets of the first-level cache.
const tileLD = tileRows + 8

// chunkRows returns the number of rows per chunk for n rows.
func chunkRows(n int) int {
	return max(minChunkRows, (n+maxChunks-1)/maxChunks)
}

// suffStats are the sufficient statistics of one sweep, centred at shifts c_k.
type suffStats struct {
	k, d   int
	full   bool      // s2 holds a D×D block per component (upper triangle filled); otherwise its diagonal
	logLik float64   // Σ_i w_i log p(x_i)
	nk     []float64 // K
	s1     []float64 // K×D
	s2     []float64 // K×D×D if full, else K×D
	// pooled: s2's first block holds Σ_k S2_k and the others zeros (a tied fit's
	// sweep; see sweeper.pooled); pairs[k*K+l] = Σ_i w_i γ_ik γ_il for k < l
	// while a chunk is swept.
	pooled bool
	pairs  []float64
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
	clear(s.pairs)
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

// mergeStats stores in total the sum of the chunks' statistics, added in chunk
// order with Neumaier's compensated summation (an infinite sum stays infinite).
func mergeStats(total *suffStats, chunks []*suffStats) {
	total.reset()
	var comp []float64
	sum := func(dst []float64, part func(*suffStats) []float64) {
		comp = append(comp[:0], make([]float64, len(dst))...)
		for _, s := range chunks {
			for i, v := range part(s) {
				t := dst[i] + v
				if math.IsInf(t, 0) || t != t { // no compensation: (dst − t) + v would be NaN
					dst[i] = t
					continue
				}
				if math.Abs(dst[i]) >= math.Abs(v) {
					comp[i] += (dst[i] - t) + v
				} else {
					comp[i] += (v - t) + dst[i]
				}
				dst[i] = t
			}
		}
		for i, c := range comp {
			dst[i] += c
		}
	}
	sum(total.nk, func(s *suffStats) []float64 { return s.nk })
	sum(total.s1, func(s *suffStats) []float64 { return s.s1 })
	sum(total.s2, func(s *suffStats) []float64 { return s.s2 })
	var ll compensated // the same sum, without a slice per chunk
	for _, s := range chunks {
		ll.add(s.logLik)
	}
	total.logLik = ll.value()
}

// sweepModel is a mixture laid out for the tile kernels, the tile form of the
// density kernel gauss (see its package documentation): log π_k + LogNorm_k −
// ½ |W_k x − v_k|² with W_k = L_k⁻¹ from gauss.Factor.PackedInverse. The data are
// seen shifted by ref (the mixture's mean): shift_k = μ_k − ref. Rows the tile
// kernels cannot evaluate in float64 (every term overflowed, or NaN) are handed
// to comps, the point-at-a-time kernel (repairRows).
type sweepModel struct {
	comps    *gauss.Components
	k, d     int
	diag     bool        // diagonal or spherical: use invVar, not tri
	ref      []float64   // D
	shift    [][]float64 // μ_k − ref
	shift4   [][]float64 // the shifts for momentsSym (shifts4), when the sweep uses it
	shiftT   []float64   // the shifts transposed, D × K (for the pooled sweep)
	tri      []*whitener // W_k = L_k⁻¹ and v_k = W_k shift_k
	tied     *whitener   // for a tied covariance: the one W (v = 0); then tri[k].v are the v_k
	ones     []float64   // D ones (tied: |z − v_k|² by the diagonal kernel)
	invVar   [][]float64 // 1/Σ_k,jj when diag
	constant []float64   // log π_k + LogNorm_k = log π_k − (D log 2π + log|Σ_k|)/2
}

func newSweepModel(m *Mixture) *sweepModel {
	k, d := m.K(), m.dim
	sm := &sweepModel{comps: &m.comps, k: k, d: d, diag: m.ct == Diagonal || m.ct == Spherical,
		ref: make([]float64, d), constant: make([]float64, k)}
	for c := 0; c < k; c++ {
		sm.constant[c] = m.logWeights[c] + m.factors[c].LogNorm()
		for j := range sm.ref {
			sm.ref[j] += m.weights[c] * m.means[c][j]
		}
	}
	for c := 0; c < k; c++ {
		sh := make([]float64, d)
		for j := range sh {
			sh[j] = m.means[c][j] - sm.ref[j]
		}
		sm.shift = append(sm.shift, sh)
		if symMoments(d) {
			sm.shift4 = append(sm.shift4, shifts4(sh, d))
		}
		if sm.diag {
			iv := make([]float64, d)
			for j := range iv {
				iv[j] = 1 / m.vars[c][j]
			}
			sm.invVar = append(sm.invVar, iv)
			continue
		}
		w := m.factors[c].PackedInverse()
		v := make([]float64, d)
		off := 0
		for i := range v {
			for j := 0; j <= i; j++ {
				v[i] += w[off+j] * sh[j]
			}
			off += i + 1
		}
		sm.tri = append(sm.tri, newWhitener(w, v, d))
	}
	sm.shiftT = make([]float64, d*k)
	for c, sh := range sm.shift {
		for j, v := range sh {
			sm.shiftT[j*k+c] = v
		}
	}
	if m.ct == Tied && k > 0 {
		sm.tied = newWhitener(sm.tri[0].w, nil, d)
		sm.ones = make([]float64, d)
		for j := range sm.ones {
			sm.ones[j] = 1
		}
	}
	return sm
}

// sweepScratch is one worker's tile buffers, column-major with leading dimension
// tileLD (tileRows rows used).
type sweepScratch struct {
	xt     []float64 // D × tileLD: the tile's rows minus ref
	zt     []float64 // paddedRows(D) × tileLD: W xt for a tied covariance
	gam    []float64 // K × tileLD: γ of a weighted pooled sweep
	lp     []float64 // K × tileLD: log π_k N_k(x), then w γ
	tt, ut []float64 // scratchRows(D) × tileLD: t = x − μ_k and w γ t for one component (rows past D zero)
	blk    []float64 // K blocks of chunkBlockLen(D): a chunk's scatter sums by blocks (blockedScatter), and first moments (symMoments)
	ones   []float64 // tileRows ones
	tops   []float64 // tileRows: max_k of the log terms
	root   []float64 // tileRows: √(w γ) of one component (rootMoments)
	sums   []float64 // tileRows: Σ_k exp(term − top)
	z      []float64 // D: repairRows's whitened point
	terms  []float64 // K: repairRows's log-responsibilities
}

func newSweepScratch(k, d int) sweepScratch {
	// xt's rows past d stay zero (momentsSym reads them).
	sc := sweepScratch{xt: make([]float64, max(d, scatterRows(d))*tileLD), zt: make([]float64, paddedRows(d)*tileLD), gam: make([]float64, k*tileLD), lp: make([]float64, k*tileLD),
		tt: make([]float64, scratchRows(d)*tileLD), ut: make([]float64, scratchRows(d)*tileLD), ones: make([]float64, tileRows),
		tops: make([]float64, tileRows), sums: make([]float64, tileRows), root: make([]float64, tileRows),
		z: make([]float64, d), terms: make([]float64, k)}
	for i := range sc.ones {
		sc.ones[i] = 1
	}
	return sc
}

// sweeper runs sweeps over one data set, reusing its buffers from sweep to sweep.
type sweeper struct {
	x       *mat.Dense
	w       []float64 // nil: all ones
	n, d, k int
	full    bool
	// pooled asks for the sum over the components of the scatter matrices only
	// (all a tied covariance needs), in the block of the first component with
	// N_k > 0: with m_i = Σ_k γ_ik c_k,
	//	Σ_k S2_k = Σ_i w_i (x_i − m_i)(x_i − m_i)ᵀ + Σ_{k<l} P_kl (c_k − c_l)(c_k − c_l)ᵀ,
	// P_kl = Σ_i w_i γ_ik γ_il: one D×D product per row instead of K, and a sum of
	// positive semi-definite terms (no cancellation).
	pooled  bool
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
	workers = parallel.Workers(nChunks, workers)
	sw := &sweeper{x: x, w: w, n: n, d: d, k: k, full: full, chunk: chunk,
		stats: make([]*suffStats, nChunks), scratch: make([]sweepScratch, workers)}
	for c := range sw.stats {
		sw.stats[c] = newSuffStats(k, d, full)
	}
	for i := range sw.scratch {
		sw.scratch[i] = newSweepScratch(k, d)
	}
	return sw
}

// setPooled makes the sweeps accumulate only Σ_k S2_k (see pooled); the sweeper
// must have been made with full.
func (sw *sweeper) setPooled() {
	if !sw.full {
		panic("gmm: pooled scatter without full")
	}
	sw.pooled = true
	for _, st := range sw.stats {
		st.pooled, st.pairs = true, make([]float64, sw.k*sw.k)
	}
}

// run sweeps the data with mixture m, storing the statistics centred at m's means
// in total and, if labels is not nil, each row's most responsible component.
func (sw *sweeper) run(m *Mixture, labels []int, total *suffStats) {
	sm := newSweepModel(m)
	sw.forChunks(func(c int, sc *sweepScratch) { sw.runChunk(sm, c, sc, labels) })
	mergeStats(total, sw.stats)
	total.pooled = sw.pooled
	if sw.pooled {
		total.movePooled()
	}
}

// movePooled moves the pooled scatter from the first block to that of the
// component with the largest N_k: the M-step adds the scatters of the components
// it does not count as empty only, and the largest is never one of those.
func (s *suffStats) movePooled() {
	dd := s.d * s.d
	c := floats.MaxIdx(s.nk)
	if c > 0 {
		copy(s.s2[c*dd:(c+1)*dd], s.s2[:dd])
		clear(s.s2[:dd])
	}
}

// labelRows stores in labels the most responsible component of every row under m
// (the labels run stores, without the statistics).
func (sw *sweeper) labelRows(m *Mixture, labels []int) {
	sm := newSweepModel(m)
	sw.forChunks(func(c int, sc *sweepScratch) {
		lo, hi := c*sw.chunk, min((c+1)*sw.chunk, sw.n)
		for t := lo; t < hi; t += tileRows {
			nr := min(hi, t+tileRows) - t
			n := sw.logTerms(sm, t, t+nr, sc)
			expNormalise(sc.lp, tileLD, sw.k, n, sc.tops, sc.sums)
			sw.repairRows(sm, t, nr, sc)
			tileLabels(sc.lp, sw.k, labels[t:t+nr])
		}
	})
}

// forChunks calls f for every chunk by parallel.For, on len(sw.scratch) goroutines
// each with its own scratch.
func (sw *sweeper) forChunks(f func(c int, sc *sweepScratch)) {
	parallel.For(len(sw.stats), len(sw.scratch), func(c, w int) { f(c, &sw.scratch[w]) })
}

// runChunk sweeps the rows of chunk c into sw.stats[c], a tile at a time.
func (sw *sweeper) runChunk(sm *sweepModel, c int, sc *sweepScratch, labels []int) {
	st := sw.stats[c]
	st.reset()
	blocked := sw.full && blockedScatter(sw.d)
	if blocked {
		sc.blk = clearedBuffer(sc.blk, sw.k*chunkBlockLen(sw.d))
	}
	lo, hi := c*sw.chunk, min((c+1)*sw.chunk, sw.n)
	for t := lo; t < hi; t += tileRows {
		sw.tile(sm, t, min(hi, t+tileRows), sc, st, labels)
	}
	if blocked {
		d, nb, ns := sw.d, scatterBlockLen(sw.d), chunkBlockLen(sw.d)
		for k := 0; k < sw.k; k++ {
			blk := sc.blk[k*ns : (k+1)*ns]
			unpackScatter(st.s2[k*d*d:(k+1)*d*d], blk[:nb], d)
			if symMoments(d) && !sw.pooled {
				floats.Add(st.s1[k*d:(k+1)*d], blk[nb:nb+d])
				st.nk[k] += blk[nb+scatterRows(d)]
			}
		}
	}
	if sw.pooled {
		addPairScatter(sm, st)
	}
}

// blockedScatter reports whether a full sweep in dimension d accumulates the
// scatter by blocks in the chunk's buffer (scatterBlocks): with the assembly
// kernels, from blockedMinMomentsDim on.
func blockedScatter(d int) bool { return useAVX && d >= blockedMinMomentsDim }

// chunkBlockLen returns the length of one component's part of a chunk's block
// buffer (sweepScratch.blk) in dimension d.
func chunkBlockLen(d int) int {
	if symMoments(d) {
		return momentsBlockLen(d)
	}
	return scatterBlockLen(d)
}

// clearedBuffer returns buf resliced to n zeros, reallocated if too short.
func clearedBuffer(buf []float64, n int) []float64 {
	if cap(buf) < n {
		return make([]float64, n)
	}
	buf = buf[:n]
	clear(buf)
	return buf
}

// tile sweeps rows [lo, hi), at most tileRows of them.
func (sw *sweeper) tile(sm *sweepModel, lo, hi int, sc *sweepScratch, st *suffStats, labels []int) {
	n := sw.logTerms(sm, lo, hi, sc)
	st.logLik += sw.responsibilities(sm, lo, hi-lo, n, sc, labels)
	if sw.pooled {
		sw.accumulatePooled(sm, lo, hi-lo, n, sc, st)
		return
	}
	for c := 0; c < sw.k; c++ {
		sw.accumulateTile(sm, c, n, sc, st)
	}
}

// logTerms copies rows [lo, hi) into sc.xt, column-major and shifted by ref,
// zero-padded to n rows (a multiple of lanes, returned), and stores
// log π_k + log N(x | μ_k, Σ_k) in sc.lp[k*tileRows+b].
func (sw *sweeper) logTerms(sm *sweepModel, lo, hi int, sc *sweepScratch) int {
	d, k, ld := sw.d, sw.k, tileLD
	nr := hi - lo
	n := (nr + lanes - 1) / lanes * lanes
	raw := sw.x.RawMatrix()
	xt := sc.xt
	copyShift(xt, ld, raw.Data[lo*raw.Stride:], raw.Stride, d, nr, n, sm.ref)
	if sm.tied != nil {
		whiten(sm.tied, xt, sc.zt, ld, n)
	}
	next := nextTileRows(raw.Data, raw.Stride, d, hi, sw.n)
	for c := 0; c < k; c++ {
		prefetchPart(next, c, k)
		out := sc.lp[c*ld : c*ld+n]
		switch {
		case sm.tied != nil: // W x − v_k = z − v_k: D² for the tile, not K D²
			sqDistLogDensity(sm.tri[c].v, sm.ones, sc.zt, out, ld, d, n, sm.constant[c])
		case sm.diag:
			diagLogDensity(sm.shift[c], sm.invVar[c], xt, out, ld, d, n, sm.constant[c])
		default:
			triLogDensity(sm.tri[c], xt, out, ld, n, sm.constant[c])
		}
	}
	return n
}

// nextTileRows returns the data of the tile after the one ending at row hi, up to
// tileRows rows of n with d numbers each at the given stride, for prefetchPart; nil
// at the end of the data, and nil when that tile is larger than prefetchMaxBytes.
func nextTileRows(data []float64, stride, d, hi, n int) []float64 {
	end := min(n, hi+tileRows)
	if hi >= end || (end-hi)*stride*8 > prefetchMaxBytes {
		return nil
	}
	return data[hi*stride : (end-1)*stride+d]
}

// prefetchMaxBytes bounds the tiles prefetchPart fetches ahead: half the
// first-level data cache (32 KB here), which a tile's own buffers share (D ≤ 16
// with tileRows = 128). Larger tiles were not faster with it (W4 full).
const prefetchMaxBytes = 16 << 10

// prefetchPart asks the caches for part c of k of rows (the next tile's, while the
// current tile's K log-densities are computed, so that its copy does not wait for
// memory): a hint only, in assembly, with no effect on any number; nothing in the
// pure-Go build.
func prefetchPart(rows []float64, c, k int) {
	if !useAVX || len(rows) == 0 {
		return
	}
	lo, hi := c*len(rows)/k, (c+1)*len(rows)/k
	if hi > lo {
		prefetchLinesAVX(&rows[lo], (hi-lo)*8)
	}
}

// responsibilities turns the tile's log terms into w_i γ_ik (zero on the padding
// rows and for rows of weight 0), stores the labels if asked, and returns
// Σ_i w_i log p(x_i). A row whose log p(x_i) is below −math.MaxFloat64 (about
// 1e154 standard deviations from every component) adds −Inf.
func (sw *sweeper) responsibilities(sm *sweepModel, lo, nr, n int, sc *sweepScratch, labels []int) float64 {
	k, ld, lp := sw.k, tileLD, sc.lp
	expNormalise(lp, ld, k, n, sc.tops, sc.sums)
	// With unit weights, a finite log-likelihood of the tile means that every
	// row's top and sum are finite (a NaN or −Inf in any row would show), so no
	// row needs repairRows: its per-row check is skipped.
	var unitLL float64
	unitOK := false
	if sw.w == nil {
		if ll, ok := unitLogLik(sc.tops[:nr], sc.sums[:nr], k); ok && ll-ll == 0 {
			unitLL, unitOK = ll, true
		}
	}
	if !unitOK {
		sw.repairRows(sm, lo, nr, sc)
	}
	if labels != nil {
		tileLabels(lp, k, labels[lo:lo+nr])
	}
	defer func() {
		for c := 0; c < k; c++ {
			clear(lp[c*ld+nr : c*ld+n])
		}
	}()
	if unitOK {
		return unitLL
	}
	if sw.w == nil {
		if ll, ok := unitLogLik(sc.tops[:nr], sc.sums[:nr], k); ok {
			return ll
		}
	}
	var ll float64
	for b := 0; b < nr; b++ {
		w := 1.0
		if sw.w != nil {
			w = sw.w[lo+b]
		}
		if w == 0 {
			for c := 0; c < k; c++ {
				lp[c*ld+b] = 0
			}
			continue
		}
		ll += w * (sc.tops[b] + math.Log(sc.sums[b]))
		if w != 1 {
			for c := 0; c < k; c++ {
				lp[c*ld+b] *= w
			}
		}
	}
	return ll
}

// repairRows recomputes, with the point-at-a-time kernel, the rows b < nr of the
// tile (rows lo+b of the data) that the tile kernels left without finite
// responsibilities: those whose every term overflowed to −Inf (the tile kernel
// squares |W x − v| without scaling) and those holding NaN. It stores their γ_ik in
// sc.lp and log p(x) as tops[b] with sums[b] = 1, so that each finite row gets
// responsibilities summing to 1 and a log p(x) that is −Inf only below
// −math.MaxFloat64.
func (sw *sweeper) repairRows(sm *sweepModel, lo, nr int, sc *sweepScratch) {
	for b := 0; b < nr; b++ {
		if t := sc.tops[b] + sc.sums[b]; t-t == 0 {
			continue
		}
		sc.tops[b] = sm.comps.LogResponsibilities(sc.terms, sw.x.RawRowView(lo+b), sc.z)
		sc.sums[b] = 1
		for c, v := range sc.terms {
			sc.lp[c*tileLD+b] = math.Exp(v)
		}
	}
}

// unitLogLik returns Σ_b (tops[b] + log sums[b]) for rows of unit weight, taking
// one log per logBlock(k) rows (of the product of their sums, each in [1, k], so
// the product stays far below overflow), and false if a top is −Inf (the caller's
// row-by-row loop handles such rows).
func unitLogLik(tops, sums []float64, k int) (float64, bool) {
	var top, logs float64
	block := logBlock(k)
	for len(sums) > 0 {
		m := min(len(sums), block)
		p := 1.0
		for b, s := range sums[:m] {
			p *= s
			top += tops[b]
		}
		logs += math.Log(p)
		tops, sums = tops[m:], sums[m:]
	}
	if math.IsInf(top, -1) {
		return 0, false
	}
	return top + logs, true
}

// logBlock returns the number of rows whose responsibility sums unitLogLik
// multiplies before a log: each sum is at most k < 2^L (L = bits.Len(k)), so the
// product of 1000/L of them stays below 2¹⁰⁰⁰ (at least 15 rows, k < 2⁶³).
func logBlock(k int) int { return 1000 / bits.Len(uint(k)) }

// tileLabels stores in labels[b] the index of the largest lp[c*tileLD+b] over
// c < k (the lowest on ties).
func tileLabels(lp []float64, k int, labels []int) {
	for b := range labels {
		best, top := 0, lp[b]
		for c := 1; c < k; c++ {
			if v := lp[c*tileLD+b]; v > top {
				best, top = c, v
			}
		}
		labels[b] = best
	}
}

// accumulateTile adds component c's statistics of the tile, with t = x − μ_c:
// N_c, Σ wγ t and Σ wγ t tᵀ (upper triangle) or its diagonal.
func (sw *sweeper) accumulateTile(sm *sweepModel, c, n int, sc *sweepScratch, st *suffStats) {
	d, ld := sw.d, tileLD
	g := sc.lp[c*ld : c*ld+n]
	if st.full && symMoments(d) {
		// N_c, t and wγ t in registers, nothing stored; all three go to the
		// chunk's buffer (runChunk adds N_c and S1 at the end).
		ns := chunkBlockLen(d)
		momentsSym(sc.xt, g, sm.shift4[c], sc.blk[c*ns:(c+1)*ns], ld, d, n)
		return
	}
	nk := dot(g, sc.ones, n)
	if nk == 0 {
		return
	}
	st.nk[c] += nk
	if st.full && blockedScatter(d) {
		// Σ wγ t tᵀ = V Vᵀ with V = diag(√(wγ)) T: one matrix stored, not two.
		ns := chunkBlockLen(d)
		rootMoments(sc.xt, g, sm.shift[c], sc.root, sc.tt, st.s1[c*d:(c+1)*d], ld, d, n)
		scatterSym(sc.tt, sc.blk[c*ns:c*ns+scatterBlockLen(d)], ld, d, n)
		return
	}
	nd := d
	if st.full {
		nd = d * d
	}
	moments(sc.xt, g, sm.shift[c], sc.tt, sc.ut, st.s1[c*d:(c+1)*d], st.s2[c*nd:(c+1)*nd], ld, d, n, st.full)
}

// accumulatePooled adds the tile's N_k and S1_k for every component, and its part
// of the pooled scatter: Σ_b w_b r_b r_bᵀ with r_b = x_b − Σ_k γ_bk c_k into the
// first block of s2, Σ_b w_b γ_bk γ_bl into pairs (see sweeper.pooled).
func (sw *sweeper) accumulatePooled(sm *sweepModel, lo, nr, n int, sc *sweepScratch, st *suffStats) {
	d, k, ld := sw.d, sw.k, tileLD
	gam := sc.lp // w γ; γ itself when unit weights
	if sw.w != nil {
		gam = sc.gam
		for c := 0; c < k; c++ {
			g, h := sc.lp[c*ld:c*ld+n], gam[c*ld:c*ld+n]
			for b := range h {
				if b < nr && sw.w[lo+b] != 0 {
					h[b] = g[b] / sw.w[lo+b]
				} else {
					h[b] = 0
				}
			}
		}
	}
	for c := 0; c < k; c++ {
		g := sc.lp[c*ld : c*ld+n]
		nk := dot(g, sc.ones, n)
		if nk == 0 {
			continue
		}
		st.nk[c] += nk
		centredSums(sc.xt, g, sm.shift[c], st.s1[c*d:(c+1)*d], ld, d, n)
	}
	pairSums(sc.lp, gam, ld, k, n, st.pairs)
	rt, ut := sc.tt, sc.ut
	residual(sc.xt, gam, sm.shiftT, rt, ld, d, k, n)
	if sw.w != nil {
		for j := 0; j < d; j++ {
			u, r := ut[j*ld:j*ld+n], rt[j*ld:j*ld+n]
			for b := range u {
				u[b] = 0
				if b < nr {
					u[b] = sw.w[lo+b] * r[b]
				}
			}
		}
	} else {
		ut = rt
	}
	if blockedScatter(d) {
		if sw.w == nil { // ut is rt: V Vᵀ
			scatterSym(rt, sc.blk[:scatterBlockLen(d)], ld, d, n)
			return
		}
		scatterBlocks(rt, ut, sc.blk[:scatterBlockLen(d)], ld, d, n)
		return
	}
	scatterTo(rt, ut, st.s2[:d*d], ld, d, n)
}

// addPairScatter adds Σ_{k<l} P_kl (c_k − c_l)(c_k − c_l)ᵀ to the first block of
// st.s2 (upper triangle) and clears P.
func addPairScatter(sm *sweepModel, st *suffStats) {
	d, k := sm.d, sm.k
	e := make([]float64, d)
	for c := 0; c < k; c++ {
		for l := c + 1; l < k; l++ {
			p := st.pairs[c*k+l]
			if p == 0 {
				continue
			}
			for j := range e {
				e[j] = sm.shift[c][j] - sm.shift[l][j]
			}
			for j := 0; j < d; j++ {
				pe := p * e[j]
				row := st.s2[j*d : (j+1)*d]
				for i := j; i < d; i++ {
					row[i] += pe * e[i]
				}
			}
		}
	}
	clear(st.pairs)
}

// logProbsDense stores log p(x_i) for every row of x in dst (length n) with the
// sweep's kernels, in parallel over chunks (each row's value does not depend on
// the number of workers). It is the fast path for Mixture.LogProbsTo on a
// *mat.Dense: the same numbers as the row-by-row solve to rounding.
func logProbsDense(m *Mixture, dst []float64, x *mat.Dense, workers int) {
	n, d := x.Dims()
	if d != m.dim || len(dst) != n {
		panic("gmm: logProbsDense shape mismatch")
	}
	sm := newSweepModel(m)
	sw := &sweeper{x: x, n: n, d: d, k: m.K(), chunk: chunkRows(n)}
	nChunks := (n + sw.chunk - 1) / sw.chunk
	sw.scratch = make([]sweepScratch, parallel.Workers(nChunks, workers))
	for i := range sw.scratch {
		sw.scratch[i] = newSweepScratch(sw.k, d)
	}
	parallel.For(nChunks, len(sw.scratch), func(c, w int) {
		lo, hi := c*sw.chunk, min((c+1)*sw.chunk, n)
		for t := lo; t < hi; t += tileRows {
			sw.tileLogProbs(sm, t, min(hi, t+tileRows), &sw.scratch[w], dst)
		}
	})
}

// tileLogProbs stores log p(x) of rows [lo, hi) in dst.
func (sw *sweeper) tileLogProbs(sm *sweepModel, lo, hi int, sc *sweepScratch, dst []float64) {
	nr := hi - lo
	n := sw.logTerms(sm, lo, hi, sc)
	expNormalise(sc.lp, tileLD, sw.k, n, sc.tops, sc.sums)
	sw.repairRows(sm, lo, nr, sc)
	for b := 0; b < nr; b++ {
		dst[lo+b] = sc.tops[b] + math.Log(sc.sums[b])
	}
}
