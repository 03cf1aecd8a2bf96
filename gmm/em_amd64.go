//go:build amd64 && !purego

package gmm

//go:noescape
func copyShift4AVX(dst *float64, ld int, src *float64, stride, d4, nr4 int, ref *float64)

//go:noescape
func scatterTri3AVX2(u, t *float64, ld, nb, n int, out *float64)

//go:noescape
func residualAVX(xt, gam, sht, rt *float64, ld, d, k, n int)

//go:noescape
func firstMomentsAVX(xt, gam, shift, s1 *float64, ld, d, n int)

//go:noescape
func pairSumsAVX(a, h *float64, ld, k, n int, pairs *float64)

//go:noescape
func diag32AVX2(mu, iv, xt, out *float64, ld, d, n32 int, cst float64)

//go:noescape
func tri2AVX2(w, v, xt, out *float64, ld, d, n int, cst float64)

//go:noescape
func rootMomentsAVX(xt, gam, shift, root, vt, s1 *float64, ld, d, n int)

//go:noescape
func scatterTri2AVX(u, t *float64, ld, nb, n int, out *float64)

//go:noescape
func diagMomentsAVX(xt, gam, shift, s1, s2 *float64, ld, d, n int)

//go:noescape
func sqDist32AVX2(mu, xt, out *float64, ld, d, n32 int, cst float64)

//go:noescape
func copyShift2AVX(dst *float64, ld int, src *float64, nr4 int, ref *float64)

//go:noescape
func prefetchLinesAVX(p *float64, n int)

//go:noescape
func scatterSym2AVX(v *float64, ld, nb, n int, out *float64)

//go:noescape
func momentsSym2AVX(xt, gam, shift4 *float64, ld, nb, n int, out *float64)
