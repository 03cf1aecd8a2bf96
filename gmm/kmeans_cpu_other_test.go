//go:build !unix

package gmm

// processCPU returns −1: the CPU time is not read on this platform.
func processCPU() int64 { return -1 }
