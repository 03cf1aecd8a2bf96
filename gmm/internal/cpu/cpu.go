// Package cpu reports which instruction sets the module's assembly kernels may use
// on this machine, detected once at start-up with CPUID and XGETBV (amd64 without
// the purego build tag; everywhere else nothing is detected and the pure-Go
// kernels run).
package cpu

// Kernels names the kernels the gmm package dispatches to on this machine:
// "AVX-512F+AVX2+FMA" (the kernels with an AVX-512F form use it, the others
// AVX2), "AVX2+FMA" or "pure Go".
func Kernels() string {
	switch {
	case UseAVX512:
		return "AVX-512F+AVX2+FMA"
	case AVX2FMA:
		return "AVX2+FMA"
	}
	return "pure Go"
}
