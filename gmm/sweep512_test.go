package gmm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gmmbook/gmm/internal/cpu"
)

// The AVX-512F kernels (sweep512_amd64.s) are checked here against the AVX2
// kernels and the pure-Go loops, on CPUs with AVX-512F whether or not they are
// enabled (cpu.UseAVX512); elsewhere the tests skip. This machine's CPU may lack
// AVX-512: scripts/avx512.sh runs the test binary under an emulated CPU that has
// it.

// need512 skips a test of the AVX-512F kernels where the CPU cannot run them.
func need512(t *testing.T) {
	t.Helper()
	if !cpu.AVX512F || !hasAVX2FMA {
		t.Skip("the CPU (or the build: another architecture, -tags purego) has no AVX-512F: the AVX-512F kernels cannot run here (scripts/avx512.sh runs them under an emulator)")
	}
}

// with512 runs f with the AVX-512F kernels (and the AVX2 ones for the rest).
func with512(f func()) {
	savedAVX, saved512 := useAVX, use512
	useAVX, use512 = true, true
	defer func() { useAVX, use512 = savedAVX, saved512 }()
	f()
}

// withAVX2 runs f with the AVX2 kernels only.
func withAVX2(f func()) {
	savedAVX, saved512 := useAVX, use512
	useAVX, use512 = hasAVX2FMA, false
	defer func() { useAVX, use512 = savedAVX, saved512 }()
	f()
}

// sentinel fills s with NaNs whose payload marks them, to find writes outside the
// part of a buffer a kernel owns.
func sentinel(s []float64) {
	for i := range s {
		s[i] = math.Float64frombits(0x7ff8dead00000000 | uint64(i))
	}
}

// sameBits reports whether a and b hold the same float64 bit patterns.
func sameBits(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if math.Float64bits(a[i]) != math.Float64bits(b[i]) {
			return false
		}
	}
	return true
}

// TestTriBlock512 checks triBlock512 against triBlockAVX2 bit for bit (log
// densities and whitened rows, the padding rows included) and against the Go
// loops to 1e-13 relative, for dimensions with and without a remainder mod 3 and
// row counts that use the 64-column blocks, the 16-column ones and both; the
// numbers past n columns (and out, when whitening) must stay untouched.
func TestTriBlock512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(51, 52))
	for _, d := range []int{1, 2, 3, 4, 5, 10, 17, 40, 50, 51, 64} {
		for _, n := range []int{16, 48, 64, 80, 128, 192} {
			const ld, cst = 208, -1.5
			xt := randSlice(rng, d*ld, 3)
			f := newWhitener(randSlice(rng, d*(d+1)/2, 1), randSlice(rng, d, 1), d)
			a, b, g := make([]float64, ld), make([]float64, ld), make([]float64, ld)
			sentinel(a)
			sentinel(b)
			with512(func() { triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &a[0], nil, ld, d, n, cst) })
			withAVX2(func() { triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &b[0], nil, ld, d, n, cst) })
			withGo(func() { triLogDensity(f, xt, g, ld, n, cst) })
			if !sameBits(a, b) {
				t.Fatalf("d=%d n=%d: log densities differ from triBlockAVX2 (or a write past n)\n512:  %v\nAVX2: %v", d, n, a[:n], b[:n])
			}
			for i := 0; i < n; i++ {
				if !closeRel(a[i], g[i], 1e-13) {
					t.Fatalf("d=%d n=%d row %d: %v, Go %v", d, n, i, a[i], g[i])
				}
			}
			rows := paddedRows(d)
			za, zb := make([]float64, rows*ld), make([]float64, rows*ld)
			sentinel(za)
			sentinel(zb)
			sentinel(a)
			with512(func() { triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &a[0], &za[0], ld, d, n, 0) })
			withAVX2(func() { triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &b[0], &zb[0], ld, d, n, 0) })
			if !sameBits(za, zb) {
				t.Fatalf("d=%d n=%d: whitened rows differ from triBlockAVX2", d, n)
			}
			for i := range a {
				if math.Float64bits(a[i]) != 0x7ff8dead00000000|uint64(i) {
					t.Fatalf("d=%d n=%d: whitening wrote out[%d]", d, n, i)
				}
			}
			zg := make([]float64, rows*ld)
			withGo(func() { whiten(f, xt, zg, ld, n) })
			for i := 0; i < d; i++ {
				for c := 0; c < n; c++ {
					if p, q := za[i*ld+c], zg[i*ld+c]; !closeRel(p, q, 1e-13) {
						t.Fatalf("whiten d=%d n=%d (%d, %d): %v, Go %v", d, n, i, c, p, q)
					}
				}
			}
		}
	}
}

// TestTri2512 checks tri2512 against tri2AVX2 bit for bit and against the Go
// loops to 1e-13 relative (TestKernelsAgree's bound), for every dimension below
// blockedMinDim (the ones triLogDensity gives it, odd and even), tile widths
// with an odd number of 16-column blocks and that use the 64-column blocks, the
// 16-column ones and both, and an odd ld (rows not aligned to 64 bytes); the
// numbers past n columns must stay untouched.
func TestTri2512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(53, 54))
	for d := 1; d < blockedMinDim; d++ {
		for _, n := range []int{16, 48, 64, 80, 112, 128, 144} {
			const ld, cst = 211, -1.5
			xt := randSlice(rng, d*ld, 3)
			f := newWhitener(randSlice(rng, d*(d+1)/2, 1), randSlice(rng, d, 1), d)
			a, b, g := make([]float64, ld), make([]float64, ld), make([]float64, ld)
			sentinel(a)
			sentinel(b)
			with512(func() { tri2AVX(&f.w[0], &f.v[0], &xt[0], &a[0], ld, d, n, cst) })
			withAVX2(func() { tri2AVX(&f.w[0], &f.v[0], &xt[0], &b[0], ld, d, n, cst) })
			withGo(func() { triLogDensity(f, xt, g, ld, n, cst) })
			if !sameBits(a, b) {
				t.Fatalf("d=%d n=%d: log densities differ from tri2AVX2 (or a write past n)\n512:  %v\nAVX2: %v", d, n, a[:n], b[:n])
			}
			for i := 0; i < n; i++ {
				if !closeRel(a[i], g[i], 1e-13) {
					t.Fatalf("d=%d n=%d row %d: %v, Go %v", d, n, i, a[i], g[i])
				}
			}
		}
	}
}

// scatter512Reference is scatterTri3512 in Go, the same operations in the same
// order: lane l of each dot product takes the columns r ≡ l mod 8 by fused
// multiply-adds, the lanes are added as ((l0 + l1) + (l2 + l3)) + ((l4 + l5) +
// (l6 + l7)), and the sum is added to out.
func scatter512Reference(u, t []float64, ld, nb, n int, out []float64) {
	p := 0
	for bi := 0; bi < nb; bi++ {
		for bj := 0; bj <= bi; bj++ {
			for a := 0; a < 3; a++ {
				for b := 0; b < 3; b++ {
					ur, tr := u[(3*bi+a)*ld:], t[(3*bj+b)*ld:]
					var l [8]float64
					for r := 0; r < n; r++ {
						l[r%8] = math.FMA(ur[r], tr[r], l[r%8])
					}
					out[p] += ((l[0] + l[1]) + (l[2] + l[3])) + ((l[4] + l[5]) + (l[6] + l[7]))
					p++
				}
			}
		}
	}
}

// TestScatter512 checks scatterTri3512 bit for bit against scatter512Reference
// (its order of summation in Go) and to 1e-13 relative against the Go loops of
// scatterBlocks, for numbers of blocks that leave 0, 1 and 2 blocks after the
// groups of three, and that rows of n not a multiple of 8 go to scatterTri3AVX2
// (its numbers bit for bit). The buffer past the blocks must stay untouched.
func TestScatter512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(53, 54))
	for _, nb := range []int{1, 2, 3, 4, 5, 6, 7, 17} {
		for _, n := range []int{16, 48, 128} {
			const ld = 136
			d := 3 * nb
			tt, ut := randSlice(rng, d*ld, 2), randSlice(rng, d*ld, 2)
			size := nb * (nb + 1) / 2 * 9
			a := randSlice(rng, size+9, 1)
			sentinel(a[size:])
			ref := append([]float64(nil), a...)
			with512(func() { scatterTri3AVX(&ut[0], &tt[0], ld, nb, n, &a[0]) })
			scatter512Reference(ut, tt, ld, nb, n, ref)
			if !sameBits(a, ref) {
				for i := range a {
					if math.Float64bits(a[i]) != math.Float64bits(ref[i]) {
						t.Fatalf("nb=%d n=%d: sum %d = %v, its Go reference %v", nb, n, i, a[i], ref[i])
					}
				}
			}
			if d >= scatter3MinDim {
				g := make([]float64, scatterBlockLen(d))
				b := make([]float64, len(g))
				copy(g, ref[:size])
				copy(b, ref[:size])
				with512(func() { scatterBlocks(tt, ut, b, ld, d, n) })
				withGo(func() { scatterBlocks(tt, ut, g, ld, d, n) })
				for i := range b {
					if !closeRel(b[i], g[i], 1e-13) {
						t.Fatalf("nb=%d n=%d: scatterBlocks sum %d = %v, Go %v", nb, n, i, b[i], g[i])
					}
				}
			}
		}
		const ld, n = 16, 12 // not a multiple of 8: the AVX2 kernel
		d := 3 * nb
		tt, ut := randSlice(rng, d*ld, 2), randSlice(rng, d*ld, 2)
		a := make([]float64, nb*(nb+1)/2*9)
		b := make([]float64, len(a))
		with512(func() { scatterTri3AVX(&ut[0], &tt[0], ld, nb, n, &a[0]) })
		withAVX2(func() { scatterTri3AVX(&ut[0], &tt[0], ld, nb, n, &b[0]) })
		if !sameBits(a, b) {
			t.Fatalf("nb=%d n=%d: %v, scatterTri3AVX2 %v", nb, n, a, b)
		}
	}
}

// TestKMeansNearest512 checks kmeansNearest512 against kmeansNearestAVX2 and the
// Go loop (distances and labels bit for bit) for row counts with and without a
// last group of four rows, every group width (16, 8, 4 centres and their sums)
// and rows with a stride. The first centre of every group but the first equals
// the last centre of the group before it, with a row on it: the lower index
// must win across the groups, as it must within one (centres 1 and 2 equal).
// dist and idx past n must stay untouched.
func TestKMeansNearest512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(55, 56))
	for _, d := range []int{1, 2, 3, 5, 10, 33} {
		for _, k := range []int{1, 3, 4, 5, 8, 12, 16, 17, 20, 24, 28, 40} {
			for _, n := range []int{4, 8, 12, 20, 64} {
				stride := d + 1
				centres, ct, _, kp, _ := kmeansKernelCentres(rng, k, d)
				var ties []int // first centres of the groups after the first
				for s := groupWidth512(kp, 0); s < k; s += groupWidth512(kp, s) {
					copy(centres[s*d:(s+1)*d], centres[(s-1)*d:s*d])
					ties = append(ties, s)
				}
				ks := &kmeansSweeper{d: d, k: k, kp: kp, dp: (d + 3) / 4 * 4}
				ks.ct, ks.cp = ct, make([]float64, k*ks.dp)
				ks.setCentres(centres)
				x := randSlice(rng, (n+8)*stride, 2)
				for i, s := range ties {
					if i < n {
						copy(x[i*stride:i*stride+d], centres[s*d:(s+1)*d])
					}
				}
				da, db, dg := make([]float64, n+8), make([]float64, n+8), make([]float64, n+8)
				ia, ib, ig := make([]int, n+8), make([]int, n+8), make([]int, n+8)
				for i := range ia {
					ia[i], ib[i], ig[i] = -7, -7, -7
				}
				sentinel(da)
				sentinel(db)
				sentinel(dg)
				with512(func() { kmeansNearest(x, stride, n, d, ct, kp, da, ia) })
				withAVX2(func() { kmeansNearest(x, stride, n, d, ct, kp, db, ib) })
				withGo(func() { kmeansNearest(x, stride, n, d, ct, kp, dg, ig) })
				for i := range ia {
					if ia[i] != ib[i] || ia[i] != ig[i] || math.Float64bits(da[i]) != math.Float64bits(db[i]) || math.Float64bits(da[i]) != math.Float64bits(dg[i]) {
						t.Fatalf("d=%d k=%d n=%d row %d: 512 centre %d at %v, AVX2 %d at %v, Go %d at %v", d, k, n, i, ia[i], da[i], ib[i], db[i], ig[i], dg[i])
					}
				}
				for i, s := range ties {
					if i < n && (ia[i] != s-1 || da[i] != 0) {
						t.Fatalf("d=%d k=%d n=%d: the row on centres %d = %d got centre %d at %v", d, k, n, s-1, s, ia[i], da[i])
					}
				}
			}
		}
	}
}

// groupWidth512 returns the number of centres kmeansNearest512 takes in the group
// starting at centre s of kp: 16, 8 or 4.
func groupWidth512(kp, s int) int {
	switch {
	case kp-s >= 16:
		return 16
	case kp-s >= 8:
		return 8
	}
	return 4
}

// TestKernelsReport checks that cpu.Kernels names AVX-512F exactly when the
// AVX-512F kernels are in use.
func TestKernelsReport(t *testing.T) {
	want := "pure Go"
	switch {
	case cpu.UseAVX512:
		want = "AVX-512F+AVX2+FMA"
	case cpu.AVX2FMA:
		want = "AVX2+FMA"
	}
	if got := cpu.Kernels(); got != want || use512 != cpu.UseAVX512 || (cpu.UseAVX512 && !cpu.AVX512F) {
		t.Errorf("Kernels() = %q, want %q (use512 %v, UseAVX512 %v, AVX512F %v)", got, want, use512, cpu.UseAVX512, cpu.AVX512F)
	}
}

// TestExpNormalise512 checks expNormalise512 against expNormaliseAVX2 bit for bit
// (responsibilities, maxima and sums) and against the Go loop to 4e-16 relative,
// with components of weight zero (−Inf), arguments that underflow (below −708
// from the maximum), a row whose components are all −Inf but one, and the
// numbers past n untouched.
func TestExpNormalise512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(57, 58))
	for _, k := range []int{1, 2, 3, 5, 17} {
		for _, n := range []int{16, 48, 128} {
			const ld = 144
			lp := randSlice(rng, k*ld, 200)
			lp[0] = 1e3
			if k > 1 { // one component −Inf in every seventh row, all but one in row 2
				for b := 0; b < n; b += 7 {
					lp[(b%k)*ld+b] = math.Inf(-1)
				}
				lp[1], lp[ld+1] = -1e3, -1e3+800
				for c := 1; c < k; c++ {
					lp[c*ld+2] = math.Inf(-1)
				}
			}
			a, b, g := append([]float64(nil), lp...), append([]float64(nil), lp...), append([]float64(nil), lp...)
			ta, tb, tg := make([]float64, ld), make([]float64, ld), make([]float64, ld)
			sa, sb, sg := make([]float64, ld), make([]float64, ld), make([]float64, ld)
			sentinel(ta)
			sentinel(tb)
			sentinel(sa)
			sentinel(sb)
			with512(func() { expNormalise(a, ld, k, n, ta, sa) })
			withAVX2(func() { expNormalise(b, ld, k, n, tb, sb) })
			withGo(func() { expNormalise(g, ld, k, n, tg, sg) })
			if !sameBits(a, b) || !sameBits(ta, tb) || !sameBits(sa, sb) {
				t.Fatalf("k=%d n=%d: responsibilities, maxima or sums differ from expNormaliseAVX2 (or a write past n)", k, n)
			}
			for r := 0; r < n; r++ {
				if ta[r] != tg[r] || !closeRel(sa[r], sg[r], 4e-16) {
					t.Fatalf("k=%d n=%d row %d: top %v sum %v, Go %v %v", k, n, r, ta[r], sa[r], tg[r], sg[r])
				}
				for c := 0; c < k; c++ {
					if got, want := a[c*ld+r], g[c*ld+r]; math.Abs(got-want) > 4e-16*want+1e-300 {
						t.Fatalf("k=%d n=%d row %d component %d: γ = %v, Go %v", k, n, r, c, got, want)
					}
				}
			}
		}
	}
}

// TestDiag512 checks diag512 and sqDist512 (through diagLogDensity and
// sqDistLogDensity, which give them the rows in whole groups of 32) against
// diag32AVX2 and sqDist32AVX2 bit for bit and against the Go loop to 1e-13
// relative, for row counts that use the 64-row blocks, the 32-row ones, both, and
// a rest of 16 rows; the numbers past n must stay untouched.
func TestDiag512(t *testing.T) {
	need512(t)
	rng := rand.New(rand.NewPCG(59, 60))
	for _, d := range []int{1, 2, 3, 10, 50} {
		for _, n := range []int{32, 48, 64, 96, 128, 160} {
			const ld, cst = 176, 2.5
			xt := randSlice(rng, d*ld, 3)
			mu := randSlice(rng, d, 1)
			iv, ones := make([]float64, d), make([]float64, d)
			for j := range iv {
				iv[j], ones[j] = 0.5+rng.Float64(), 1
			}
			a, b, g := make([]float64, ld), make([]float64, ld), make([]float64, ld)
			sentinel(a)
			sentinel(b)
			with512(func() { diagLogDensity(mu, iv, xt, a, ld, d, n, cst) })
			withAVX2(func() { diagLogDensity(mu, iv, xt, b, ld, d, n, cst) })
			withGo(func() { diagLogDensity(mu, iv, xt, g, ld, d, n, cst) })
			if !sameBits(a, b) {
				t.Fatalf("diagLogDensity d=%d n=%d: differs from diag32AVX2 (or a write past n)\n512:  %v\nAVX2: %v", d, n, a[:n], b[:n])
			}
			for i := 0; i < n; i++ {
				if !closeRel(a[i], g[i], 1e-13) {
					t.Fatalf("diagLogDensity d=%d n=%d row %d: %v, Go %v", d, n, i, a[i], g[i])
				}
			}
			sentinel(a)
			sentinel(b)
			with512(func() { sqDistLogDensity(mu, ones, xt, a, ld, d, n, cst) })
			withAVX2(func() { sqDistLogDensity(mu, ones, xt, b, ld, d, n, cst) })
			withGo(func() { sqDistLogDensity(mu, ones, xt, g, ld, d, n, cst) })
			if !sameBits(a, b) {
				t.Fatalf("sqDistLogDensity d=%d n=%d: differs from sqDist32AVX2 (or a write past n)", d, n)
			}
			for i := 0; i < n; i++ {
				if !closeRel(a[i], g[i], 1e-13) {
					t.Fatalf("sqDistLogDensity d=%d n=%d row %d: %v, Go %v", d, n, i, a[i], g[i])
				}
			}
		}
	}
}
