package gmm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestEMIterationAllocations checks that one EM iteration (M-step and sweep)
// allocates a fixed amount, independent of N: nothing per point.
func TestEMIterationAllocations(t *testing.T) {
	m, err := New([]float64{0.5, 0.3, 0.2}, [][]float64{{0, 0, 0}, {3, 1, 2}, {-2, 4, -1}}, []mat.Symmetric{
		mat.NewSymDense(3, []float64{2, 0.5, 0.2, 0.5, 1, -0.3, 0.2, -0.3, 1.5}),
		mat.NewSymDense(3, []float64{1, -0.4, 0, -0.4, 2, 0.6, 0, 0.6, 1}),
		mat.NewSymDense(3, []float64{0.5, 0.1, 0.1, 0.1, 0.7, 0, 0.1, 0, 3}),
	})
	if err != nil {
		t.Fatal(err)
	}
	allocs := map[int]float64{}
	for _, n := range []int{10000, 100000} {
		x, _ := m.Sample(n, rand.NewPCG(1, 1))
		cfg, err := newConfig(&Settings{Init: InitMixture, Start: m, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		e := newEM(x, nil, float64(n), 3, cfg)
		labels := make([]int, n)
		if _, err := e.sweep(m, labels, 0); err != nil {
			t.Fatal(err)
		}
		allocs[n] = testing.AllocsPerRun(3, func() {
			next, err := e.mstep(m, 1)
			if err != nil {
				t.Fatal(err)
			}
			if _, err := e.sweep(next, labels, 1); err != nil {
				t.Fatal(err)
			}
		})
	}
	// The M-step builds a Mixture (a few dozen allocations); the sweep starts its
	// goroutines. Ten times the rows must not mean more than a handful more.
	if allocs[100000] > allocs[10000]+20 || allocs[100000] > 500 {
		t.Errorf("allocations per iteration: %v at N = 10 000, %v at N = 100 000", allocs[10000], allocs[100000])
	}
	t.Logf("allocations per EM iteration: %v at N = 10 000, %v at N = 100 000", allocs[10000], allocs[100000])
}
