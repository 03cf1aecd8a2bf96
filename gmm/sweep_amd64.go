//go:build amd64 && !purego

package gmm

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() (eax uint32)

//go:noescape
func triLogDensityAVX(w, v, xt, out *float64, ld, d, n int, cst float64)

//go:noescape
func diagLogDensityAVX(mu, iv, xt, out *float64, ld, d, n int, cst float64)

//go:noescape
func dotAVX(a, b *float64, n int) float64

//go:noescape
func centreScaleAVX(t, u, x, gam *float64, c float64, n int)

// hasAVX2FMA reports whether the CPU and OS support AVX2 and FMA3.
var hasAVX2FMA = detectAVX2FMA()

func detectAVX2FMA() bool {
	maxID, _, _, _ := cpuid(0, 0)
	if maxID < 7 {
		return false
	}
	_, _, ecx1, _ := cpuid(1, 0)
	const fma, osxsave, avx = 1 << 12, 1 << 27, 1 << 28
	if ecx1&fma == 0 || ecx1&osxsave == 0 || ecx1&avx == 0 {
		return false
	}
	if xgetbv0()&6 != 6 { // XMM and YMM state enabled by the OS
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<5) != 0
}

// useAVX selects the assembly kernels; tests switch it off to check the Go ones.
var useAVX = hasAVX2FMA

//go:noescape
func expNormaliseAVX(lp *float64, ld, k, n int, tops, sums *float64)

//go:noescape
func momentsAVX(xt, gam, shift, tt, ut, s1, s2 *float64, ld, d, n, full int)

//go:noescape
func copyShiftAVX(dst *float64, ld int, src *float64, stride, d, nr int, ref *float64)

//go:noescape
func nearestCentresAVX(centres, xt *float64, ld, d, k, n int, dist, idx *float64)
