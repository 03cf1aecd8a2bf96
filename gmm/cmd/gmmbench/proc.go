package main

import (
	"bufio"
	"os"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// procStatus returns a "kB" field of /proc/self/status in bytes, or -1.
func procStatus(key string) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return -1
	}
	defer f.Close()
	s := bufio.NewScanner(f)
	for s.Scan() {
		if rest, ok := strings.CutPrefix(s.Text(), key+":"); ok {
			fields := strings.Fields(rest)
			if len(fields) > 0 {
				if v, err := strconv.ParseInt(fields[0], 10, 64); err == nil {
					return v * 1024
				}
			}
		}
	}
	return -1
}

// resetPeakRSS sets the process's peak RSS (VmHWM) back to its current RSS.
func resetPeakRSS() bool {
	return os.WriteFile("/proc/self/clear_refs", []byte("5"), 0) == nil
}

// busyJiffies returns the CPU time all processes used so far, in clock ticks.
func busyJiffies() int64 {
	b, err := os.ReadFile("/proc/stat")
	if err != nil {
		return 0
	}
	line, _, _ := strings.Cut(string(b), "\n")
	f := strings.Fields(line)
	var sum int64
	for _, i := range []int{1, 2, 3, 6, 7, 8} { // user nice system irq softirq steal
		if i < len(f) {
			v, _ := strconv.ParseInt(f[i], 10, 64)
			sum += v
		}
	}
	return sum
}

// ownCPU returns this process's user+system CPU time.
func ownCPU() time.Duration {
	var ru syscall.Rusage
	if syscall.Getrusage(syscall.RUSAGE_SELF, &ru) != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// othersMeter measures how many cores other processes used during a window.
type othersMeter struct {
	busy  int64
	own   time.Duration
	start time.Time
}

func startOthers() othersMeter {
	return othersMeter{busy: busyJiffies(), own: ownCPU(), start: time.Now()}
}

// cores returns the average number of cores busy with other processes (clock
// ticks are 1/100 s on Linux).
func (o othersMeter) cores() float64 {
	wall := time.Since(o.start).Seconds()
	machine := float64(busyJiffies()-o.busy) / 100
	own := (ownCPU() - o.own).Seconds()
	return max(0, (machine-own)/wall)
}
