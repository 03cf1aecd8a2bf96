//go:build amd64 && !purego

package cpu

func cpuid(eaxArg, ecxArg uint32) (eax, ebx, ecx, edx uint32)
func xgetbv0() (eax uint32)

// AVX2FMA reports whether the CPU and the operating system support AVX2 and FMA3.
var AVX2FMA = detectAVX2FMA()

// AVX512F reports whether the CPU and the operating system support AVX-512F.
var AVX512F = detectAVX512F()

// avx512Kernels enables the gmm package's AVX-512F kernels (gmm/sweep512_amd64.s)
// on CPUs that have AVX-512F. Their tests have passed under an emulated
// Skylake-X (Bochs 2.7, scripts/avx512.sh); they have not been timed on hardware.
const avx512Kernels = true

// UseAVX512 reports whether the gmm package's kernels that have an AVX-512F form
// use it: the CPU has AVX-512F, those kernels are enabled, and GODEBUG does not
// say cpu.avx512f=off.
var UseAVX512 = AVX512F && avx512Kernels && !avx512Off()

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

func detectAVX512F() bool {
	if !detectAVX2FMA() {
		return false
	}
	if xgetbv0()&0xe6 != 0xe6 { // opmask, ZMM0-15 upper halves and ZMM16-31 enabled
		return false
	}
	_, ebx7, _, _ := cpuid(7, 0)
	return ebx7&(1<<16) != 0
}
