package bayes

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
	"gmmbook/gmm/internal/parallel"
)

// chainSources draws two seeds per chain from src (nil: rand.NewPCG(1, 1)) in
// order, before any chain starts, and returns one generator per chain.
func chainSources(src rand.Source, chains int) []*rand.Rand {
	if src == nil {
		src = defaults.Source()
	}
	out := make([]*rand.Rand, chains)
	for c := range out {
		a, b := src.Uint64(), src.Uint64()
		out[c] = rand.New(rand.NewPCG(a, b))
	}
	return out
}

// runParallel runs run(c, rngs[c]) for every chain by parallel.For, at most
// workers at a time (0: GOMAXPROCS), and returns the first error by chain order.
func runParallel(rngs []*rand.Rand, workers int, run func(c int, rng *rand.Rand) error) error {
	errs := make([]error, len(rngs))
	parallel.For(len(rngs), workers, func(c, _ int) { errs[c] = run(c, rngs[c]) })
	for c, err := range errs {
		if err != nil {
			return fmt.Errorf("bayes: chain %d: %w", c, err)
		}
	}
	return nil
}

// DispersedMeans returns k rows of x chosen by k-means++ seeding: the first
// uniformly, each next one with probability proportional to its squared
// distance from the nearest row already chosen. Chains started from different
// draws of it start spread over the data. The draws come from src (a *rand.Rand
// is a rand.Source too: passing one continues its stream). It panics if x has
// fewer than k rows.
func DispersedMeans(x *mat.Dense, k int, src rand.Source) [][]float64 {
	rng := rand.New(src)
	n, _ := x.Dims()
	if n < k || k < 1 {
		panic("bayes: fewer data points than components")
	}
	means := [][]float64{append([]float64(nil), x.RawRowView(rng.IntN(n))...)}
	dist := make([]float64, n)
	for i := range dist {
		dist[i] = math.Inf(1)
	}
	for len(means) < k {
		last := means[len(means)-1]
		var total float64
		for i := range dist {
			dist[i] = math.Min(dist[i], sqDist(x.RawRowView(i), last))
			total += dist[i]
		}
		pick := n - 1
		u := rng.Float64() * total
		for i, d := range dist {
			if u < d {
				pick = i
				break
			}
			u -= d
		}
		if total == 0 { // all points coincide with chosen ones
			pick = rng.IntN(n)
		}
		means = append(means, append([]float64(nil), x.RawRowView(pick)...))
	}
	return means
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		d := v - b[i]
		s += d * d
	}
	return s
}
