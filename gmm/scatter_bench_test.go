package gmm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkScatterBlocks times the blocked scatter of one tile (D = 10, 50), its
// columns taken in 1, 2 or 4 calls.
func BenchmarkScatterBlocks(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{10, 50} {
		rows := paddedRows(d)
		tt, ut := make([]float64, rows*tileRows), make([]float64, rows*tileRows)
		copy(tt, randSlice(rng, d*tileRows, 1))
		copy(ut, randSlice(rng, d*tileRows, 1))
		blk := make([]float64, scatterBlockLen(d))
		for _, parts := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("d=%d/parts=%d", d, parts), func(b *testing.B) {
				m := tileRows / parts
				for b.Loop() {
					for p := 0; p < parts; p++ {
						scatterBlocks(tt[p*m:], ut[p*m:], blk, tileRows, d, m)
					}
				}
				fl := float64(tileRows) * float64(d*(d+1))
				b.ReportMetric(fl*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
			})
		}
	}
}

// BenchmarkDiagKernel times the diagonal log-density of one tile (D = 10, 50) by
// the 32-row and the 16-row kernels.
func BenchmarkDiagKernel(b *testing.B) {
	if !hasAVX2FMA {
		b.Skip("no assembly")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{10, 50} {
		xt := randSlice(rng, d*tileRows, 1)
		mu, iv := randSlice(rng, d, 1), randSlice(rng, d, 1)
		out := make([]float64, tileRows)
		b.Run(fmt.Sprintf("d=%d/32", d), func(b *testing.B) {
			for b.Loop() {
				diag32AVX(&mu[0], &iv[0], &xt[0], &out[0], tileRows, d, tileRows, 1)
			}
		})
		b.Run(fmt.Sprintf("d=%d/16", d), func(b *testing.B) {
			for b.Loop() {
				diagLogDensityAVX(&mu[0], &iv[0], &xt[0], &out[0], tileRows, d, tileRows, 1)
			}
		})
	}
}

// BenchmarkTriKernel times the triangular log-density of one tile (D = 10, 50).
func BenchmarkTriKernel(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{10, 50} {
		xt := randSlice(rng, d*tileRows, 1)
		f := newWhitener(randSlice(rng, d*(d+1)/2, 1), randSlice(rng, d, 1), d)
		out := make([]float64, tileRows)
		b.Run(fmt.Sprintf("d=%d", d), func(b *testing.B) {
			for b.Loop() {
				triLogDensity(f, xt, out, tileRows, tileRows, 1)
			}
			fl := float64(tileRows) * float64(d*(d+1)+2*d)
			b.ReportMetric(fl*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkExpNormalise times the responsibilities of one tile (K = 3, 10).
func BenchmarkExpNormalise(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, k := range []int{3, 10} {
		lp := randSlice(rng, k*tileRows, 5)
		work := make([]float64, len(lp))
		tops, sums := make([]float64, tileRows), make([]float64, tileRows)
		b.Run(fmt.Sprintf("k=%d", k), func(b *testing.B) {
			for b.Loop() {
				copy(work, lp)
				expNormalise(work, tileRows, k, tileRows, tops, sums)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*k*tileRows), "ns/exp")
		})
	}
}
