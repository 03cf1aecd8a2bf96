package gmm

import (
	"math"
	"math/rand/v2"
	"testing"
)

// withGo runs f with the pure-Go kernels.
func withGo(f func()) {
	saved := useAVX
	useAVX = false
	defer func() { useAVX = saved }()
	f()
}

// needAssembly skips a test that compares the assembly kernels with the Go loops
// where there is no assembly to compare: without AVX2 and FMA, on another
// architecture, or under the purego build tag.
func needAssembly(t *testing.T) {
	t.Helper()
	if !hasAVX2FMA {
		t.Skip("no assembly kernels on this build or CPU (needs amd64 with AVX2 and FMA, without -tags purego): nothing to compare with the Go loops")
	}
}

func randSlice(rng *rand.Rand, n int, scale float64) []float64 {
	s := make([]float64, n)
	for i := range s {
		s[i] = scale * rng.NormFloat64()
	}
	return s
}

func closeRel(a, b, tol float64) bool {
	return math.Abs(a-b) <= tol*math.Max(1, math.Max(math.Abs(a), math.Abs(b)))
}

// TestKernelsAgree checks the assembly kernels against the pure-Go loops, to
// 1e-13 relative on random tiles (skipped where there is no assembly).
func TestKernelsAgree(t *testing.T) {
	needAssembly(t)
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{1, 2, 3, 4, 5, 10, 17, 40, 50, 51} {
		ld, n := 64, 48
		xt := randSlice(rng, d*ld, 3)
		w := randSlice(rng, d*(d+1)/2, 1)
		v := randSlice(rng, d, 1)
		mu := randSlice(rng, d, 1)
		iv := make([]float64, d)
		for j := range iv {
			iv[j] = 0.5 + rng.Float64()
		}
		a, b := make([]float64, n), make([]float64, n)
		f := newWhitener(w, v, d)
		blocked := make([]float64, n)
		if d >= blockedMinDim { // the other assembly kernel, the same to the bit
			triLogDensityAVX(&w[0], &v[0], &xt[0], &blocked[0], ld, d, n, -1.5)
		} else {
			triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &blocked[0], nil, ld, d, n, -1.5)
		}
		triLogDensity(f, xt, a, ld, n, -1.5)
		for i := range a {
			if a[i] != blocked[i] {
				t.Fatalf("triLogDensity d=%d row %d: blocked and row-at-a-time kernels differ: %v, %v", d, i, a[i], blocked[i])
			}
		}
		triLogDensityAVX(&w[0], &v[0], &xt[0], &blocked[0], ld, d, n, -1.5)
		tri2AVX(&w[0], &v[0], &xt[0], &a[0], ld, d, n, -1.5)
		for i := range a {
			if a[i] != blocked[i] {
				t.Fatalf("d=%d row %d: two-row and row-at-a-time kernels differ: %v, %v", d, i, a[i], blocked[i])
			}
		}
		triLogDensity(f, xt, a, ld, n, -1.5)
		withGo(func() { triLogDensity(f, xt, b, ld, n, -1.5) })
		for i := range a {
			if !closeRel(a[i], b[i], 1e-13) {
				t.Fatalf("triLogDensity d=%d row %d: %v, want %v", d, i, a[i], b[i])
			}
		}
		za, zb := make([]float64, paddedRows(d)*ld), make([]float64, paddedRows(d)*ld)
		whiten(f, xt, za, ld, n)
		withGo(func() { whiten(f, xt, zb, ld, n) })
		for i := 0; i < d; i++ {
			for c := 0; c < n; c++ {
				if p, q := za[i*ld+c], zb[i*ld+c]; !closeRel(p, q, 1e-13) {
					t.Fatalf("whiten d=%d (%d, %d): %v, want %v", d, i, c, p, q)
				}
			}
		}
		diagLogDensity(mu, iv, xt, a, ld, d, n, 2.5)
		diagLogDensityAVX(&mu[0], &iv[0], &xt[0], &blocked[0], ld, d, n, 2.5)
		for i := range a { // n = 48: 32 rows by diag32AVX, 16 by diagLogDensityAVX
			if a[i] != blocked[i] {
				t.Fatalf("diagLogDensity d=%d row %d: 32-row and 16-row kernels differ: %v, %v", d, i, a[i], blocked[i])
			}
		}
		withGo(func() { diagLogDensity(mu, iv, xt, b, ld, d, n, 2.5) })
		ones := make([]float64, d)
		for j := range ones {
			ones[j] = 1
		}
		sqDistLogDensity(mu, ones, xt, blocked, ld, d, n, 2.5)
		diagLogDensity(mu, ones, xt, a, ld, d, n, 2.5)
		for i := range a { // unit inverse variances: the multiplications by 1 are exact
			if a[i] != blocked[i] {
				t.Fatalf("sqDistLogDensity d=%d row %d: %v, diagLogDensity with ones %v", d, i, blocked[i], a[i])
			}
		}
		diagLogDensity(mu, iv, xt, a, ld, d, n, 2.5)
		for i := range a {
			if !closeRel(a[i], b[i], 1e-13) {
				t.Fatalf("diagLogDensity d=%d row %d: %v, want %v", d, i, a[i], b[i])
			}
		}
		var dg float64
		withGo(func() { dg = dot(xt, w[:min(len(w), n)], min(len(w), n)/lanes*lanes) })
		if da := dot(xt, w, min(len(w), n)/lanes*lanes); !closeRel(da, dg, 1e-13) {
			t.Fatalf("dot: %v, want %v", da, dg)
		}
		gam := randSlice(rng, n, 1)
		t1, u1, t2, u2 := make([]float64, n), make([]float64, n), make([]float64, n), make([]float64, n)
		centreScale(t1, u1, xt, gam, 0.7, n)
		withGo(func() { centreScale(t2, u2, xt, gam, 0.7, n) })
		for i := range t1 {
			if t1[i] != t2[i] || u1[i] != u2[i] {
				t.Fatalf("centreScale row %d", i)
			}
		}
	}
}

// TestExpNormalise checks the vectorised exp and normalisation against math.Exp,
// including arguments that underflow and components of weight zero (−Inf).
func TestExpNormalise(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	const ld, k, n = 32, 5, 32
	lp := randSlice(rng, k*ld, 200)
	for b := 0; b < n; b += 7 {
		lp[2*ld+b] = math.Inf(-1)
	}
	lp[0] = 1e3
	lp[1], lp[ld+1] = -1e3, -1e3+800
	ref := append([]float64(nil), lp...)
	tops, sums := make([]float64, n), make([]float64, n)
	tops2, sums2 := make([]float64, n), make([]float64, n)
	expNormalise(lp, ld, k, n, tops, sums)
	withGo(func() { expNormalise(ref, ld, k, n, tops2, sums2) })
	for b := 0; b < n; b++ {
		if tops[b] != tops2[b] || !closeRel(sums[b], sums2[b], 4e-16) {
			t.Fatalf("row %d: top %v sum %v, want %v %v", b, tops[b], sums[b], tops2[b], sums2[b])
		}
		var s float64
		for c := 0; c < k; c++ {
			g, want := lp[c*ld+b], ref[c*ld+b]
			s += g
			if math.Abs(g-want) > 4e-16*want+1e-300 {
				t.Fatalf("row %d component %d: γ = %v, want %v", b, c, g, want)
			}
		}
		if math.Abs(s-1) > 1e-15 {
			t.Fatalf("row %d: responsibilities sum to %v", b, s)
		}
	}
}

// TestExpKernel checks the exponential inside expNormalise (assembly where there
// is one, else math.Exp) against math.Exp over (−745, 0]: within 4 ulp for
// x ≥ −708, and within e⁻⁷⁰⁸ ≈ 3.3e-308 below that (the assembly documents that
// arguments below −708 give exactly 0, which moves a responsibility by less than
// that). Each
// point x sits in a two-component column with 0, whose responsibility
// γ = e^x / (1 + e^x) is compared with the same expression in math.Exp: both
// divide by the same rounded 1 + e^x, so a wrong exponential shows at every x,
// not only where e^x is visible next to 1.
func TestExpKernel(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	const ld = 256
	xs := make([]float64, 0, 4096)
	for i := 1; i < 4000; i++ {
		xs = append(xs, -745*float64(i)/4000*(1-1e-12))
	}
	for range 80 {
		xs = append(xs, -745*rng.Float64())
	}
	xs = append(xs, -1e-300, -0.3465, -0.3466, -708.39, -707.9, 0, -36.04, -36.05)
	for len(xs)%ld != 0 {
		xs = append(xs, -rng.Float64())
	}
	tops, sums := make([]float64, ld), make([]float64, ld)
	for lo := 0; lo < len(xs); lo += ld {
		lp := make([]float64, 2*ld) // component 1 at 0 keeps top = 0
		copy(lp, xs[lo:lo+ld])
		expNormalise(lp, ld, 2, ld, tops, sums)
		for b, x := range xs[lo : lo+ld] {
			e := math.Exp(x)
			want, got := e*(1/(1+e)), lp[b]
			tol := 4 * ulp(want)
			if x < -708 {
				tol = math.Exp(-708)
			}
			if tops[b] != 0 || !(math.Abs(got-want) <= tol) {
				t.Errorf("x = %v: γ = e^x/(1+e^x) is %v (top %v), want %v (%.2g ulp)", x, got, tops[b], want, math.Abs(got-want)/ulp(want))
			}
		}
	}
}

// ulp returns the spacing of float64 values at |v|.
func ulp(v float64) float64 {
	v = math.Abs(v)
	return math.Nextafter(v, math.Inf(1)) - v
}

// TestMomentsAgree checks the assembly moments kernel against the Go loops.
func TestMomentsAgree(t *testing.T) {
	needAssembly(t)
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range []int{1, 2, 5, 6, 10, 33, 50} {
		for _, full := range []bool{false, true} {
			ld, n := 80, 64
			xt := randSlice(rng, d*ld, 2)
			g := randSlice(rng, n, 1)
			shift := randSlice(rng, d, 1)
			nd := d
			if full {
				nd = d * d
			}
			s1a, s2a := randSlice(rng, d, 1), randSlice(rng, nd, 1)
			s1b, s2b := append([]float64(nil), s1a...), append([]float64(nil), s2a...)
			tta, uta := make([]float64, d*ld), make([]float64, d*ld)
			ttb, utb := make([]float64, d*ld), make([]float64, d*ld)
			moments(xt, g, shift, tta, uta, s1a, s2a, ld, d, n, full)
			withGo(func() { moments(xt, g, shift, ttb, utb, s1b, s2b, ld, d, n, full) })
			for i := range s1a {
				if !closeRel(s1a[i], s1b[i], 1e-13) {
					t.Fatalf("d=%d full=%v: s1[%d] = %v, want %v", d, full, i, s1a[i], s1b[i])
				}
			}
			for i := range s2a {
				if !closeRel(s2a[i], s2b[i], 1e-13) {
					t.Fatalf("d=%d full=%v: s2[%d] = %v, want %v", d, full, i, s2a[i], s2b[i])
				}
			}
		}
	}
}

// TestCopyShift checks the assembly tile copy bit for bit against the Go loop, for
// row counts that are not multiples of 4, a stride wider than D, and the padding.
func TestCopyShift(t *testing.T) {
	needAssembly(t)
	rng := rand.New(rand.NewPCG(5, 6))
	for _, d := range []int{1, 2, 3, 4, 7, 8, 10, 50} {
		for _, nr := range []int{0, 1, 3, 4, 5, 16, 47, 64} {
			stride, ld, n := d+3, 64, (nr+lanes-1)/lanes*lanes
			if nr%2 == 1 || nr == 64 {
				stride = d // contiguous rows (copyShift2AVX at d = 2)
			}
			src := randSlice(rng, max(nr, 1)*stride, 1e3)
			ref := randSlice(rng, d, 1e3)
			a, b := randSlice(rng, d*ld, 1), make([]float64, d*ld)
			copy(b, a)
			copyShift(a, ld, src, stride, d, nr, n, ref)
			withGo(func() { copyShift(b, ld, src, stride, d, nr, n, ref) })
			for j := 0; j < d; j++ {
				for r := 0; r < n; r++ {
					want := 0.0
					if r < nr {
						want = src[r*stride+j] - ref[j]
					}
					if a[j*ld+r] != want || b[j*ld+r] != want {
						t.Fatalf("d=%d nr=%d: xt[%d,%d] = %v (asm), %v (go), want %v", d, nr, j, r, a[j*ld+r], b[j*ld+r], want)
					}
				}
			}
		}
	}
}

// TestNearestCentres checks the assembly nearest-centre kernel against the Go loop
// and against distances computed directly, with duplicated centres (ties go to the
// TestScatterBlocks checks the blocked scatter kernel (all the blocks of a tile
// in one call) against the Go loops to 1e-13 relative, block by block against
// dot3x3AVX bit for bit, and its unpacked sums against dot products computed
// here, for dimensions that are and are not multiples of 3.
func TestScatterBlocks(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 16))
	for _, d := range []int{1, 2, 3, 4, 6, 10, 11, 33, 50} {
		const ld, n = 80, 64
		rows := scatterRows(d)
		tt, ut := make([]float64, rows*ld), make([]float64, rows*ld)
		copy(tt, randSlice(rng, d*ld, 2))
		copy(ut, randSlice(rng, d*ld, 2))
		a := randSlice(rng, scatterBlockLen(d), 1)
		b := append([]float64(nil), a...)
		scatterBlocks(tt, ut, a, ld, d, n)
		withGo(func() { scatterBlocks(tt, ut, b, ld, d, n) })
		for i := range a {
			if !closeRel(a[i], b[i], 1e-13) {
				t.Fatalf("d=%d: block sum %d = %v, want %v", d, i, a[i], b[i])
			}
		}
		if hasAVX2FMA && scatterBlockSize(d) == blockRows {
			c := make([]float64, len(a))
			withAVX2(func() { scatterBlocks(tt, ut, c, ld, d, n) }) // AVX-512F sums in another order
			p := 0
			for bi := 0; bi < rows/blockRows; bi++ {
				for bj := 0; bj <= bi; bj++ {
					var out [blockRows * blockRows]float64
					dot3x3AVX(&ut[blockRows*bi*ld], &tt[blockRows*bj*ld], ld, n, &out[0])
					for q, v := range out {
						if c[p+q] != v {
							t.Fatalf("d=%d: blocks (%d, %d) entry %d = %v, dot3x3AVX %v", d, bi, bj, q, c[p+q], v)
						}
					}
					p += len(out)
				}
			}
		}
		s2 := make([]float64, d*d)
		c := make([]float64, len(a))
		scatterBlocks(tt, ut, c, ld, d, n)
		unpackScatter(s2, c, d)
		for i := 0; i < d; i++ {
			for j := 0; j < d; j++ {
				want := 0.0
				if j <= i {
					for r := 0; r < n; r++ {
						want += ut[i*ld+r] * tt[j*ld+r]
					}
				}
				if !closeRel(s2[j*d+i], want, 1e-12) {
					t.Fatalf("d=%d: s2[%d,%d] = %v, want %v", d, j, i, s2[j*d+i], want)
				}
			}
		}
	}
}

// TestScatterSym checks the symmetric scatter (V Vᵀ by blocks, scatterSym2AVX for
// blocks of two rows) against the Go loops of scatterBlocks(v, v) to 1e-13
// relative on every entry unpackScatter reads, and its unpacked sums against dot
// products computed here to 1e-12, for even and odd dimensions on both sides of
// the four-row passes (d = 6, 7, 10, 11, …) and tiles of 16 to 128 rows, with
// sums already in the buffer.
func TestScatterSym(t *testing.T) {
	rng := rand.New(rand.NewPCG(21, 22))
	for _, d := range []int{1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 16, 17, 23, 24, 30} {
		for _, n := range []int{16, 48, 128} {
			const ld = 136
			rows := scatterRows(d)
			vt := make([]float64, rows*ld)
			copy(vt, randSlice(rng, d*ld, 2))
			a := randSlice(rng, scatterBlockLen(d), 1)
			b := append([]float64(nil), a...)
			scatterSym(vt, a, ld, d, n)
			withGo(func() { scatterSym(vt, b, ld, d, n) })
			bs := scatterBlockSize(d)
			p := 0
			for bi := 0; bi < rows/bs; bi++ {
				for bj := 0; bj <= bi; bj++ {
					for q := 0; q < bs*bs; q++ {
						if bi == bj && q/bs < q%bs {
							continue // above the diagonal: not read
						}
						if i := p + q; !closeRel(a[i], b[i], 1e-13) {
							t.Fatalf("d=%d n=%d: blocks (%d, %d) entry %d = %v, want %v", d, n, bi, bj, q, a[i], b[i])
						}
					}
					p += bs * bs
				}
			}
			s2 := make([]float64, d*d)
			c := make([]float64, len(a))
			scatterSym(vt, c, ld, d, n)
			unpackScatter(s2, c, d)
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					want := 0.0
					if j <= i {
						for r := 0; r < n; r++ {
							want += vt[i*ld+r] * vt[j*ld+r]
						}
					}
					if !closeRel(s2[j*d+i], want, 1e-12) {
						t.Fatalf("d=%d n=%d: s2[%d,%d] = %v, want %v", d, n, j, i, s2[j*d+i], want)
					}
				}
			}
		}
	}
}

// TestPooledKernelsAgree checks the kernels of the tied (pooled) sweep against
// the pure-Go loops to 1e-13 relative and, where the assembly promises it,
// against the kernels they replace bit for bit: centredSums against
// firstMoments, pairSums against dot; residual against x − Σ_c γ_c s_c computed
// here.
func TestPooledKernelsAgree(t *testing.T) {
	rng := rand.New(rand.NewPCG(17, 18))
	for _, d := range []int{1, 2, 3, 10, 17} {
		for _, k := range []int{1, 2, 3, 10} {
			for _, n := range []int{16, 48, 128} {
				const ld = 128
				xt := randSlice(rng, d*ld, 3)
				g := randSlice(rng, k*ld, 1)
				h := randSlice(rng, k*ld, 1)
				sht := randSlice(rng, d*k, 2)
				ra, rb := make([]float64, d*ld), make([]float64, d*ld)
				residual(xt, g, sht, ra, ld, d, k, n)
				withGo(func() { residual(xt, g, sht, rb, ld, d, k, n) })
				for j := 0; j < d; j++ {
					for b := 0; b < n; b++ {
						want := xt[j*ld+b]
						for c := 0; c < k; c++ {
							want -= sht[j*k+c] * g[c*ld+b]
						}
						if i := j*ld + b; !closeRel(ra[i], want, 1e-13) || !closeRel(rb[i], want, 1e-13) {
							t.Fatalf("residual d=%d k=%d n=%d (%d, %d): %v (asm), %v (go), want %v", d, k, n, j, b, ra[i], rb[i], want)
						}
					}
				}
				shift := randSlice(rng, d, 1)
				s1a, s1b, s1c := make([]float64, d), make([]float64, d), make([]float64, d)
				tt, ut := make([]float64, d*ld), make([]float64, d*ld)
				centredSums(xt, g, shift, s1a, ld, d, n)
				withGo(func() { centredSums(xt, g, shift, s1b, ld, d, n) })
				firstMoments(xt, g, shift, tt, ut, s1c, ld, d, n)
				for j := range s1a {
					if !closeRel(s1a[j], s1c[j], 1e-13) || !closeRel(s1a[j], s1b[j], 1e-13) {
						t.Fatalf("centredSums d=%d n=%d: s1[%d] = %v, firstMoments %v, Go %v", d, n, j, s1a[j], s1c[j], s1b[j])
					}
				}
				pa, pb := make([]float64, k*k), make([]float64, k*k)
				pairSums(g, h, ld, k, n, pa)
				withGo(func() { pairSums(g, h, ld, k, n, pb) })
				for c := 0; c < k; c++ {
					for l := 0; l < k; l++ {
						want := 0.0
						if c < l {
							want = dot(g[c*ld:], h[l*ld:], n)
						}
						if pa[c*k+l] != want || !closeRel(pb[c*k+l], want, 1e-13) {
							t.Fatalf("pairSums k=%d n=%d (%d, %d): %v (asm), %v (go), want %v", k, n, c, l, pa[c*k+l], pb[c*k+l], want)
						}
					}
				}
			}
		}
	}
}

// TestRootMoments checks the assembly rootMoments against the Go loop (1e-13
// relative) and both against the definitions: V Vᵀ (by scatterBlocks) equal to
// Σ_b g_b t_b t_bᵀ and the first moments to Σ_b g_b t_b, to 1e-12 relative, with
// zero weights among the rows.
func TestRootMoments(t *testing.T) {
	rng := rand.New(rand.NewPCG(19, 20))
	for _, d := range []int{1, 2, 5, 10, 17, 50} {
		for _, n := range []int{16, 48, 128} {
			const ld = 128
			xt := randSlice(rng, d*ld, 3)
			g := make([]float64, ld)
			for b := range g {
				g[b] = rng.Float64()
			}
			g[3], g[n-1] = 0, 0
			shift := randSlice(rng, d, 1)
			root := make([]float64, ld)
			va, vb := make([]float64, scratchRows(d)*ld), make([]float64, scratchRows(d)*ld)
			s1a, s1b := make([]float64, d), make([]float64, d)
			rootMoments(xt, g, shift, root, va, s1a, ld, d, n)
			withGo(func() { rootMoments(xt, g, shift, root, vb, s1b, ld, d, n) })
			for i := range va {
				if !closeRel(va[i], vb[i], 1e-13) {
					t.Fatalf("d=%d n=%d: v[%d] = %v (asm), %v (go)", d, n, i, va[i], vb[i])
				}
			}
			blk := make([]float64, scatterBlockLen(d))
			scatterBlocks(va, va, blk, ld, d, n)
			s2 := make([]float64, d*d)
			unpackScatter(s2, blk, d)
			for i := 0; i < d; i++ {
				var m1 float64
				for b := 0; b < n; b++ {
					m1 += g[b] * (xt[i*ld+b] - shift[i])
				}
				if !closeRel(s1a[i], m1, 1e-12) || !closeRel(s1b[i], m1, 1e-12) {
					t.Fatalf("d=%d n=%d: s1[%d] = %v (asm), %v (go), want %v", d, n, i, s1a[i], s1b[i], m1)
				}
				for j := 0; j <= i; j++ {
					var m2 float64
					for b := 0; b < n; b++ {
						m2 += g[b] * (xt[i*ld+b] - shift[i]) * (xt[j*ld+b] - shift[j])
					}
					if !closeRel(s2[j*d+i], m2, 1e-12) {
						t.Fatalf("d=%d n=%d: V Vᵀ[%d,%d] = %v, want %v", d, n, j, i, s2[j*d+i], m2)
					}
				}
			}
		}
	}
}

// TestNextTileRows checks the rows the sweep prefetches: exactly those of the next
// tile (the last one ending at its d-th number, inside a matrix view with stride >
// d), none at the end of the data or for a tile above prefetchMaxBytes.
func TestNextTileRows(t *testing.T) {
	const d, stride, n = 3, 5, 300
	data := make([]float64, (n-1)*stride+d) // a view's backing data may end at its last number
	got := nextTileRows(data, stride, d, 256, n)
	if want := (n-1-256)*stride + d; len(got) != want || &got[0] != &data[256*stride] {
		t.Errorf("last tile: %d numbers from %p, want %d from %p", len(got), &got[0], want, &data[256*stride])
	}
	if got := nextTileRows(data, stride, d, 128, n); len(got) != (tileRows-1)*stride+d {
		t.Errorf("full tile: %d numbers, want %d", len(got), (tileRows-1)*stride+d)
	}
	if got := nextTileRows(data, stride, d, n, n); got != nil {
		t.Errorf("after the last row: %d numbers, want none", len(got))
	}
	wide := prefetchMaxBytes/8/tileRows + 1
	if got := nextTileRows(make([]float64, 2*tileRows*wide), wide, wide, tileRows, 2*tileRows); got != nil {
		t.Errorf("tile of %d bytes prefetched, above %d", tileRows*wide*8, prefetchMaxBytes)
	}
}

// TestPrefetchPart calls the prefetch on every part of short, odd-length rows (more
// parts than numbers, the last part ending at the end of the slice): a hint must
// neither fault nor write.
func TestPrefetchPart(t *testing.T) {
	for _, m := range []int{1, 7, 13, 1001} {
		rows := make([]float64, m)
		for i := range rows {
			rows[i] = float64(i)
		}
		for _, k := range []int{1, 3, 10, 2000} {
			for c := 0; c < k; c++ {
				prefetchPart(rows, c, k)
			}
		}
		for i, v := range rows {
			if v != float64(i) {
				t.Fatalf("m = %d: rows[%d] = %v after the prefetch", m, i, v)
			}
		}
	}
	prefetchPart(nil, 0, 1)
}

// TestMomentsSym checks the fused moments kernel (momentsSym2AVX: t and g ⊙ t in
// registers, the scatter by symmetric blocks) against the Go loops to 1e-13
// relative on every entry unpackScatter reads and on the first moments, and
// against the definitions Σ_b g_b t_b t_bᵀ, Σ_b g_b t_b (1e-12) and Σ_b g_b
// (1e-13), for even and
// odd dimensions (each of the kernel's passes: the diagonal block alone, with two
// rows and with four rows before it, four-row blocks before those), tiles of 16
// to 128 rows with zero weights among them, and sums already in the buffer.
func TestMomentsSym(t *testing.T) {
	rng := rand.New(rand.NewPCG(23, 24))
	for _, d := range []int{1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 13, 16, 17, 23, 24, 30} {
		for _, n := range []int{16, 48, 128} {
			const ld = 136
			rows := scatterRows(d)
			xt := make([]float64, rows*ld)
			copy(xt, randSlice(rng, d*ld, 3))
			shift := make([]float64, rows)
			copy(shift, randSlice(rng, d, 1))
			g := make([]float64, ld)
			for b := range g {
				g[b] = rng.Float64()
			}
			g[3], g[n-1] = 0, 0
			a := randSlice(rng, momentsBlockLen(d), 1)
			b := append([]float64(nil), a...)
			s4 := shifts4(shift, d)
			momentsSym(xt, g, s4, a, ld, d, n)
			withGo(func() { momentsSym(xt, g, s4, b, ld, d, n) })
			bs, nbl := scatterBlockSize(d), scatterBlockLen(d)
			p := 0
			for bi := 0; bi < rows/bs; bi++ {
				for bj := 0; bj <= bi; bj++ {
					for q := 0; q < bs*bs; q++ {
						if bi == bj && q/bs < q%bs {
							continue // above the diagonal: not read
						}
						if i := p + q; !closeRel(a[i], b[i], 1e-13) {
							t.Fatalf("d=%d n=%d: blocks (%d, %d) entry %d = %v, want %v", d, n, bi, bj, q, a[i], b[i])
						}
					}
					p += bs * bs
				}
			}
			for j := 0; j <= rows; j++ { // the first moments and Σ g
				if (j < d || j == rows) && !closeRel(a[nbl+j], b[nbl+j], 1e-13) {
					t.Fatalf("d=%d n=%d: s1[%d] = %v, want %v", d, n, j, a[nbl+j], b[nbl+j])
				}
			}
			c := make([]float64, len(a))
			momentsSym(xt, g, s4, c, ld, d, n)
			s2 := make([]float64, d*d)
			unpackScatter(s2, c[:nbl], d)
			for i := 0; i < d; i++ {
				var m1 float64
				for r := 0; r < n; r++ {
					m1 += g[r] * (xt[i*ld+r] - shift[i])
				}
				if !closeRel(c[nbl+i], m1, 1e-12) {
					t.Fatalf("d=%d n=%d: s1[%d] = %v, want %v", d, n, i, c[nbl+i], m1)
				}
				for j := 0; j < d; j++ {
					want := 0.0
					if j <= i {
						for r := 0; r < n; r++ {
							want += g[r] * (xt[i*ld+r] - shift[i]) * (xt[j*ld+r] - shift[j])
						}
					}
					if !closeRel(s2[j*d+i], want, 1e-12) {
						t.Fatalf("d=%d n=%d: s2[%d,%d] = %v, want %v", d, n, j, i, s2[j*d+i], want)
					}
				}
			}
			for j := d; j < rows; j++ {
				if c[nbl+j] != 0 {
					t.Fatalf("d=%d n=%d: first moment of padding row %d = %v", d, n, j, c[nbl+j])
				}
			}
			var nk float64
			for _, gv := range g[:n] {
				nk += gv
			}
			if !closeRel(c[nbl+rows], nk, 1e-13) {
				t.Fatalf("d=%d n=%d: Σ g = %v, want %v", d, n, c[nbl+rows], nk)
			}
		}
	}
}
