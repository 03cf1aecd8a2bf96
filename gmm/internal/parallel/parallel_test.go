package parallel

import (
	"math"
	"sync/atomic"
	"testing"
)

// TestForCoversEveryPieceOnce checks that every piece runs exactly once, on a
// worker index in range, for several worker counts.
func TestForCoversEveryPieceOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 2, 3, 7, 100} {
		for _, n := range []int{0, 1, 5, 64} {
			counts := make([]atomic.Int32, n)
			nw := Workers(n, workers)
			var bad atomic.Bool
			For(n, workers, func(i, w int) {
				counts[i].Add(1)
				if w < 0 || w >= nw {
					bad.Store(true)
				}
			})
			for i := range counts {
				if c := counts[i].Load(); c != 1 {
					t.Errorf("workers %d, n %d: piece %d ran %d times", workers, n, i, c)
				}
			}
			if bad.Load() {
				t.Errorf("workers %d, n %d: worker index outside [0, %d)", workers, n, nw)
			}
		}
	}
}

// TestForIsIndependentOfWorkers sums per-piece partial sums in piece order (the
// documented contract) and checks identical bits for 1, 2, 3 and 7 workers, on
// values whose floating-point sum depends on the order of addition.
func TestForIsIndependentOfWorkers(t *testing.T) {
	const n, per = 50, 1000
	sum := func(workers int) float64 {
		parts := make([]float64, n)
		For(n, workers, func(i, _ int) {
			for j := 0; j < per; j++ {
				parts[i] += math.Sin(float64(i*per+j)) * 1e-3 * float64(j%7+1)
			}
		})
		var s float64
		for _, p := range parts {
			s += p
		}
		return s
	}
	want := sum(1)
	for _, w := range []int{2, 3, 7} {
		if got := sum(w); math.Float64bits(got) != math.Float64bits(want) {
			t.Errorf("%d workers: %v, 1 worker: %v", w, got, want)
		}
	}
}
