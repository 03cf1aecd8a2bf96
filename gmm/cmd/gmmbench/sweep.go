package main

import (
	"math"
	"runtime"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// Fixed partition of the rows: blocks of blockRows rows, processed by any worker
// in any order but each into its own slot, then merged in block order, so the
// result does not depend on the number of workers. Inside a block, rows go in
// chunks of chunkRows whose per-component log densities fit in cache.
const (
	blockRows = 8192
	chunkRows = 128
)

// sweepParams holds what one E-step needs about a mixture, laid out for the
// kernels: centres μ_k, the packed lower-triangular inverse Cholesky factor
// W_k = L_k⁻¹ (full, tied), the inverse variances (diagonal, spherical), and
// c_k = log π_k − ½(D log 2π + log|Σ_k|).
type sweepParams struct {
	ct   gmm.CovarianceType
	k, d int
	mu   [][]float64
	tri  [][]float64 // row i holds W_k[i][0..i]
	ivar [][]float64 // length D (diagonal) or 1 (spherical)
	cst  []float64
}

func packedLen(d int) int { return d * (d + 1) / 2 }

func newSweepParams(m *gmm.Mixture) *sweepParams {
	k, d := m.K(), m.Dim()
	p := &sweepParams{ct: m.CovarianceType(), k: k, d: d, cst: make([]float64, k)}
	log2Pi := math.Log(2 * math.Pi)
	var l mat.TriDense
	var inv mat.TriDense
	cov := mat.NewSymDense(d, nil)
	for c := 0; c < k; c++ {
		p.mu = append(p.mu, m.Mean(c))
		p.cst[c] = math.Log(m.Weight(c)) - 0.5*(float64(d)*log2Pi+m.LogDet(c))
		switch p.ct {
		case gmm.Diagonal, gmm.Spherical:
			m.CovarianceMatrix(c, cov)
			n := d
			if p.ct == gmm.Spherical {
				n = 1
			}
			iv := make([]float64, n)
			for j := range iv {
				iv[j] = 1 / cov.At(j, j)
			}
			p.ivar = append(p.ivar, iv)
		default:
			m.Cholesky(c).LTo(&l)
			if err := inv.InverseTri(&l); err != nil {
				panic(err)
			}
			w := make([]float64, 0, packedLen(d))
			for i := 0; i < d; i++ {
				for j := 0; j <= i; j++ {
					w = append(w, inv.At(i, j))
				}
			}
			p.tri = append(p.tri, w)
		}
	}
	return p
}

// sweepStats are the sufficient statistics of one sweep, centred at the old
// means c_k: N_k = Σγ, s1_k = Σγ(x−c_k), s2_k = Σγ(x−c_k)(x−c_k)ᵀ (packed lower,
// full and tied), Σγ(x−c_k)² per coordinate (diagonal) or summed (spherical).
type sweepStats struct {
	nk     []float64
	s1, s2 []float64
	ll     float64
}

func (p *sweepParams) s2Len() int {
	switch p.ct {
	case gmm.Diagonal:
		return p.d
	case gmm.Spherical:
		return 1
	}
	return packedLen(p.d)
}

func newStats(p *sweepParams) *sweepStats {
	return &sweepStats{nk: make([]float64, p.k), s1: make([]float64, p.k*p.d), s2: make([]float64, p.k*p.s2Len())}
}

func (s *sweepStats) reset() {
	clear(s.nk)
	clear(s.s1)
	clear(s.s2)
	s.ll = 0
}

// scratch is one worker's buffers.
type scratch struct {
	lp   []float64 // chunkRows × K log densities, then responsibilities
	diff []float64 // 4 × D centred points
}

// sweep runs one E-step over x and accumulates the statistics for the M-step.
func sweep(x *mat.Dense, p *sweepParams, workers int) *sweepStats {
	n, _ := x.Dims()
	nb := (n + blockRows - 1) / blockRows
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, nb)
	slots := make([]*sweepStats, nb)
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sc := &scratch{lp: make([]float64, chunkRows*p.k), diff: make([]float64, 4*p.d)}
			for {
				b := int(next.Add(1) - 1)
				if b >= nb {
					return
				}
				st := newStats(p)
				lo, hi := b*blockRows, min(n, (b+1)*blockRows)
				for c := lo; c < hi; c += chunkRows {
					p.chunk(x, c, min(hi, c+chunkRows), sc, st)
				}
				slots[b] = st
			}
		}()
	}
	wg.Wait()
	return merge(p, slots)
}

// merge adds the block statistics in block order with Neumaier compensation.
func merge(p *sweepParams, slots []*sweepStats) *sweepStats {
	out := newStats(p)
	sumInto := func(dst []float64, get func(*sweepStats) []float64) {
		comp := make([]float64, len(dst))
		for _, s := range slots {
			for i, v := range get(s) {
				t := dst[i] + v
				if math.Abs(dst[i]) >= math.Abs(v) {
					comp[i] += (dst[i] - t) + v
				} else {
					comp[i] += (v - t) + dst[i]
				}
				dst[i] = t
			}
		}
		for i := range dst {
			dst[i] += comp[i]
		}
	}
	sumInto(out.nk, func(s *sweepStats) []float64 { return s.nk })
	sumInto(out.s1, func(s *sweepStats) []float64 { return s.s1 })
	sumInto(out.s2, func(s *sweepStats) []float64 { return s.s2 })
	ll := []float64{0}
	sumInto(ll, func(s *sweepStats) []float64 { return []float64{s.ll} })
	out.ll = ll[0]
	return out
}

// chunk processes rows [lo, hi): log densities, log-sum-exp, responsibilities,
// then the statistics.
func (p *sweepParams) chunk(x *mat.Dense, lo, hi int, sc *scratch, st *sweepStats) {
	raw, stride := x.RawMatrix().Data, x.RawMatrix().Stride
	nr, k := hi-lo, p.k
	rows := raw[lo*stride : (hi-1)*stride+p.d]
	lp := sc.lp[:nr*k]
	for c := 0; c < k; c++ {
		p.logDensities(c, rows, stride, nr, lp)
	}
	st.ll += normalise(lp, nr, k)
	for c := 0; c < k; c++ {
		p.accumulate(c, rows, stride, nr, lp, sc, st)
	}
}

// normalise turns each row of lp (log π_k N_k) into responsibilities and returns
// Σ log p(x).
func normalise(lp []float64, nr, k int) float64 {
	var ll float64
	for b := 0; b < nr; b++ {
		row := lp[b*k : b*k+k]
		top := row[0]
		for _, v := range row[1:] {
			top = max(top, v)
		}
		var s float64
		for j, v := range row {
			e := math.Exp(v - top)
			row[j] = e
			s += e
		}
		inv := 1 / s
		for j := range row {
			row[j] *= inv
		}
		ll += top + math.Log(s)
	}
	return ll
}

// logDensities stores log π_c N(x_b | μ_c, Σ_c) in lp[b*K+c] for each row b.
func (p *sweepParams) logDensities(c int, rows []float64, stride, nr int, lp []float64) {
	d, k, mu, cst := p.d, p.k, p.mu[c], p.cst[c]
	switch p.ct {
	case gmm.Diagonal, gmm.Spherical:
		iv := p.ivar[c]
		for b := 0; b < nr; b++ {
			x := rows[b*stride : b*stride+d]
			var m float64
			if len(iv) == 1 {
				for j, v := range x {
					t := v - mu[j]
					m += t * t
				}
				m *= iv[0]
			} else {
				iv := iv[:d]
				mu := mu[:d]
				for j, v := range x {
					t := v - mu[j]
					m += t * t * iv[j]
				}
			}
			lp[b*k+c] = cst - 0.5*m
		}
	default:
		w := p.tri[c]
		b := 0
		for ; b+4 <= nr; b += 4 {
			m0, m1, m2, m3 := mahalanobis4(w, mu, rows[b*stride:], stride, d)
			lp[b*k+c] = cst - 0.5*m0
			lp[(b+1)*k+c] = cst - 0.5*m1
			lp[(b+2)*k+c] = cst - 0.5*m2
			lp[(b+3)*k+c] = cst - 0.5*m3
		}
		for ; b < nr; b++ {
			lp[b*k+c] = cst - 0.5*mahalanobis1(w, mu, rows[b*stride:b*stride+d])
		}
	}
}

// mahalanobis1 returns |W(x−μ)|² for packed lower-triangular W.
func mahalanobis1(w, mu, x []float64) float64 {
	var m float64
	off := 0
	for i := range x {
		row := w[off : off+i+1]
		off += i + 1
		var a float64
		for j, wij := range row {
			a += wij * (x[j] - mu[j])
		}
		m += a * a
	}
	return m
}

// mahalanobis4 is mahalanobis1 for the four rows starting at rows[0], rows[stride], …
func mahalanobis4(w, mu, rows []float64, stride, d int) (m0, m1, m2, m3 float64) {
	var buf [4 * 64]float64
	var dd []float64
	if 4*d <= len(buf) {
		dd = buf[:4*d]
	} else {
		dd = make([]float64, 4*d)
	}
	d0, d1, d2, d3 := dd[:d], dd[d:2*d], dd[2*d:3*d], dd[3*d:4*d]
	x0, x1, x2, x3 := rows[:d], rows[stride:stride+d], rows[2*stride:2*stride+d], rows[3*stride:3*stride+d]
	for j, u := range mu[:d] {
		d0[j], d1[j], d2[j], d3[j] = x0[j]-u, x1[j]-u, x2[j]-u, x3[j]-u
	}
	off := 0
	for i := 0; i < d; i++ {
		row := w[off : off+i+1]
		off += i + 1
		e0, e1, e2, e3 := d0[:len(row)], d1[:len(row)], d2[:len(row)], d3[:len(row)]
		var a0, a1, a2, a3 float64
		for j, wij := range row {
			a0 += wij * e0[j]
			a1 += wij * e1[j]
			a2 += wij * e2[j]
			a3 += wij * e3[j]
		}
		m0 += a0 * a0
		m1 += a1 * a1
		m2 += a2 * a2
		m3 += a3 * a3
	}
	return
}

// accumulate adds component c's statistics of the chunk's rows.
func (p *sweepParams) accumulate(c int, rows []float64, stride, nr int, g []float64, sc *scratch, st *sweepStats) {
	d, k, mu := p.d, p.k, p.mu[c]
	s1 := st.s1[c*d : (c+1)*d]
	l2 := p.s2Len()
	s2 := st.s2[c*l2 : (c+1)*l2]
	t := sc.diff[:d]
	var nk float64
	for b := 0; b < nr; b++ {
		gb := g[b*k+c]
		if gb == 0 {
			continue
		}
		nk += gb
		x := rows[b*stride : b*stride+d]
		for j, v := range x {
			t[j] = v - mu[j]
			s1[j] += gb * t[j]
		}
		switch p.ct {
		case gmm.Diagonal:
			for j, v := range t {
				s2[j] += gb * v * v
			}
		case gmm.Spherical:
			var q float64
			for _, v := range t {
				q += v * v
			}
			s2[0] += gb * q
		default:
			off := 0
			for i, ti := range t {
				gi := gb * ti
				row := s2[off : off+i+1]
				off += i + 1
				for j := range row {
					row[j] += gi * t[j]
				}
			}
		}
	}
	st.nk[c] += nk
}

// mstep returns the maximum-likelihood mixture for the statistics (no
// regularisation), as scikit-learn's M-step.
func (p *sweepParams) mstep(st *sweepStats, n int) (*gmm.Mixture, error) {
	k, d := p.k, p.d
	weights := make([]float64, k)
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	tied := mat.NewSymDense(d, nil)
	var wsum float64
	for c := 0; c < k; c++ {
		wsum += st.nk[c]
	}
	for c := 0; c < k; c++ {
		nk := st.nk[c]
		weights[c] = nk / wsum
		delta := make([]float64, d)
		means[c] = make([]float64, d)
		for j := range delta {
			delta[j] = st.s1[c*d+j] / nk
			means[c][j] = p.mu[c][j] + delta[j]
		}
		cov := mat.NewSymDense(d, nil)
		switch p.ct {
		case gmm.Diagonal:
			for j := 0; j < d; j++ {
				cov.SetSym(j, j, st.s2[c*d+j]/nk-delta[j]*delta[j])
			}
		case gmm.Spherical:
			var dd float64
			for _, v := range delta {
				dd += v * v
			}
			v := (st.s2[c]/nk - dd) / float64(d)
			for j := 0; j < d; j++ {
				cov.SetSym(j, j, v)
			}
		default:
			s2 := st.s2[c*packedLen(d):]
			off := 0
			for i := 0; i < d; i++ {
				for j := 0; j <= i; j++ {
					cov.SetSym(i, j, s2[off+j]/nk-delta[i]*delta[j])
				}
				off += i + 1
			}
			if p.ct == gmm.Tied {
				for i := 0; i < d; i++ {
					for j := 0; j <= i; j++ {
						tied.SetSym(i, j, tied.At(i, j)+nk*cov.At(i, j))
					}
				}
			}
		}
		covs[c] = cov
	}
	if p.ct == gmm.Tied {
		tied.ScaleSym(1/wsum, tied)
		for c := range covs {
			covs[c] = tied
		}
	}
	return gmm.NewTyped(p.ct, weights, means, covs)
}

// protoFit runs exactly iters EM iterations from start.
func protoFit(x *mat.Dense, start *gmm.Mixture, iters, workers int) (*gmm.Mixture, error) {
	m := start
	n, _ := x.Dims()
	for it := 0; it < iters; it++ {
		p := newSweepParams(m)
		st := sweep(x, p, workers)
		var err error
		if m, err = p.mstep(st, n); err != nil {
			return nil, err
		}
	}
	return m, nil
}
