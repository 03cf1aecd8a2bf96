//go:build ignore

// gendraws writes draws.csv, fixed draws of five quantities (4 chains × 200)
// on which rstan's diagnostics were computed once (see diagnostics.R) to serve
// as the reference in diagnostics_test.go. Run: go run gendraws.go
package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"os"
)

func main() {
	const chains, n = 4, 200
	rng := rand.New(rand.NewPCG(2024, 6))
	f, err := os.Create("draws.csv")
	if err != nil {
		panic(err)
	}
	defer f.Close()
	fmt.Fprintln(f, "chain,iter,ar09,shifted,cauchy,antithetic,ties")
	for c := 0; c < chains; c++ {
		var ar, anti float64
		for i := 0; i < n; i++ {
			ar = 0.9*ar + rng.NormFloat64()                       // AR(1), φ = 0.9
			shifted := rng.NormFloat64() + 0.5*float64(c)         // chains disagree
			cauchy := math.Tan(math.Pi * (rng.Float64() - 0.5))   // heavy tails
			anti = -0.6*anti + rng.NormFloat64()                  // ESS above S
			ties := math.Floor(3 * rng.Float64() * rng.Float64()) // 0, 1, 2
			fmt.Fprintf(f, "%d,%d,%.17g,%.17g,%.17g,%.17g,%g\n", c+1, i+1, ar, shifted, cauchy, anti, ties)
		}
	}
}
