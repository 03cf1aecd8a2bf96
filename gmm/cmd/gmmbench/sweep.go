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
	ivar [][]float64 // length D (the D copies of 1/σ² for spherical)
	cst  []float64
	// The kernels see the data shifted by ref (the mixture's mean, so that no
	// digits are lost to a large offset): shifted means μ_k − ref and, for full
	// and tied, v_k = W_k(μ_k − ref).
	ref   []float64
	shift [][]float64
	v     [][]float64
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
			iv := make([]float64, d)
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
	p.ref = make([]float64, d)
	for c := 0; c < k; c++ {
		for j := range p.ref {
			p.ref[j] += m.Weight(c) * p.mu[c][j]
		}
	}
	for c := 0; c < k; c++ {
		sh := make([]float64, d)
		for j := range sh {
			sh[j] = p.mu[c][j] - p.ref[j]
		}
		p.shift = append(p.shift, sh)
		if p.tri != nil {
			v := make([]float64, d)
			off := 0
			for i := range v {
				for j := 0; j <= i; j++ {
					v[i] += p.tri[c][off+j] * sh[j]
				}
				off += i + 1
			}
			p.v = append(p.v, v)
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

// scratch is one worker's buffers, all column-major with leading dimension
// chunkRows.
type scratch struct {
	xt     []float64 // D × chunkRows: the chunk's rows shifted by ref
	lp     []float64 // K × chunkRows: log π_k N_k, then responsibilities
	tt, ut []float64 // D × chunkRows: centred rows t and γ t for one component
	ones   []float64
	tops   []float64
	sums   []float64
}

func newScratch(p *sweepParams) *scratch {
	sc := &scratch{xt: make([]float64, chunkRows*p.d), lp: make([]float64, chunkRows*p.k),
		tt: make([]float64, chunkRows*p.d), ut: make([]float64, chunkRows*p.d), ones: make([]float64, chunkRows),
		tops: make([]float64, chunkRows), sums: make([]float64, chunkRows)}
	for i := range sc.ones {
		sc.ones[i] = 1
	}
	return sc
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
			sc := newScratch(p)
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

// chunk processes rows [lo, hi): transpose and shift, log densities,
// log-sum-exp and responsibilities, then the statistics.
func (p *sweepParams) chunk(x *mat.Dense, lo, hi int, sc *scratch, st *sweepStats) {
	raw := x.RawMatrix()
	d, k, ld := p.d, p.k, chunkRows
	nr := hi - lo
	n := (nr + lanes - 1) / lanes * lanes
	xt := sc.xt
	for b := 0; b < nr; b++ {
		row := raw.Data[(lo+b)*raw.Stride : (lo+b)*raw.Stride+d]
		for j, v := range row {
			xt[j*ld+b] = v - p.ref[j]
		}
	}
	for j := 0; j < d; j++ {
		clear(xt[j*ld+nr : j*ld+n])
	}
	lp := sc.lp
	for c := 0; c < k; c++ {
		out := lp[c*ld : c*ld+n]
		if p.tri != nil {
			triLogDensity(p.tri[c], p.v[c], xt, out, ld, d, n, p.cst[c])
		} else {
			diagLogDensity(p.shift[c], p.ivar[c], xt, out, ld, d, n, p.cst[c])
		}
	}
	st.ll += normaliseColumns(lp, ld, k, nr, n, sc.tops, sc.sums)
	for c := 0; c < k; c++ {
		p.accumulate(c, n, sc, st)
	}
}

// normaliseColumns turns lp[c*ld+b] = log π_c N_c(x_b) into responsibilities for
// b < nr, zeroes the padding rows up to n, and returns Σ_b log p(x_b).
func normaliseColumns(lp []float64, ld, k, nr, n int, tops, sums []float64) float64 {
	expNormalise(lp, ld, k, n, tops, sums)
	var ll float64
	for b := 0; b < nr; b++ {
		ll += tops[b] + math.Log(sums[b])
	}
	for c := 0; c < k; c++ {
		clear(lp[c*ld+nr : c*ld+n])
	}
	return ll
}

// accumulate adds component c's statistics of the chunk: N_c, Σγt and Σγttᵀ
// (packed lower) or its diagonal, with t = x − μ_c.
func (p *sweepParams) accumulate(c, n int, sc *scratch, st *sweepStats) {
	d, ld := p.d, chunkRows
	g := sc.lp[c*ld : c*ld+n]
	nk := dot(g, sc.ones, n)
	if nk == 0 {
		return
	}
	st.nk[c] += nk
	s1 := st.s1[c*d : (c+1)*d]
	l2 := p.s2Len()
	s2 := st.s2[c*l2 : (c+1)*l2]
	row := func(buf []float64, j int) []float64 { return buf[j*ld : j*ld+n] }
	for j := 0; j < d; j++ {
		centreScale(row(sc.tt, j), row(sc.ut, j), row(sc.xt, j), g, p.shift[c][j], n)
		s1[j] += dot(row(sc.ut, j), sc.ones, n)
	}
	switch p.ct {
	case gmm.Diagonal:
		for j := 0; j < d; j++ {
			s2[j] += dot(row(sc.ut, j), row(sc.tt, j), n)
		}
	case gmm.Spherical:
		for j := 0; j < d; j++ {
			s2[0] += dot(row(sc.ut, j), row(sc.tt, j), n)
		}
	default:
		off := 0
		for i := 0; i < d; i++ {
			u := row(sc.ut, i)
			for j := 0; j <= i; j++ {
				s2[off+j] += dot(u, row(sc.tt, j), n)
			}
			off += i + 1
		}
	}
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
