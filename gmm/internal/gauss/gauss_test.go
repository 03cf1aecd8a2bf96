package gauss

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
)

// TestLogDensityMatchesDistmv checks the kernel against gonum's distmv.Normal
// (an independent implementation) and its gradient L⁻ᵀz against Σ⁻¹(x − μ) solved
// by gonum's Cholesky.
func TestLogDensityMatchesDistmv(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, d := range []int{1, 2, 5} {
		a := mat.NewDense(d, d, nil)
		a.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, a)
		sigma := mat.NewSymDense(d, nil)
		sigma.SymOuterK(1, a)
		for i := 0; i < d; i++ {
			sigma.SetSym(i, i, sigma.At(i, i)+0.5)
		}
		var chol mat.Cholesky
		if !chol.Factorize(sigma) {
			t.Fatal("not positive definite")
		}
		f := NewFactor(&chol)
		mu, x, z := make([]float64, d), make([]float64, d), make([]float64, d)
		for j := range mu {
			mu[j], x[j] = rng.NormFloat64(), 3*rng.NormFloat64()
		}
		ref, ok := distmv.NewNormal(mu, sigma, nil)
		if !ok {
			t.Fatal("distmv rejected the covariance")
		}
		if got, want := f.LogDensity(z, x, mu), ref.LogProb(x); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("d=%d: log density %v, distmv %v", d, got, want)
		}
		f.SolveTransposed(z)
		diff := make([]float64, d)
		for j := range diff {
			diff[j] = x[j] - mu[j]
		}
		var want mat.VecDense
		if err := chol.SolveVecTo(&want, mat.NewVecDense(d, diff)); err != nil {
			t.Fatal(err)
		}
		for j := range z {
			if math.Abs(z[j]-want.AtVec(j)) > 1e-12*math.Max(1, math.Abs(want.AtVec(j))) {
				t.Errorf("d=%d: L⁻ᵀz[%d] = %v, Σ⁻¹(x−μ) = %v", d, j, z[j], want.AtVec(j))
			}
		}
	}
}

// TestFarTail checks the overflow contract in 1-D with σ = 1: ½x² is finite up to
// x = √(2·MaxFloat64) ≈ 1.8961e154 and the log density −Inf beyond it.
func TestFarTail(t *testing.T) {
	var chol mat.Cholesky
	chol.Factorize(mat.NewSymDense(1, []float64{1}))
	f := NewFactor(&chol)
	z := make([]float64, 1)
	for _, x := range []float64{1e150, 1.5e154, 1.89e154} {
		want := f.LogNorm() - (0.5*x)*x
		if got := f.LogDensity(z, []float64{x}, []float64{0}); math.Abs(got-want) > 1e-15*math.Abs(want) {
			t.Errorf("x = %g: log density %v, want %v", x, got, want)
		}
	}
	if got := f.LogDensity(z, []float64{1.9e154}, []float64{0}); !math.IsInf(got, -1) {
		t.Errorf("x = 1.9e154: log density %v, want -Inf", got)
	}
}

// TestLogSumExpNaN checks that a NaN anywhere gives NaN.
func TestLogSumExpNaN(t *testing.T) {
	for _, v := range [][]float64{{math.NaN(), 1}, {1, math.NaN()}, {math.Inf(-1), math.NaN()}} {
		if got := LogSumExp(v); !math.IsNaN(got) {
			t.Errorf("LogSumExp(%v) = %v, want NaN", v, got)
		}
	}
	if got, want := LogSumExp([]float64{-1000, -1000 + math.Log(3)}), -1000+math.Log(4); math.Abs(got-want) > 1e-13 {
		t.Errorf("LogSumExp = %v, want %v", got, want)
	}
}

// TestDiagonalFactorMatchesCholesky checks that the O(D) factor of a diagonal
// covariance gives, bit for bit, the numbers of the factor built from gonum's
// Cholesky of the same D×D matrix (D = 70 takes LAPACK's blocked path), and its
// log density against gonum's distmv.Normal.
func TestDiagonalFactorMatchesCholesky(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{1, 3, 70} {
		v := make([]float64, d)
		sigma := mat.NewSymDense(d, nil)
		mu, x := make([]float64, d), make([]float64, d)
		for j := range v {
			v[j] = math.Exp(3 * rng.NormFloat64())
			sigma.SetSym(j, j, v[j])
			mu[j], x[j] = rng.NormFloat64(), 5*rng.NormFloat64()
		}
		var chol mat.Cholesky
		if !chol.Factorize(sigma) {
			t.Fatal("not positive definite")
		}
		full, diag := NewFactor(&chol), NewDiagonalFactor(v)
		if full.LogDet() != diag.LogDet() || full.LogNorm() != diag.LogNorm() {
			t.Errorf("d=%d: log|Σ| %v, want %v", d, diag.LogDet(), full.LogDet())
		}
		zf, zd := make([]float64, d), make([]float64, d)
		if got, want := diag.LogDensity(zd, x, mu), full.LogDensity(zf, x, mu); got != want {
			t.Errorf("d=%d: log density %v, full factor %v", d, got, want)
		}
		ref, _ := distmv.NewNormal(mu, sigma, nil)
		if got, want := diag.LogDensity(zd, x, mu), ref.LogProb(x); math.Abs(got-want) > 1e-13*math.Abs(want) {
			t.Errorf("d=%d: log density %v, distmv %v", d, got, want)
		}
		diag.SolveTransposed(zd)
		full.SolveTransposed(zf)
		for j := range zf {
			if zd[j] != zf[j] {
				t.Fatalf("d=%d: L⁻ᵀz[%d] = %v, full factor %v", d, j, zd[j], zf[j])
			}
		}
		if pd, pf := diag.PackedInverse(), full.PackedInverse(); !equalSlices(pd, pf) {
			t.Errorf("d=%d: packed inverse differs from the full factor's", d)
		}
	}
}

func equalSlices(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
