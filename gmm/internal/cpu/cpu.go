// Package cpu reports which instruction sets the module's assembly kernels may use
// on this machine, detected once at start-up with CPUID and XGETBV (amd64 without
// the purego build tag; everywhere else nothing is detected and the pure-Go
// kernels run).
//
// GODEBUG=cpu.avx512f=off (or cpu.all=off), as Go's runtime reads it, keeps the
// AVX-512F kernels off on a CPU that has them, so that the AVX2 ones can be timed
// against them on the same machine.
package cpu

import (
	"os"
	"strings"
)

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

// godebugOff reports whether the comma-separated GODEBUG settings turn the
// feature off: the last of "cpu.<feature>=off|on" and "cpu.all=off" decides.
func godebugOff(godebug, feature string) bool {
	off := false
	for _, kv := range strings.Split(godebug, ",") {
		switch strings.TrimSpace(kv) {
		case "cpu." + feature + "=off", "cpu.all=off":
			off = true
		case "cpu." + feature + "=on":
			off = false
		}
	}
	return off
}

// avx512Off reports whether $GODEBUG turns AVX-512F off.
func avx512Off() bool { return godebugOff(os.Getenv("GODEBUG"), "avx512f") }
