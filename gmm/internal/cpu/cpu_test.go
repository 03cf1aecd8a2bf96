package cpu

import (
	"os"
	"strings"
	"testing"
)

// TestAgreesWithProcCPUInfo checks the detection against the flags Linux reports
// (where /proc/cpuinfo exists): a CPU listing avx2 and fma must be detected as
// such unless the purego tag removed the assembly, and one lacking either must not.
func TestAgreesWithProcCPUInfo(t *testing.T) {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		t.Skip("no /proc/cpuinfo:", err)
	}
	var flags map[string]bool
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			flags = map[string]bool{}
			for _, f := range strings.Fields(v) {
				flags[f] = true
			}
			break
		}
	}
	if flags == nil {
		t.Skip("no flags line in /proc/cpuinfo (not x86)")
	}
	has := flags["avx2"] && flags["fma"]
	if AVX2FMA && !has {
		t.Errorf("AVX2FMA detected but /proc/cpuinfo lists avx2=%v fma=%v", flags["avx2"], flags["fma"])
	}
	if !AVX2FMA && has && Kernels() != "pure Go" {
		t.Errorf("Kernels() = %q without AVX2FMA", Kernels())
	}
	if AVX512F && !flags["avx512f"] {
		t.Error("AVX512F detected but /proc/cpuinfo lacks avx512f")
	}
	t.Logf("kernels %s, AVX-512F %v; cpuinfo avx2=%v fma=%v avx512f=%v", Kernels(), AVX512F, flags["avx2"], flags["fma"], flags["avx512f"])
}

// TestGodebugOff checks the GODEBUG settings that turn a feature off, read as Go's
// runtime reads them (the last setting for the feature wins; cpu.all=off covers
// every feature).
func TestGodebugOff(t *testing.T) {
	for _, c := range []struct {
		godebug string
		want    bool
	}{
		{"", false},
		{"cpu.avx512f=off", true},
		{"gctrace=1,cpu.avx512f=off", true},
		{"cpu.avx512f=off,cpu.avx512f=on", false},
		{"cpu.all=off", true},
		{"cpu.all=off,cpu.avx512f=on", false},
		{"cpu.avx2=off", false},
		{"cpu.avx512=off", false},
		{"xcpu.avx512f=off", false},
	} {
		if got := godebugOff(c.godebug, "avx512f"); got != c.want {
			t.Errorf("godebugOff(%q, avx512f) = %v, want %v", c.godebug, got, c.want)
		}
	}
}
