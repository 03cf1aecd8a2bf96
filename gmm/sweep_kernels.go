package gmm

import "math"

// The sweep's inner kernels work on a tile of rows held column-major: xt[j*ld+b]
// is coordinate j of row b, for n rows (n a multiple of 16, ld ≥ n). With AVX2 and
// FMA they run in assembly (sweep_amd64.s, em_amd64.s), four rows per instruction; otherwise
// in the pure-Go loops below, which the tests also use as the reference. They
// panic with a "gmm: kernel ..." message on inconsistent lengths (a bug in the
// caller, never a user error).

const lanes = 16 // rows per block of the assembly kernels

// whitener is W = L⁻¹ and v = W μ of one component (or, for a tied covariance, W
// alone with v = 0) in the two layouts the kernels use: packed lower-triangular
// row-major (row i holds W_i0 … W_ii) for the Go loops, and in blocks of
// blockRows rows for the assembly (see triBlockAVX in sweep_amd64.s).
type whitener struct {
	d      int
	w, v   []float64 // packed W, v
	wb, vb []float64 // blocked W, v padded to a multiple of blockRows rows
}

// blockRows is the number of rows of W the blocked kernel takes at a time.
const blockRows = 3

// paddedRows returns d rounded up to a multiple of blockRows.
func paddedRows(d int) int { return (d + blockRows - 1) / blockRows * blockRows }

// newWhitener lays out the packed lower-triangular w (d(d+1)/2) and v (d; nil for
// zeros) for the kernels.
func newWhitener(w, v []float64, d int) *whitener {
	if v == nil {
		v = make([]float64, d)
	}
	if len(w) < d*(d+1)/2 || len(v) < d {
		panic("gmm: kernel parameter length")
	}
	f := &whitener{d: d, w: w, v: v, vb: make([]float64, paddedRows(d))}
	copy(f.vb, v)
	for i0 := 0; i0 < d; i0 += blockRows {
		for j := 0; j < min(i0+blockRows, d); j++ {
			for i := i0; i < i0+blockRows; i++ {
				var wij float64
				if i < d && j <= i {
					wij = w[i*(i+1)/2+j]
				}
				f.wb = append(f.wb, wij)
			}
		}
	}
	return f
}

// blockedMinDim is the smallest dimension for which triLogDensity uses the blocked
// assembly kernel: below it the padding of the blocks costs more than the shared
// loads gain (measured by thread CPU time on a loaded 2-core AMD EPYC with AVX2:
// 14–18 against 7.5–10 GFLOP/s at D = 10–12, 25 against 21 at D = 32, 16–17
// against 25 at D = 50). Both kernels give the same numbers bit for bit.
const blockedMinDim = 40

// triLogDensity stores out[b] = cst − ½ |W x_b − v|² for b < n.
func triLogDensity(f *whitener, xt, out []float64, ld, n int, cst float64) {
	d := f.d
	checkKernel(xt, out, ld, d, n)
	if useAVX {
		switch {
		case n == 0:
		case d >= blockedMinDim:
			triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &out[0], nil, ld, d, n, cst)
		default:
			tri2AVX(&f.w[0], &f.v[0], &xt[0], &out[0], ld, d, n, cst)
		}
		return
	}
	triLogDensityGo(f.w, f.v, xt, out, ld, d, n, cst)
}

// whiten stores zt[i*ld+b] = (W x_b − v)_i for i < d and b < n (zt has room for
// paddedRows(d) rows; the assembly also writes zeros minus v's padding there).
func whiten(f *whitener, xt, zt []float64, ld, n int) {
	d := f.d
	checkKernel(xt, zt, ld, d, n)
	if len(zt) < (paddedRows(d)-1)*ld+n {
		panic("gmm: kernel shape")
	}
	if useAVX {
		if n > 0 {
			triBlockAVX(&f.wb[0], &f.vb[0], &xt[0], &zt[0], &zt[0], ld, d, n, 0)
		}
		return
	}
	off := 0
	for i := 0; i < d; i++ {
		row := f.w[off : off+i+1]
		off += i + 1
		y := zt[i*ld : i*ld+n]
		for b := range y {
			y[b] = -f.v[i]
		}
		for j, wij := range row {
			for b, xv := range xt[j*ld : j*ld+n] {
				y[b] += wij * xv
			}
		}
	}
}

func triLogDensityGo(w, v, xt, out []float64, ld, d, n int, cst float64) {
	var buf [tileRows]float64
	y := buf[:0]
	if n <= len(buf) {
		y = buf[:n]
	} else {
		y = make([]float64, n)
	}
	m := out[:n]
	clear(m)
	off := 0
	for i := 0; i < d; i++ {
		row := w[off : off+i+1]
		off += i + 1
		for b := range y {
			y[b] = -v[i]
		}
		j := 0
		for ; j+1 <= i; j += 2 {
			w0, w1 := row[j], row[j+1]
			x0, x1 := xt[j*ld:j*ld+n], xt[(j+1)*ld:(j+1)*ld+n]
			for b, xv := range x0 {
				y[b] += w0*xv + w1*x1[b]
			}
		}
		if j <= i {
			wj, x0 := row[j], xt[j*ld:j*ld+n]
			for b, xv := range x0 {
				y[b] += wj * xv
			}
		}
		for b, yv := range y {
			m[b] += yv * yv
		}
	}
	for b, mv := range m {
		m[b] = cst - 0.5*mv
	}
}

// diagLogDensity stores out[b] = cst − ½ Σ_j iv_j (x_bj − mu_j)² for b < n.
func diagLogDensity(mu, iv, xt, out []float64, ld, d, n int, cst float64) {
	checkKernel(xt, out, ld, d, n)
	if len(mu) < d || len(iv) < d {
		panic("gmm: kernel parameter length")
	}
	if useAVX {
		n32 := n / 32 * 32
		if n32 > 0 {
			diag32AVX(&mu[0], &iv[0], &xt[0], &out[0], ld, d, n32, cst)
		}
		if n32 < n {
			diagLogDensityAVX(&mu[0], &iv[0], &xt[n32], &out[n32], ld, d, n-n32, cst)
		}
		return
	}
	m := out[:n]
	clear(m)
	for j := 0; j < d; j++ {
		x, u, q := xt[j*ld:j*ld+n], mu[j], iv[j]
		for b, xv := range x {
			t := xv - u
			m[b] += t * q * t
		}
	}
	for b, mv := range m {
		m[b] = cst - 0.5*mv
	}
}

// sqDistLogDensity stores out[b] = cst − ½ Σ_j (x_bj − mu_j)² for b < n: the
// diagonal kernel with unit inverse variances (ones, length d, for the rows the
// 32-row assembly does not take), as the tied sweep uses it on whitened rows.
func sqDistLogDensity(mu, ones, xt, out []float64, ld, d, n int, cst float64) {
	checkKernel(xt, out, ld, d, n)
	if len(mu) < d || len(ones) < d {
		panic("gmm: kernel parameter length")
	}
	n32 := n / 32 * 32
	if !useAVX || n32 == 0 {
		diagLogDensity(mu, ones, xt, out, ld, d, n, cst)
		return
	}
	sqDist32AVX(&mu[0], &xt[0], &out[0], ld, d, n32, cst)
	if n32 < n {
		diagLogDensityAVX(&mu[0], &ones[0], &xt[n32], &out[n32], ld, d, n-n32, cst)
	}
}

// dot returns Σ_{b<n} a[b] c[b].
func dot(a, c []float64, n int) float64 {
	if n%lanes != 0 || len(a) < n || len(c) < n {
		panic("gmm: kernel length")
	}
	if useAVX {
		if n == 0 {
			return 0
		}
		return dotAVX(&a[0], &c[0], n)
	}
	a, c = a[:n], c[:n]
	var s0, s1, s2, s3 float64
	for b := 0; b < n; b += 4 {
		s0 += a[b] * c[b]
		s1 += a[b+1] * c[b+1]
		s2 += a[b+2] * c[b+2]
		s3 += a[b+3] * c[b+3]
	}
	return (s0 + s1) + (s2 + s3)
}

// centreScale stores t[b] = x[b] − c and u[b] = g[b] t[b] for b < n.
func centreScale(t, u, x, g []float64, c float64, n int) {
	if n%lanes != 0 || len(t) < n || len(u) < n || len(x) < n || len(g) < n {
		panic("gmm: kernel length")
	}
	if useAVX {
		if n > 0 {
			centreScaleAVX(&t[0], &u[0], &x[0], &g[0], c, n)
		}
		return
	}
	for b := 0; b < n; b++ {
		t[b] = x[b] - c
		u[b] = g[b] * t[b]
	}
}

func checkKernel(xt, out []float64, ld, d, n int) {
	if n%lanes != 0 || n > ld || d < 1 || len(xt) < (d-1)*ld+n || len(out) < n {
		panic("gmm: kernel shape")
	}
}

// expNormalise turns the columns lp[c*ld+b] (c < k) of log π_c N_c(x_b) into
// responsibilities for b < n, storing max_c in tops[b] and the sum of
// exp(lp − top) in sums[b], so that log p(x_b) = tops[b] + log sums[b].
func expNormalise(lp []float64, ld, k, n int, tops, sums []float64) {
	if n%lanes != 0 || n > ld || len(lp) < (k-1)*ld+n || len(tops) < n || len(sums) < n {
		panic("gmm: kernel shape")
	}
	if useAVX {
		expNormaliseAVX(&lp[0], ld, k, n, &tops[0], &sums[0])
		return
	}
	for b := 0; b < n; b++ {
		top := lp[b]
		for c := 1; c < k; c++ {
			top = max(top, lp[c*ld+b])
		}
		var s float64
		for c := 0; c < k; c++ {
			e := math.Exp(lp[c*ld+b] - top)
			lp[c*ld+b] = e
			s += e
		}
		inv := 1 / s
		for c := 0; c < k; c++ {
			lp[c*ld+b] *= inv
		}
		tops[b], sums[b] = top, s
	}
}

// moments adds, for the tile's n rows and t_j = x_j − shift_j, u_j = g ⊙ t_j,
// Σ_b u_j[b] to s1[j] and u_i · t_j to s2[j*d+i] for j ≤ i (full) or u_j · t_j to
// s2[j] (diagonal): one component's first and second moments of the tile. tt and
// ut are scratch (D rows of leading dimension ld); the diagonal case in assembly
// does not use them.
func moments(xt, g, shift, tt, ut, s1, s2 []float64, ld, d, n int, full bool) {
	checkKernel(xt, tt, ld, d, n)
	need := d
	if full {
		need = d * d
	}
	if len(g) < n || len(shift) < d || len(tt) < (d-1)*ld+n || len(ut) < (d-1)*ld+n || len(s1) < d || len(s2) < need {
		panic("gmm: kernel length")
	}
	if n == 0 {
		return
	}
	if useAVX && !full {
		diagMomentsAVX(&xt[0], &g[0], &shift[0], &s1[0], &s2[0], ld, d, n)
		return
	}
	if useAVX && d < blockedMinMomentsDim {
		momentsAVX(&xt[0], &g[0], &shift[0], &tt[0], &ut[0], &s1[0], &s2[0], ld, d, n, 1)
		return
	}
	firstMoments(xt, g, shift, tt, ut, s1, ld, d, n)
	if !full {
		for j := 0; j < d; j++ {
			s2[j] += dot(ut[j*ld:j*ld+n], tt[j*ld:j*ld+n], n)
		}
		return
	}
	scatterTo(tt, ut, s2, ld, d, n)
}

// firstMoments stores t_j = x_j − shift_j and u_j = g ⊙ t_j in rows j of tt and ut
// and adds Σ_b u_j[b] to s1[j], for j < d: the first part of moments.
func firstMoments(xt, g, shift, tt, ut, s1 []float64, ld, d, n int) {
	if n == 0 {
		return
	}
	if useAVX {
		momentsAVX(&xt[0], &g[0], &shift[0], &tt[0], &ut[0], &s1[0], nil, ld, d, n, 2)
		return
	}
	for j := 0; j < d; j++ {
		u := ut[j*ld : j*ld+n]
		centreScale(tt[j*ld:j*ld+n], u, xt[j*ld:j*ld+n], g, shift[j], n)
		var s float64
		for _, v := range u {
			s += v
		}
		s1[j] += s
	}
}

// scatterTo adds u_i · t_j to s2[j*d+i] for j ≤ i < d (rows of ut and tt, leading
// dimension ld, n columns, n a multiple of lanes).
func scatterTo(tt, ut, s2 []float64, ld, d, n int) {
	if useAVX && d >= blockedMinMomentsDim {
		scatterBlocked(tt, ut, s2, ld, d, n)
		return
	}
	for i := 0; i < d; i++ {
		u := ut[i*ld : i*ld+n]
		for j := 0; j <= i; j++ {
			s2[j*d+i] += dot(u, tt[j*ld:j*ld+n], n)
		}
	}
}

// blockedMinMomentsDim is the smallest dimension for which the scatter is
// accumulated by blocks of rows (scatterBlocks; the sweep's blockedScatter).
const blockedMinMomentsDim = 6

// scatterBlocked adds u_i · t_j to s2[j*d+i] for j ≤ i < d (rows of ut and tt,
// leading dimension ld, n columns) by scatterBlocks, through a buffer of blocks;
// tt and ut are copied to buffers with zero padding rows first. The sweep itself
// calls scatterBlocks on its padded scratch and unpacks once per chunk.
func scatterBlocked(tt, ut, s2 []float64, ld, d, n int) {
	rows := scatterRows(d)
	tp, up := make([]float64, rows*ld), make([]float64, rows*ld)
	copy(tp, tt[:(d-1)*ld+n])
	copy(up, ut[:(d-1)*ld+n])
	for j := 0; j < d; j++ { // only the n columns count: clear the rest of each row
		clear(tp[j*ld+n : (j+1)*ld])
		clear(up[j*ld+n : (j+1)*ld])
	}
	blk := make([]float64, scatterBlockLen(d))
	scatterBlocks(tp, up, blk, ld, d, n)
	unpackScatter(s2, blk, d)
}

// scatterBlockSize returns the number of rows per block of scatterBlocks in
// dimension d: 2 below scatter3MinDim (less padding, eight independent sums),
// else 3 (nine products for six loads).
func scatterBlockSize(d int) int {
	if d < scatter3MinDim {
		return 2
	}
	return 3
}

// scatter3MinDim is the smallest dimension scattered in blocks of three rows.
const scatter3MinDim = 24

// scatterRows returns the number of rows scatterBlocks reads in dimension d: d
// rounded up to a multiple of scatterBlockSize(d).
func scatterRows(d int) int {
	bs := scatterBlockSize(d)
	return (d + bs - 1) / bs * bs
}

// scratchRows returns the rows of the sweep's t scratch in dimension d: room for
// the whitened rows (paddedRows) and for scatterBlocks.
func scratchRows(d int) int { return max(paddedRows(d), scatterRows(d)) }

// scatterBlockLen returns the length of scatterBlocks' buffer for dimension d:
// bs² sums for each pair I ≥ J of blocks of bs = scatterBlockSize(d) rows.
func scatterBlockLen(d int) int {
	bs := scatterBlockSize(d)
	nb := scatterRows(d) / bs
	return nb * (nb + 1) / 2 * bs * bs
}

// scatterBlocks adds, for every pair of blocks of bs = scatterBlockSize(d) rows
// I ≥ J (in the order I = 0, 1, …, J = 0, …, I; p the pair's index), the bs² dot
// products u_{bs·I+a} · t_{bs·J+b} to blk[bs²p+bs·a+b]: the lower block triangle
// of U Tᵀ for the scatterRows(d) rows of ut and tt (leading dimension ld, n
// columns). The rows past d must be zero. unpackScatter adds the buffer to a
// scatter matrix.
func scatterBlocks(tt, ut, blk []float64, ld, d, n int) {
	rows := scatterRows(d)
	if n%lanes != 0 || n > ld || len(tt) < (rows-1)*ld+n || len(ut) < (rows-1)*ld+n || len(blk) < scatterBlockLen(d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	bs := scatterBlockSize(d)
	nb := rows / bs
	if useAVX {
		if bs == 2 {
			scatterTri2AVX(&ut[0], &tt[0], ld, nb, n, &blk[0])
		} else {
			scatterTri3AVX(&ut[0], &tt[0], ld, nb, n, &blk[0])
		}
		return
	}
	p := 0
	for bi := 0; bi < nb; bi++ {
		for bj := 0; bj <= bi; bj++ {
			for a := 0; a < bs; a++ {
				u := ut[(bs*bi+a)*ld:]
				for b := 0; b < bs; b++ {
					blk[p] += dot(u, tt[(bs*bj+b)*ld:], n)
					p++
				}
			}
		}
	}
}

// scatterSym is scatterBlocks(vt, vt, blk, ld, d, n), the blocks of V Vᵀ, except
// that the entries of a diagonal block above its diagonal (bs·a + b with a < b,
// which unpackScatter does not read) may be left as they are: the symmetric
// product computes them once. With the assembly and blocks of two rows it is
// scatterSym2AVX; otherwise scatterBlocks.
func scatterSym(vt, blk []float64, ld, d, n int) {
	rows := scatterRows(d)
	if n%lanes != 0 || n > ld || len(vt) < (rows-1)*ld+n || len(blk) < scatterBlockLen(d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if !useAVX || scatterBlockSize(d) != 2 {
		scatterBlocks(vt, vt, blk, ld, d, n)
		return
	}
	scatterSym2AVX(&vt[0], ld, rows/2, n, &blk[0])
}

// symMoments reports whether the full sweep in dimension d takes its statistics
// by momentsSym (the assembly, blocks of two rows); otherwise by rootMoments and
// scatterSym.
func symMoments(d int) bool {
	return useAVX && d >= blockedMinMomentsDim && scatterBlockSize(d) == 2
}

// shifts4 returns shift (d entries) for momentsSym: each entry four times, and
// zeros up to scatterRows(d) entries.
func shifts4(shift []float64, d int) []float64 {
	s4 := make([]float64, 4*scatterRows(d))
	for j, v := range shift[:d] {
		s4[4*j], s4[4*j+1], s4[4*j+2], s4[4*j+3] = v, v, v, v
	}
	return s4
}

// momentsBlockLen returns the length of one component's momentsSym buffer: the
// scatter's blocks (scatterBlockLen), then scatterRows(d) first moments and the
// sum of the weights.
func momentsBlockLen(d int) int { return scatterBlockLen(d) + scatterRows(d) + 1 }

// momentsSym adds one component's statistics of a tile to blk, with t_b = x_b −
// shift and g the weights: the blocks of Σ_b g_b t_b t_bᵀ to blk[:L], L =
// scatterBlockLen(d), in scatterBlocks' layout (a diagonal block's entries
// above its diagonal may be left as they are: unpackScatter does not read them),
// Σ_b g_b t_bj to blk[L+j] and Σ_b g_b to blk[L+scatterRows(d)]. xt must have
// scatterRows(d) rows (leading dimension ld, n columns), zero past d; shift4
// holds each shift four times (shift4[4j+l] = shift_j, shifts4 makes it),
// scatterRows(d) of them, zero past d; blk has momentsBlockLen(d) entries. With
// the assembly (blocks of two rows) it is momentsSym2AVX, which stores neither t
// nor g ⊙ t.
func momentsSym(xt, g, shift4, blk []float64, ld, d, n int) {
	rows := scatterRows(d)
	if n%lanes != 0 || n > ld || len(xt) < (rows-1)*ld+n || len(g) < n || len(shift4) < 4*rows || len(blk) < momentsBlockLen(d) {
		panic("gmm: kernel shape")
	}
	if n == 0 {
		return
	}
	if symMoments(d) {
		momentsSym2AVX(&xt[0], &g[0], &shift4[0], ld, rows/2, n, &blk[0])
		return
	}
	s1 := blk[scatterBlockLen(d):]
	for _, gv := range g[:n] {
		s1[rows] += gv
	}
	t := make([]float64, rows*ld)
	for j := 0; j < rows; j++ {
		var m float64
		for b, xv := range xt[j*ld : j*ld+n] {
			t[j*ld+b] = xv - shift4[4*j]
			m += g[b] * t[j*ld+b]
		}
		s1[j] += m
	}
	u := make([]float64, rows*ld)
	for j := 0; j < rows; j++ {
		for b := 0; b < n; b++ {
			u[j*ld+b] = g[b] * t[j*ld+b]
		}
	}
	scatterBlocks(t, u, blk, ld, d, n)
}

// unpackScatter adds the block sums of scatterBlocks to s2[j*d+i], j ≤ i < d.
func unpackScatter(s2, blk []float64, d int) {
	bs := scatterBlockSize(d)
	nb := scatterRows(d) / bs
	p := 0
	for bi := 0; bi < nb; bi++ {
		for bj := 0; bj <= bi; bj++ {
			for a := 0; a < bs; a++ {
				i := bs*bi + a
				for b := 0; b < bs; b++ {
					if j := bs*bj + b; i < d && j <= i {
						s2[j*d+i] += blk[p]
					}
					p++
				}
			}
		}
	}
}

// copyShift stores xt[j*ld+b] = src[b*stride+j] − ref[j] for j < d and b < nr, and
// zeros for nr ≤ b < n: rows of a row-major matrix (src starting at the first)
// as a column-major tile shifted by ref, zero-padded to n rows.
func copyShift(xt []float64, ld int, src []float64, stride, d, nr, n int, ref []float64) {
	if nr > n || n > ld || len(xt) < (d-1)*ld+n || len(ref) < d || (nr > 0 && len(src) < (nr-1)*stride+d) {
		panic("gmm: kernel shape")
	}
	if useAVX && nr > 0 {
		copyShiftBlocked(xt, ld, src, stride, d, nr, ref)
	} else {
		ref = ref[:d]
		for b := 0; b < nr; b++ {
			row := src[b*stride : b*stride+d]
			for j, v := range row {
				xt[j*ld+b] = v - ref[j]
			}
		}
	}
	for j := 0; j < d; j++ {
		clear(xt[j*ld+nr : j*ld+n])
	}
}

// copyShiftBlocked is copyShift's assembly path for nr > 0: the rows and columns
// in whole groups of four by 4 × 4 transposes in registers (copyShift4AVX, which
// reads each row sequentially), or two contiguous columns four rows at a time
// (copyShift2AVX), the columns and rows left over by copyShiftAVX.
func copyShiftBlocked(xt []float64, ld int, src []float64, stride, d, nr int, ref []float64) {
	d4, nr4 := d/4*4, nr/4*4
	if d == 2 && stride == 2 && nr4 > 0 { // two contiguous columns: W1, W5
		copyShift2AVX(&xt[0], ld, &src[0], nr4, &ref[0])
		if nr4 < nr {
			copyShiftAVX(&xt[nr4], ld, &src[nr4*stride], stride, d, nr-nr4, &ref[0])
		}
		return
	}
	if d4 == 0 || nr4 == 0 {
		copyShiftAVX(&xt[0], ld, &src[0], stride, d, nr, &ref[0])
		return
	}
	copyShift4AVX(&xt[0], ld, &src[0], stride, d4, nr4, &ref[0])
	if d4 < d {
		copyShiftAVX(&xt[d4*ld], ld, &src[d4], stride, d-d4, nr, &ref[d4])
	}
	if nr4 < nr {
		copyShiftAVX(&xt[nr4], ld, &src[nr4*stride], stride, d4, nr-nr4, &ref[0])
	}
}

// residual stores rt[j*ld+b] = xt[j*ld+b] − Σ_{c<k} sht[j*k+c] g[c*ld+b] for j < d
// and b < n: each row minus the responsibility-weighted mean of the k shifts
// (sht holds them transposed, d × k), the pooled sweep's x − m.
func residual(xt, g, sht, rt []float64, ld, d, k, n int) {
	checkKernel(xt, rt, ld, d, n)
	if len(rt) < (d-1)*ld+n || len(g) < (k-1)*ld+n || len(sht) < d*k {
		panic("gmm: kernel length")
	}
	if n == 0 {
		return
	}
	if useAVX {
		residualAVX(&xt[0], &g[0], &sht[0], &rt[0], ld, d, k, n)
		return
	}
	for j := 0; j < d; j++ {
		r := rt[j*ld : j*ld+n]
		copy(r, xt[j*ld:j*ld+n])
		for c, s := range sht[j*k : (j+1)*k] {
			for b, gv := range g[c*ld : c*ld+n] {
				r[b] -= gv * s
			}
		}
	}
}

// centredSums adds Σ_b g[b] (xt[j*ld+b] − shift[j]) to s1[j] for j < d: the first
// moments of firstMoments without storing t and u.
func centredSums(xt, g, shift, s1 []float64, ld, d, n int) {
	checkKernel(xt, g, ld, d, n)
	if len(shift) < d || len(s1) < d {
		panic("gmm: kernel parameter length")
	}
	if n == 0 {
		return
	}
	if useAVX {
		firstMomentsAVX(&xt[0], &g[0], &shift[0], &s1[0], ld, d, n)
		return
	}
	for j := 0; j < d; j++ {
		var s float64
		for b, xv := range xt[j*ld : j*ld+n] {
			s += g[b] * (xv - shift[j])
		}
		s1[j] += s
	}
}

// pairSums adds g_c · h_l to pairs[c*k+l] for c < l < k (rows of leading
// dimension ld, n columns).
func pairSums(g, h []float64, ld, k, n int, pairs []float64) {
	if n%lanes != 0 || n > ld || len(g) < (k-1)*ld+n || len(h) < (k-1)*ld+n || len(pairs) < k*k {
		panic("gmm: kernel shape")
	}
	if n == 0 || k < 2 {
		return
	}
	if useAVX {
		pairSumsAVX(&g[0], &h[0], ld, k, n, &pairs[0])
		return
	}
	for c := 0; c < k; c++ {
		for l := c + 1; l < k; l++ {
			pairs[c*k+l] += dot(g[c*ld:], h[l*ld:], n)
		}
	}
}

// rootMoments stores root[b] = √g[b] and vt[j*ld+b] = root[b] (xt[j*ld+b] −
// shift[j]), and adds Σ_b root[b] vt[j*ld+b] (= Σ_b g[b] t_j[b] to rounding) to
// s1[j], for j < d and b < n: the first moments of a tile and the rows V whose
// V Vᵀ = Σ_b g_b t_b t_bᵀ is the scatter (scatterBlocks(vt, vt, …)), stored
// once instead of t and g ⊙ t. The weights g must not be negative.
func rootMoments(xt, g, shift, root, vt, s1 []float64, ld, d, n int) {
	checkKernel(xt, vt, ld, d, n)
	if len(g) < n || len(root) < n || len(vt) < (d-1)*ld+n || len(shift) < d || len(s1) < d {
		panic("gmm: kernel length")
	}
	if n == 0 {
		return
	}
	if useAVX {
		rootMomentsAVX(&xt[0], &g[0], &shift[0], &root[0], &vt[0], &s1[0], ld, d, n)
		return
	}
	for b, gv := range g[:n] {
		root[b] = math.Sqrt(gv)
	}
	for j := 0; j < d; j++ {
		v := vt[j*ld : j*ld+n]
		var s float64
		for b, xv := range xt[j*ld : j*ld+n] {
			v[b] = root[b] * (xv - shift[j])
			s += root[b] * v[b]
		}
		s1[j] += s
	}
}
