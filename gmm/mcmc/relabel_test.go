package mcmc

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// permutations returns all permutations of 0..n-1.
func permutations(n int) [][]int {
	if n == 1 {
		return [][]int{{0}}
	}
	var out [][]int
	for _, p := range permutations(n - 1) {
		for pos := 0; pos <= len(p); pos++ {
			q := append(append(append([]int(nil), p[:pos]...), n-1), p[pos:]...)
			out = append(out, q)
		}
	}
	return out
}

func TestAssignMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for n := 1; n <= 6; n++ {
		perms := permutations(n)
		for trial := 0; trial < 20; trial++ {
			cost := make([][]float64, n)
			for i := range cost {
				cost[i] = make([]float64, n)
				for j := range cost[i] {
					cost[i][j] = math.Floor(10 * rng.Float64()) // ties included
				}
			}
			best := math.Inf(1)
			for _, p := range perms {
				var s float64
				for i, j := range p {
					s += cost[i][j]
				}
				best = math.Min(best, s)
			}
			got := Assign(cost)
			var s float64
			seen := make([]bool, n)
			for i, j := range got {
				if seen[j] {
					t.Fatalf("n=%d: %v is not a permutation", n, got)
				}
				seen[j] = true
				s += cost[i][j]
			}
			if s != best {
				t.Errorf("n=%d trial %d: cost %v, brute force %v", n, trial, s, best)
			}
		}
	}
}

// scrambled returns draws of three components (weight, x, y) whose true values
// are truth[k], with each draw's components permuted at random, and the layout.
func scrambled(rng *rand.Rand, truth [][]float64, n int) ([]*mat.Dense, Layout) {
	k, p := len(truth), len(truth[0])
	layout := make(Layout, k)
	for c := range layout {
		layout[c] = make([]int, p)
		for j := range layout[c] {
			layout[c][j] = c*p + j
		}
	}
	d := mat.NewDense(n, k*p, nil)
	for i := 0; i < n; i++ {
		perm := rng.Perm(k)
		for c := 0; c < k; c++ {
			for j := 0; j < p; j++ {
				d.Set(i, c*p+j, truth[perm[c]][j]+0.1*rng.NormFloat64())
			}
		}
	}
	return []*mat.Dense{d}, layout
}

func TestRelabelRecoversComponents(t *testing.T) {
	truth := [][]float64{{0.2, 0, 5}, {0.3, 5, 0}, {0.5, 8, 8}} // weight, x, y
	rng := rand.New(rand.NewPCG(7, 8))
	draws, layout := scrambled(rng, truth, 500)
	check := func(name string, out []*mat.Dense, changed int) {
		if changed == 0 || changed == 500 {
			t.Errorf("%s: %d draws permuted, want some but not all", name, changed)
		}
		for i := 0; i < 500; i++ {
			for k := range truth {
				for j := range truth[k] {
					if got := out[0].At(i, layout[k][j]); math.Abs(got-truth[k][j]) > 0.6 {
						t.Fatalf("%s: draw %d component %d parameter %d = %v, want near %v", name, i, k, j, got, truth[k][j])
					}
				}
			}
		}
	}
	out, changed := RelabelByParameter(draws, layout, 1) // order by x
	check("by x", out, changed)
	out, changed = RelabelToReference(draws, layout, []int{1, 2}, [][]float64{{0, 5}, {5, 0}, {8, 8}})
	check("to reference", out, changed)
	// The input is not modified.
	if mat.Equal(out[0], draws[0]) {
		t.Errorf("relabelled draws equal the input: input modified or nothing done")
	}
}
