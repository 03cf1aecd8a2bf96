//go:build amd64 && !purego

package cpu

// maskedFMA512 sets dst[i] = a[i]*b[i] + dst[i] (one rounding) for each i whose bit
// is set in mask and leaves dst[i] alone otherwise, with one merge-masked
// VFMADD231PD on ZMM registers (Z16-Z18, which only EVEX can name). It exists
// for TestAVX512Executes only, which proves that AVX-512 code really runs (under
// scripts/avx512.sh on a machine without it); it must not be called unless
// AVX512F is true.
//
//go:noescape
func maskedFMA512(dst, a, b *[8]float64, mask uint16)
