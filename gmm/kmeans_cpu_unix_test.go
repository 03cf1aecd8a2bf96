//go:build unix

package gmm

import "syscall"

// processCPU returns the CPU time (user and system) of the process so far, in
// nanoseconds, or −1 if it cannot be read.
func processCPU() int64 {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return -1
	}
	return ru.Utime.Nano() + ru.Stime.Nano()
}
