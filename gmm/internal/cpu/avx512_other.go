//go:build !amd64 || purego

package cpu

// maskedFMA512 is never called here: AVX512F is false without the amd64
// assembly, and TestAVX512Executes skips.
func maskedFMA512(dst, a, b *[8]float64, mask uint16) {
	panic("cpu: maskedFMA512 called without AVX-512")
}
