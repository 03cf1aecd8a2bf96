package gmm

import "math"

// The sweep's inner kernels work on a tile of rows held column-major: xt[j*ld+b]
// is coordinate j of row b, for n rows (n a multiple of 16, ld ≥ n). With AVX2 and
// FMA they run in assembly (sweep_amd64.s), four rows per instruction; otherwise
// in the pure-Go loops below, which the tests also use as the reference. They
// panic with a "gmm: kernel ..." message on inconsistent lengths (a bug in the
// caller, never a user error).

const lanes = 16 // rows per block of the assembly kernels

// triLogDensity stores out[b] = cst − ½ |W x_b − v|² for b < n, W packed
// lower-triangular row-major (row i holds W_i0 … W_ii).
func triLogDensity(w, v, xt, out []float64, ld, d, n int, cst float64) {
	checkKernel(xt, out, ld, d, n)
	if len(w) < d*(d+1)/2 || len(v) < d {
		panic("gmm: kernel parameter length")
	}
	if useAVX {
		triLogDensityAVX(&w[0], &v[0], &xt[0], &out[0], ld, d, n, cst)
		return
	}
	triLogDensityGo(w, v, xt, out, ld, d, n, cst)
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
		diagLogDensityAVX(&mu[0], &iv[0], &xt[0], &out[0], ld, d, n, cst)
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
	if useAVX {
		f := 0
		if full {
			f = 1
		}
		momentsAVX(&xt[0], &g[0], &shift[0], &tt[0], &ut[0], &s1[0], &s2[0], ld, d, n, f)
		return
	}
	col := func(buf []float64, j int) []float64 { return buf[j*ld : j*ld+n] }
	for j := 0; j < d; j++ {
		centreScale(col(tt, j), col(ut, j), col(xt, j), g, shift[j], n)
		var s float64
		for _, v := range col(ut, j) {
			s += v
		}
		s1[j] += s
	}
	if !full {
		for j := 0; j < d; j++ {
			s2[j] += dot(col(ut, j), col(tt, j), n)
		}
		return
	}
	for i := 0; i < d; i++ {
		u := col(ut, i)
		for j := 0; j <= i; j++ {
			s2[j*d+i] += dot(u, col(tt, j), n)
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
		copyShiftAVX(&xt[0], ld, &src[0], stride, d, nr, &ref[0])
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

// nearestCentres stores, for b < n, in dist[b] the smallest squared distance
// Σ_j (c_j − x_bj)² of row b to the k centres (row-major, k×d) and in idx[b] the
// index of the first centre at that distance (as a float64).
func nearestCentres(centres, xt []float64, ld, d, k, n int, dist, idx []float64) {
	checkKernel(xt, dist, ld, d, n)
	if k < 1 || len(centres) < k*d || len(idx) < n {
		panic("gmm: kernel parameter length")
	}
	if n == 0 {
		return
	}
	if useAVX {
		nearestCentresAVX(&centres[0], &xt[0], ld, d, k, n, &dist[0], &idx[0])
		return
	}
	for b := 0; b < n; b++ {
		for c := 0; c < k; c++ {
			var s float64
			for j, u := range centres[c*d : (c+1)*d] {
				t := u - xt[j*ld+b]
				s += t * t
			}
			if c == 0 || s < dist[b] {
				dist[b], idx[b] = s, float64(c)
			}
		}
	}
}
