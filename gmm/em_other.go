//go:build !amd64 || purego

package gmm

func copyShift4AVX(dst *float64, ld int, src *float64, stride, d4, nr4 int, ref *float64) {
	panic("unreachable")
}

func scatterTri3AVX(u, t *float64, ld, nb, n int, out *float64) { panic("unreachable") }

func residualAVX(xt, gam, sht, rt *float64, ld, d, k, n int)    { panic("unreachable") }
func firstMomentsAVX(xt, gam, shift, s1 *float64, ld, d, n int) { panic("unreachable") }
func pairSumsAVX(a, h *float64, ld, k, n int, pairs *float64)   { panic("unreachable") }

func diag32AVX(mu, iv, xt, out *float64, ld, d, n32 int, cst float64) { panic("unreachable") }

func tri2AVX(w, v, xt, out *float64, ld, d, n int, cst float64) { panic("unreachable") }

func rootMomentsAVX(xt, gam, shift, root, vt, s1 *float64, ld, d, n int) { panic("unreachable") }

func scatterTri2AVX(u, t *float64, ld, nb, n int, out *float64) { panic("unreachable") }

func diagMomentsAVX(xt, gam, shift, s1, s2 *float64, ld, d, n int) { panic("unreachable") }

func sqDist32AVX(mu, xt, out *float64, ld, d, n32 int, cst float64) { panic("unreachable") }

func copyShift2AVX(dst *float64, ld int, src *float64, nr4 int, ref *float64) { panic("unreachable") }

func prefetchLinesAVX(p *float64, n int) { panic("unreachable") }

func scatterSym2AVX(v *float64, ld, nb, n int, out *float64) { panic("unreachable") }

func momentsSym2AVX(xt, gam, shift4 *float64, ld, nb, n int, out *float64) { panic("unreachable") }
