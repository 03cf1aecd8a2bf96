//go:build !amd64 || purego

package gmm

// Without the amd64 assembly (another architecture, or the purego build tag) the
// kernels are the pure-Go loops of sweep_kernels.go.

// hasAVX2FMA is false: no assembly kernel is built.
const hasAVX2FMA = false

// useAVX is always false without the amd64 assembly (a variable so tests can set it).
var useAVX = false

func triLogDensityAVX(w, v, xt, out *float64, ld, d, n int, cst float64) { panic("unreachable") }
func triBlockAVX(wb, vb, xt, out, zt *float64, ld, d, n int, cst float64) {
	panic("unreachable")
}

func dot3x3AVX(u, t *float64, ld, n int, out *float64) { panic("unreachable") }

func diagLogDensityAVX(mu, iv, xt, out *float64, ld, d, n int, cst float64) { panic("unreachable") }
func dotAVX(a, b *float64, n int) float64                                   { panic("unreachable") }
func centreScaleAVX(t, u, x, g *float64, c float64, n int)                  { panic("unreachable") }
func expNormaliseAVX(lp *float64, ld, k, n int, tops, sums *float64)        { panic("unreachable") }

func momentsAVX(xt, gam, shift, tt, ut, s1, s2 *float64, ld, d, n, full int) {
	panic("unreachable")
}

func copyShiftAVX(dst *float64, ld int, src *float64, stride, d, nr int, ref *float64) {
	panic("unreachable")
}
