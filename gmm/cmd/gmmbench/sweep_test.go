package main

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// testMixture returns a k-component mixture in d dimensions with random means and
// random SPD covariances of type ct, and n points drawn from it.
func testProblem(ct gmm.CovarianceType, n, d, k int, seed uint64) (*gmm.Mixture, *mat.Dense) {
	rng := rand.New(rand.NewPCG(seed, 1))
	w := make([]float64, k)
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	var tied *mat.SymDense
	for c := range k {
		w[c] = 1 / float64(k)
		means[c] = make([]float64, d)
		for j := range means[c] {
			means[c][j] = 10 * (rng.Float64() - 0.5)
		}
		a := mat.NewDense(d, d, nil)
		for i := range d {
			for j := range d {
				a.Set(i, j, rng.NormFloat64()*0.3)
			}
		}
		s := mat.NewSymDense(d, nil)
		s.SymOuterK(1, a)
		for i := range d {
			s.SetSym(i, i, s.At(i, i)+0.5+rng.Float64())
		}
		switch ct {
		case gmm.Diagonal:
			for i := range d {
				for j := range i {
					s.SetSym(i, j, 0)
				}
			}
		case gmm.Spherical:
			v := s.At(0, 0)
			s = mat.NewSymDense(d, nil)
			for i := range d {
				s.SetSym(i, i, v)
			}
		case gmm.Tied:
			if tied == nil {
				tied = s
			}
			s = tied
		}
		covs[c] = s
	}
	m, err := gmm.NewTyped(ct, w, means, covs)
	if err != nil {
		panic(err)
	}
	x, _ := m.Sample(n, rand.NewPCG(seed, 2))
	return m, x
}

// TestSweepMatchesTwoPass checks the one-pass statistics against responsibilities
// from the Mixture's own batch code and a direct two-pass sum.
func TestSweepMatchesTwoPass(t *testing.T) {
	for _, ct := range gmm.CovarianceTypes() {
		m, x := testProblem(ct, 20000, 5, 4, 7)
		n, d := x.Dims()
		p := newSweepParams(m)
		for _, workers := range []int{1, 3} {
			st := sweep(x, p, workers)
			resp, ll := m.LogResponsibilitiesTo(nil, x)
			if math.Abs(st.ll-ll) > 1e-12*math.Abs(ll) {
				t.Errorf("%v: loglik %v, want %v", ct, st.ll, ll)
			}
			for c := 0; c < m.K(); c++ {
				var nk float64
				s1 := make([]float64, d)
				for i := 0; i < n; i++ {
					g := math.Exp(resp.At(i, c))
					nk += g
					for j := range d {
						s1[j] += g * (x.At(i, j) - p.mu[c][j])
					}
				}
				if math.Abs(st.nk[c]-nk) > 1e-10*nk {
					t.Errorf("%v: N_%d = %v, want %v", ct, c, st.nk[c], nk)
				}
				for j := range d {
					if math.Abs(st.s1[c*d+j]-s1[j]) > 1e-9*nk {
						t.Errorf("%v: s1[%d][%d] = %v, want %v", ct, c, j, st.s1[c*d+j], s1[j])
					}
				}
			}
		}
		a, b := sweep(x, p, 1), sweep(x, p, 4)
		if a.ll != b.ll || a.s2[0] != b.s2[0] {
			t.Errorf("%v: result depends on the number of workers", ct)
		}
	}
}

func benchSweep(b *testing.B, ct gmm.CovarianceType, n, d, k, workers int) {
	m, x := testProblem(ct, n, d, k, 3)
	p := newSweepParams(m)
	b.ResetTimer()
	cpu0 := ownCPU()
	for b.Loop() {
		sweep(x, p, workers)
	}
	cpu := (ownCPU() - cpu0).Seconds() / float64(b.N)
	b.ReportMetric(cpu*1e3, "cpu-ms/op")
	b.ReportMetric(flops(ct.String(), n, d, k)/cpu/1e9, "GFLOP/cpu-s")
}

func BenchmarkSweepFullD10K10(b *testing.B) { benchSweep(b, gmm.Full, 100000, 10, 10, 1) }
func BenchmarkSweepFullD50K5(b *testing.B)  { benchSweep(b, gmm.Full, 20000, 50, 5, 1) }
func BenchmarkSweepDiagD10K10(b *testing.B) { benchSweep(b, gmm.Diagonal, 100000, 10, 10, 1) }
func BenchmarkSweepFullD2K3(b *testing.B)   { benchSweep(b, gmm.Full, 300000, 2, 3, 1) }
