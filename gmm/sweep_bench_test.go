package gmm

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/blas"
	"gonum.org/v1/gonum/blas/blas64"
)

// TestSweepGoKernelsAgree checks that a sweep with the pure-Go kernels gives the
// statistics of the assembly kernels to rounding (on a machine without AVX2 both
// are the Go kernels).
func TestSweepGoKernelsAgree(t *testing.T) {
	for _, ct := range CovarianceTypes() {
		m := sweepTestMixture(t, ct, 3)
		x, _ := m.Sample(5000, rand.NewPCG(11, 12))
		full := ct == Full || ct == Tied
		start := sweepTestMixture(t, ct, 3.5)
		a, b := newSuffStats(3, 3, full), newSuffStats(3, 3, full)
		newSweeper(x, nil, 3, full, 1).run(start, nil, a)
		withGo(func() { newSweeper(x, nil, 3, full, 1).run(start, nil, b) })
		if !closeRel(a.logLik, b.logLik, 1e-13) {
			t.Errorf("%v: log-likelihood %v (assembly) vs %v (Go)", ct, a.logLik, b.logLik)
		}
		for i := range a.s2 {
			if !closeRel(a.s2[i], b.s2[i], 1e-11) {
				t.Errorf("%v: S2[%d] %v (assembly) vs %v (Go)", ct, i, a.s2[i], b.s2[i])
			}
		}
		for i := range a.nk {
			if !closeRel(a.nk[i], b.nk[i], 1e-12) {
				t.Errorf("%v: N_%d %v (assembly) vs %v (Go)", ct, i, a.nk[i], b.nk[i])
			}
		}
	}
}

// kernelTile is one tile of D = 10 coordinates and K = 10 full-covariance
// components, as in workloads W2 and W3.
type kernelTile struct {
	d, k, n int
	xt, g   []float64
	tri     []*whitener
	dense   [][]float64 // the same W, D×D row-major with zeros above the diagonal
	v       []float64
	out     []float64
	y       []float64
}

func newKernelTile() *kernelTile {
	rng := rand.New(rand.NewPCG(5, 6))
	kt := &kernelTile{d: 10, k: 10, n: tileRows}
	d := kt.d
	kt.xt = randSlice(rng, d*tileRows, 3)
	kt.g = randSlice(rng, tileRows, 1)
	kt.v = randSlice(rng, d, 1)
	kt.out = make([]float64, tileRows)
	kt.y = make([]float64, d*tileRows)
	for c := 0; c < kt.k; c++ {
		w := randSlice(rng, d*(d+1)/2, 1)
		dense := make([]float64, d*d)
		for i, off := 0, 0; i < d; i++ {
			copy(dense[i*d:i*d+i+1], w[off:off+i+1])
			off += i + 1
		}
		kt.tri, kt.dense = append(kt.tri, newWhitener(w, kt.v, d)), append(kt.dense, dense)
	}
	return kt
}

// eStepGonum is the E-step kernel as a matrix product through gonum's BLAS:
// Y = W Xᵀ (D×D times D×n), then out_b = cst − ½ |y_b − v|².
func (kt *kernelTile) eStepGonum(c int) {
	d, n := kt.d, kt.n
	w := blas64.General{Rows: d, Cols: d, Stride: d, Data: kt.dense[c]}
	x := blas64.General{Rows: d, Cols: n, Stride: tileRows, Data: kt.xt}
	y := blas64.General{Rows: d, Cols: n, Stride: tileRows, Data: kt.y}
	blas64.Gemm(blas.NoTrans, blas.NoTrans, 1, w, x, 0, y)
	clear(kt.out)
	for i := 0; i < d; i++ {
		row, vi := kt.y[i*tileRows:i*tileRows+n], kt.v[i]
		for b, yv := range row {
			t := yv - vi
			kt.out[b] += t * t
		}
	}
	for b := range kt.out {
		kt.out[b] = -1 - 0.5*kt.out[b]
	}
}

// mStepGonum is the scatter update Σ_b γ_b t_b t_bᵀ as one matrix product
// U Tᵀ through gonum's BLAS, with U = the rows scaled by γ.
func (kt *kernelTile) mStepGonum(s2 []float64) {
	d, n := kt.d, kt.n
	for j := 0; j < d; j++ {
		centreScale(kt.y[j*tileRows:j*tileRows+n], kt.out, kt.xt[j*tileRows:], kt.g, 0.5, n)
		copy(kt.y[j*tileRows:], kt.out)
	}
	u := blas64.General{Rows: d, Cols: n, Stride: tileRows, Data: kt.y}
	t := blas64.General{Rows: d, Cols: n, Stride: tileRows, Data: kt.xt}
	s := blas64.General{Rows: d, Cols: d, Stride: d, Data: s2}
	blas64.Gemm(blas.NoTrans, blas.Trans, 1, u, t, 1, s)
}

// mStepMoments is the same update with the sweep's moments kernel (lower
// triangle only, plus Σγt).
func (kt *kernelTile) mStepMoments(s1, s2 []float64, tt, ut []float64) {
	shift := kt.v
	moments(kt.xt, kt.g, shift, tt, ut, s1, s2, tileRows, kt.d, kt.n, true)
}

// BenchmarkSweepKernels compares, on one tile of 128 rows with D = 10 and K = 10
// full covariances, the E-step and M-step kernels in assembly, in pure Go, and as
// matrix products through gonum's BLAS (the alternative the sweep was measured
// against; see docs/performance.md).
func BenchmarkSweepKernels(b *testing.B) {
	kt := newKernelTile()
	s1, s2 := make([]float64, kt.d), make([]float64, kt.d*kt.d)
	tt, ut := make([]float64, kt.d*tileRows), make([]float64, kt.d*tileRows)
	variants := []struct {
		name string
		run  func()
	}{
		{"E/asm", func() {
			for c := range kt.k {
				triLogDensity(kt.tri[c], kt.xt, kt.out, tileRows, kt.n, -1)
			}
		}},
		{"E/go", func() {
			withGo(func() {
				for c := range kt.k {
					triLogDensity(kt.tri[c], kt.xt, kt.out, tileRows, kt.n, -1)
				}
			})
		}},
		{"E/gonum", func() {
			for c := range kt.k {
				kt.eStepGonum(c)
			}
		}},
		{"M/asm", func() {
			for range kt.k {
				kt.mStepMoments(s1, s2, tt, ut)
			}
		}},
		{"M/go", func() {
			withGo(func() {
				for range kt.k {
					kt.mStepMoments(s1, s2, tt, ut)
				}
			})
		}},
		{"M/gonum", func() {
			for range kt.k {
				kt.mStepGonum(s2)
			}
		}},
	}
	for _, v := range variants {
		b.Run(v.name, func(b *testing.B) {
			for b.Loop() {
				v.run()
			}
			// Flops: E ≈ n·K·(D² + 3D), M ≈ n·K·(D² + 3D) for the lower triangle.
			fl := float64(kt.n*kt.k) * float64(kt.d*kt.d+3*kt.d)
			b.ReportMetric(fl*float64(b.N)/b.Elapsed().Seconds()/1e9, "GFLOP/s")
		})
	}
}

// BenchmarkSweep times one whole sweep (N = 100 000, D = 10, K = 10) with the
// assembly and with the pure-Go kernels, on one goroutine.
func BenchmarkSweep(b *testing.B) {
	for _, ct := range []CovarianceType{Full, Diagonal} {
		x, m := benchData(b, 100000, 10, 10, ct)
		full := ct == Full
		for _, kernels := range []string{"asm", "go"} {
			b.Run(ct.String()+"/"+kernels, func(b *testing.B) {
				sw := newSweeper(x, nil, 10, full, 1)
				st := newSuffStats(10, 10, full)
				run := func() { sw.run(m, nil, st) }
				if kernels == "go" {
					run = func() { withGo(func() { sw.run(m, nil, st) }) }
				}
				for b.Loop() {
					run()
				}
			})
		}
	}
}

// TestLogProbsDense checks the kernel path of the batch log-density against the
// Mixture's row-by-row LogProbsTo, for every covariance type, a far point and an
// offset of 1e6.
func TestLogProbsDense(t *testing.T) {
	for _, ct := range CovarianceTypes() {
		for _, offset := range []float64{0, 1e6} {
			m := sweepTestMixture(t, ct, offset)
			x, _ := m.Sample(4100, rand.NewPCG(13, 14))
			x.Set(5, 0, offset+1e4)
			want := m.LogProbsTo(nil, x)
			got := make([]float64, 4100)
			logProbsDense(m, got, x, 3)
			for i := range got {
				if !closeRel(got[i], want[i], 1e-12) {
					t.Fatalf("%v offset %g row %d: %v, row-by-row %v", ct, offset, i, got[i], want[i])
				}
			}
		}
	}
}

// BenchmarkSweepShapes times one sweep (one goroutine, assembly kernels) at the
// shapes of the benchmark workloads where the work per row and component is small:
// W5 (N = 10⁶, D = 2, K = 3) and W2 (N = 10⁵, D = 10, K = 10), for EM with diagonal
// covariances and for Lloyd's assignment step.
func BenchmarkSweepShapes(b *testing.B) {
	shapes := []struct {
		name    string
		n, d, k int
	}{{"W5", 1000000, 2, 3}, {"W2", 100000, 10, 10}}
	for _, s := range shapes {
		x, m := benchData(b, s.n, s.d, s.k, Diagonal)
		b.Run(s.name+"/diag", func(b *testing.B) {
			sw := newSweeper(x, nil, s.k, false, 1)
			st := newSuffStats(s.k, s.d, false)
			for b.Loop() {
				sw.run(m, nil, st)
			}
		})
		b.Run(s.name+"/kmeans", func(b *testing.B) {
			ks := newKMeansSweeper(x, nil, s.k, 1)
			st := newKMeansStats(s.k, s.d)
			centres := make([]float64, 0, s.k*s.d)
			for c := range s.k {
				centres = append(centres, m.Mean(c)...)
			}
			labels := make([]int, s.n)
			for b.Loop() {
				ks.run(centres, labels, st)
			}
		})
	}
}
