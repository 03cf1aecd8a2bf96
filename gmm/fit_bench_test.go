package gmm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// benchData returns n rows in d dimensions from k well-separated unit clusters and
// a k-component mixture of type ct to start from (means at the first k rows).
func benchData(b *testing.B, n, d, k int, ct CovarianceType) (*mat.Dense, *Mixture) {
	b.Helper()
	rnd := rand.New(rand.NewPCG(1, 2))
	centres := make([][]float64, k)
	for c := range centres {
		centres[c] = make([]float64, d)
		for j := range centres[c] {
			centres[c][j] = 10 * rnd.NormFloat64()
		}
	}
	x := mat.NewDense(n, d, nil)
	for i := 0; i < n; i++ {
		row := x.RawRowView(i)
		for j := range row {
			row[j] = centres[i%k][j] + rnd.NormFloat64()
		}
	}
	weights := make([]float64, k)
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	for c := range weights {
		weights[c] = 1 / float64(k)
		means[c] = mat.Row(nil, c, x)
		cov := mat.NewSymDense(d, nil)
		for r := 0; r < d; r++ {
			for s := r; s < d; s++ {
				switch {
				case r == s:
					cov.SetSym(r, s, 2)
				case ct == Full || ct == Tied:
					cov.SetSym(r, s, 0.3)
				}
			}
		}
		covs[c] = cov
	}
	m, err := NewTyped(ct, weights, means, covs)
	if err != nil {
		b.Fatal(err)
	}
	return x, m
}

// BenchmarkEStep times one sweep (the E-step with the sufficient statistics) at
// N = 100 000, D = 10, K = 10.
func BenchmarkEStep(b *testing.B) {
	for _, ct := range []CovarianceType{Full, Diagonal} {
		b.Run(ct.String(), func(b *testing.B) {
			x, m := benchData(b, 100000, 10, 10, ct)
			full := ct == Full
			sw := newSweeper(x, nil, 10, full, 0)
			st := newSuffStats(10, 10, full)
			labels := make([]int, 100000)
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				sw.run(m, labels, st)
			}
		})
	}
}

// BenchmarkEMIteration times one EM iteration (M-step and sweep) at N = 100 000,
// D = 10, K = 10.
func BenchmarkEMIteration(b *testing.B) {
	for _, ct := range []CovarianceType{Full, Diagonal} {
		b.Run(ct.String(), func(b *testing.B) {
			x, m := benchData(b, 100000, 10, 10, ct)
			cfg, err := newConfig(&Settings{Covariance: ct, Init: InitMixture, Start: m})
			if err != nil {
				b.Fatal(err)
			}
			e := newEM(x, nil, 100000, 10, cfg)
			labels := make([]int, 100000)
			if _, err := e.sweep(m, labels, 0); err != nil {
				b.Fatal(err)
			}
			b.ReportAllocs()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				// Always step from m, so that every iteration does the same work.
				next, err := e.mstep(m, i+1)
				if err != nil {
					b.Fatal(err)
				}
				if _, err := e.sweep(next, labels, i+1); err != nil {
					b.Fatal(err)
				}
				b.StopTimer()
				if _, err := e.sweep(m, labels, 0); err != nil {
					b.Fatal(err)
				}
				b.StartTimer()
			}
		})
	}
}

// BenchmarkKMeansIteration times one Lloyd assignment sweep at N = 100 000,
// D = 10, K = 10.
func BenchmarkKMeansIteration(b *testing.B) {
	x, _ := benchData(b, 100000, 10, 10, Full)
	ks := newKMeansSweeper(x, nil, 10, 0)
	st := newKMeansStats(10, 10)
	centres := rawCenters(x.Slice(0, 10, 0, 10))
	labels := make([]int, 100000)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		ks.run(centres, labels, st)
	}
}
