package cpu

import (
	"math"
	"testing"
)

// TestAVX512Executes runs a merge-masked VFMADD231PD on ZMM registers when AVX512F
// is detected and compares every lane with math.FMA (the masked-off lanes must keep
// their value). Without AVX-512 it skips; scripts/avx512.sh runs it under the Bochs
// emulator's AVX-512 CPU to show that such code executes there.
func TestAVX512Executes(t *testing.T) {
	t.Logf("AVX512F: %v (kernels %s)", AVX512F, Kernels())
	if !AVX512F {
		t.Skip("no AVX-512F on this CPU (scripts/avx512.sh runs this test under an emulator that has it)")
	}
	a := [8]float64{1.5, -2, 3.25, 1e300, 0.1, -0.5, 7, 1.0 / 3}
	b := [8]float64{2, 0.75, -4, 1e10, 0.2, 8, -1.5, 3}
	acc := [8]float64{0.5, 1, 2, -1, 0.3, 4, 10.5, -1}
	const mask = 0b1011_0111 // lanes 3 and 6 are masked off
	got := acc
	maskedFMA512(&got, &a, &b, mask)
	for i := range got {
		want := acc[i]
		if mask&(1<<i) != 0 {
			want = math.FMA(a[i], b[i], acc[i])
		}
		if math.Float64bits(got[i]) != math.Float64bits(want) {
			t.Errorf("lane %d: got %v, want %v", i, got[i], want)
		}
	}
}
