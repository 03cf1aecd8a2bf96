//go:build amd64 && !purego

package gmm

import "gmmbook/gmm/internal/cpu"

//go:noescape
func triLogDensityAVX(w, v, xt, out *float64, ld, d, n int, cst float64)

//go:noescape
func triBlockAVX2(wb, vb, xt, out, zt *float64, ld, d, n int, cst float64)

//go:noescape
func dot3x3AVX(u, t *float64, ld, n int, out *float64)

//go:noescape
func diagLogDensityAVX(mu, iv, xt, out *float64, ld, d, n int, cst float64)

//go:noescape
func dotAVX(a, b *float64, n int) float64

//go:noescape
func centreScaleAVX(t, u, x, gam *float64, c float64, n int)

// hasAVX2FMA reports whether the CPU and OS support AVX2 and FMA3.
var hasAVX2FMA = cpu.AVX2FMA

// useAVX selects the assembly kernels; tests switch it off to check the Go ones.
var useAVX = hasAVX2FMA

//go:noescape
func expNormaliseAVX2(lp *float64, ld, k, n int, tops, sums *float64)

//go:noescape
func momentsAVX(xt, gam, shift, tt, ut, s1, s2 *float64, ld, d, n, full int)

//go:noescape
func copyShiftAVX(dst *float64, ld int, src *float64, stride, d, nr int, ref *float64)
