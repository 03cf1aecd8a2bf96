package gmm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkScatterBlocks times the blocked scatter of one tile by the 2-row and
// the 3-row kernels at several dimensions (scatter3MinDim is set from it).
func BenchmarkScatterBlocks(b *testing.B) {
	if !hasAVX2FMA {
		b.Skip("no assembly")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{10, 17, 24, 32, 50} {
		rows := d + 6
		tt := make([]float64, rows*tileRows)
		copy(tt, randSlice(rng, d*tileRows, 1))
		blk := make([]float64, rows*rows*9)
		for _, bs := range []int{2, 3} {
			b.Run(fmt.Sprintf("d=%d/bs=%d", d, bs), func(b *testing.B) {
				nb := (d + bs - 1) / bs
				for b.Loop() {
					if bs == 2 {
						scatterTri2AVX(&tt[0], &tt[0], tileRows, nb, tileRows, &blk[0])
					} else {
						scatterTri3AVX(&tt[0], &tt[0], tileRows, nb, tileRows, &blk[0])
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

// BenchmarkDiagMoments times the diagonal moments of one tile (D = 10) by
// diagMomentsAVX (sixteen rows per step) and momentsAVX (eight).
func BenchmarkDiagMoments(b *testing.B) {
	if !hasAVX2FMA {
		b.Skip("no assembly")
	}
	rng := rand.New(rand.NewPCG(1, 2))
	const d = 10
	xt, g, shift := randSlice(rng, d*tileRows, 1), randSlice(rng, tileRows, 1), randSlice(rng, d, 1)
	s1, s2 := make([]float64, d), make([]float64, d)
	b.Run("16", func(b *testing.B) {
		for b.Loop() {
			diagMomentsAVX(&xt[0], &g[0], &shift[0], &s1[0], &s2[0], tileRows, d, tileRows)
		}
	})
	b.Run("8", func(b *testing.B) {
		for b.Loop() {
			momentsAVX(&xt[0], &g[0], &shift[0], nil, nil, &s1[0], &s2[0], tileRows, d, tileRows, 0)
		}
	})
}
