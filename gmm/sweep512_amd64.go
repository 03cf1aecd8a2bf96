//go:build amd64 && !purego

package gmm

import "gmmbook/gmm/internal/cpu"

//go:generate sh -c "python3 ../scripts/gen-sweep512.py > sweep512_amd64.s"

// The kernels with an AVX-512F form (sweep512_amd64.s) dispatch here between it
// and the AVX2 one: triBlockAVX, scatterTri3AVX, kmeansNearestAVX,
// expNormaliseAVX, diag32AVX, sqDist32AVX and tri2AVX are called by the kernels
// of sweep_kernels.go and kmeans_kernels.go where useAVX is set, and run the
// AVX-512F code where use512 is also set.

// use512 selects the AVX-512F kernels; it is cpu.UseAVX512 (the CPU has AVX-512F
// and the kernels are enabled), and tests switch it to compare the two forms.
var use512 = cpu.UseAVX512

//go:noescape
func triBlock512(wb, vb, xt, out, zt *float64, ld, d, n int, cst float64)

//go:noescape
func scatterTri3512(u, t *float64, ld, nb, n int, out *float64)

//go:noescape
func kmeansNearest512(x *float64, stride, n, d int, ct *float64, kp int, dist *float64, idx *int)

// triBlockAVX is triBlockAVX2 (sweep_amd64.s) or, with use512, triBlock512: the
// same numbers bit for bit.
func triBlockAVX(wb, vb, xt, out, zt *float64, ld, d, n int, cst float64) {
	if use512 {
		triBlock512(wb, vb, xt, out, zt, ld, d, n, cst)
		return
	}
	triBlockAVX2(wb, vb, xt, out, zt, ld, d, n, cst)
}

// scatterTri3AVX is scatterTri3AVX2 (em_amd64.s) or, with use512 and n a
// multiple of 8, scatterTri3512, whose sums are added in another order (eight
// lanes instead of four) and so differ from scatterTri3AVX2's by rounding.
func scatterTri3AVX(u, t *float64, ld, nb, n int, out *float64) {
	if use512 && n%8 == 0 {
		scatterTri3512(u, t, ld, nb, n, out)
		return
	}
	scatterTri3AVX2(u, t, ld, nb, n, out)
}

// kmeansNearestAVX is kmeansNearestAVX2 (kmeans_amd64.s) or, with use512,
// kmeansNearest512: the same distances and labels bit for bit.
func kmeansNearestAVX(x *float64, stride, n, d int, ct *float64, kp int, dist *float64, idx *int) {
	if use512 {
		kmeansNearest512(x, stride, n, d, ct, kp, dist, idx)
		return
	}
	kmeansNearestAVX2(x, stride, n, d, ct, kp, dist, idx)
}

//go:noescape
func expNormalise512(lp *float64, ld, k, n int, tops, sums *float64)

// expNormaliseAVX is expNormaliseAVX2 (sweep_amd64.s) or, with use512,
// expNormalise512: the same numbers bit for bit.
func expNormaliseAVX(lp *float64, ld, k, n int, tops, sums *float64) {
	if use512 {
		expNormalise512(lp, ld, k, n, tops, sums)
		return
	}
	expNormaliseAVX2(lp, ld, k, n, tops, sums)
}

//go:noescape
func diag512(mu, iv, xt, out *float64, ld, d, n32 int, cst float64)

//go:noescape
func sqDist512(mu, xt, out *float64, ld, d, n32 int, cst float64)

// diag32AVX is diag32AVX2 (em_amd64.s) or, with use512, diag512: the same numbers
// bit for bit.
func diag32AVX(mu, iv, xt, out *float64, ld, d, n32 int, cst float64) {
	if use512 {
		diag512(mu, iv, xt, out, ld, d, n32, cst)
		return
	}
	diag32AVX2(mu, iv, xt, out, ld, d, n32, cst)
}

// sqDist32AVX is sqDist32AVX2 (em_amd64.s) or, with use512, sqDist512: the same
// numbers bit for bit.
func sqDist32AVX(mu, xt, out *float64, ld, d, n32 int, cst float64) {
	if use512 {
		sqDist512(mu, xt, out, ld, d, n32, cst)
		return
	}
	sqDist32AVX2(mu, xt, out, ld, d, n32, cst)
}

//go:noescape
func tri2512(w, v, xt, out *float64, ld, d, n int, cst float64)

// tri2AVX is tri2AVX2 (em_amd64.s) or, with use512, tri2512: the same numbers
// bit for bit.
func tri2AVX(w, v, xt, out *float64, ld, d, n int, cst float64) {
	if use512 {
		tri2512(w, v, xt, out, ld, d, n, cst)
		return
	}
	tri2AVX2(w, v, xt, out, ld, d, n, cst)
}
