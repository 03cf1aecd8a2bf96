// Package gauss is the one kernel behind every Gaussian log-density in gmm and
// gmm/bayes. For Σ = L Lᵀ, L lower triangular with a positive diagonal,
//
//	log N(x | μ, Σ) = −½ (D log 2π + log|Σ|) − ½ |z|²,   z = L⁻¹ (x − μ),
//
// where z is found by forward substitution on the centred point x − μ. No
// covariance is inverted, and shifting x and μ together by any amount changes
// nothing but the rounding of x − μ: the result is translation-invariant, where
// the expanded xᵀPx − 2μᵀPx + μᵀPμ loses every digit to cancellation.
//
// Far tails. |z|² is summed directly; when that overflows (|z| beyond about
// 1.3e154), ½|z|² is computed from |z| found with scaling, as BLAS dnrm2 does
// (gonum's floats.Norm). So a log-density is finite whenever its true value is at
// least −math.MaxFloat64 (to rounding), and −Inf only when the true value is
// below −math.MaxFloat64 and so has no float64. Mixture evaluations go further:
// Components.LogResponsibilities works relative to the nearest component, so a
// finite point always gets finite responsibilities that sum to 1, even when its
// log-density is −Inf. A point holding NaN gives NaN everywhere.
//
// Many points at once. The EM sweep of package gmm evaluates the same quantity
// for a tile of points as LogNorm − ½ |W x − W μ|² with W = L⁻¹ packed by rows
// (Factor.PackedInverse): W x − W μ = L⁻¹ (x − μ), with x and μ first shifted
// together by a reference point so that no digits are lost. It is the same
// kernel in another arrangement, and rows whose terms overflow are handed back
// to Components.LogResponsibilities.
package gauss

import (
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Log2Pi is log(2π).
var Log2Pi = math.Log(2 * math.Pi)

// Factor is a Cholesky factor Σ = L Lᵀ in the layout the kernel reads. The zero
// Factor is not usable; make one with NewFactor.
type Factor struct {
	d       int
	lower   []float64 // row-major D×D, zero above the diagonal; nil for a diagonal factor
	sd      []float64 // a diagonal factor's L_jj = √Σ_jj; nil otherwise
	logDet  float64   // log|Σ|
	logNorm float64   // −½ (D log 2π + log|Σ|)
}

// NewFactor returns the factor of the factorised c.
func NewFactor(c *mat.Cholesky) Factor {
	d := c.SymmetricDim()
	var l mat.TriDense
	c.LTo(&l)
	lower := make([]float64, d*d)
	for r := 0; r < d; r++ {
		for s := 0; s <= r; s++ {
			lower[r*d+s] = l.At(r, s)
		}
	}
	logDet := c.LogDet()
	return Factor{d: d, lower: lower, logDet: logDet, logNorm: -0.5 * (float64(d)*Log2Pi + logDet)}
}

// NewDiagonalFactor returns the factor L = diag(√v_j) of the diagonal covariance
// diag(v), every v_j positive and finite, kept in O(D) memory. Its numbers are
// those NewFactor gives for the same matrix: gonum's Cholesky of a diagonal matrix
// is the square roots of its diagonal, and the log-determinant is summed the
// same way.
func NewDiagonalFactor(variances []float64) Factor {
	d := len(variances)
	sd := make([]float64, d)
	var logDet float64
	for j, v := range variances {
		sd[j] = math.Sqrt(v)
		logDet += 2 * math.Log(sd[j])
	}
	return Factor{d: d, sd: sd, logDet: logDet, logNorm: -0.5 * (float64(d)*Log2Pi + logDet)}
}

// Dim returns D.
func (f *Factor) Dim() int { return f.d }

// LogDet returns log|Σ|.
func (f *Factor) LogDet() float64 { return f.logDet }

// LogNorm returns the log normaliser −½ (D log 2π + log|Σ|).
func (f *Factor) LogNorm() float64 { return f.logNorm }

// Lower returns L, row-major D×D, or nil for a diagonal factor (see Diagonal).
// It is shared: do not modify it.
func (f *Factor) Lower() []float64 { return f.lower }

// Diagonal returns the diagonal of L for a factor made by NewDiagonalFactor, nil
// otherwise. It is shared: do not modify it.
func (f *Factor) Diagonal() []float64 { return f.sd }

// Whiten stores z = L⁻¹ (x − μ) in z, by forward substitution on the centred
// point, and returns |z|², which is +Inf when it overflows (see LogDensity).
// x, mu and z must have length D; z may not alias x or mu.
func (f *Factor) Whiten(z, x, mu []float64) float64 {
	d, l := f.d, f.lower
	x, mu, z = x[:d], mu[:d], z[:d]
	var sum float64
	if f.sd != nil {
		for r, s := range f.sd {
			v := (x[r] - mu[r]) / s
			z[r] = v
			sum += v * v
		}
		return sum
	}
	for r := range z {
		v := x[r] - mu[r]
		for s, lv := range l[r*d : r*d+r] {
			v -= lv * z[s]
		}
		v /= l[r*d+r]
		z[r] = v
		sum += v * v
	}
	return sum
}

// LogDensity returns log N(x | μ, Σ), storing z = L⁻¹ (x − μ) in z. It is finite
// whenever the true value is at least −math.MaxFloat64, −Inf below that, and NaN
// if x or mu holds NaN.
func (f *Factor) LogDensity(z, x, mu []float64) float64 {
	q := f.Whiten(z, x, mu)
	if q > math.MaxFloat64 {
		return f.logNorm - HalfSquaredNorm(z)
	}
	return f.logNorm - 0.5*q
}

// SolveTransposed overwrites v with L⁻ᵀ v by back substitution. With z from
// Whiten, L⁻ᵀ z = Σ⁻¹ (x − μ) is the gradient of log N(x | μ, Σ) in μ.
func (f *Factor) SolveTransposed(v []float64) {
	d, l := f.d, f.lower
	v = v[:d]
	if f.sd != nil {
		for r, s := range f.sd {
			v[r] /= s
		}
		return
	}
	for r := d - 1; r >= 0; r-- {
		s := v[r]
		for q := r + 1; q < d; q++ {
			s -= l[q*d+r] * v[q]
		}
		v[r] = s / l[r*d+r]
	}
}

// PackedInverse returns W = L⁻¹, lower triangular packed by rows (row i holds
// W_i0 … W_ii), for evaluating many points at once as described in the package
// documentation. It is computed by forward substitution on the columns of the
// identity.
func (f *Factor) PackedInverse() []float64 {
	d, l := f.d, f.lower
	w := make([]float64, d*(d+1)/2)
	at := func(i, j int) *float64 { return &w[i*(i+1)/2+j] }
	if f.sd != nil {
		for j, s := range f.sd {
			*at(j, j) = 1 / s
		}
		return w
	}
	for j := 0; j < d; j++ {
		*at(j, j) = 1 / l[j*d+j]
		for i := j + 1; i < d; i++ {
			var s float64
			for q := j; q < i; q++ {
				s += l[i*d+q] * *at(q, j)
			}
			*at(i, j) = -s / l[i*d+i]
		}
	}
	return w
}

// HalfSquaredNorm returns ½ |z|², from the norm computed with scaling, so that it
// is finite whenever the true value is at most math.MaxFloat64.
func HalfSquaredNorm(z []float64) float64 {
	h := floats.Norm(z, 2) * math.Sqrt2 / 2
	return h * h
}

// LogSumExp returns log Σ_k exp(v_k), computed relative to the largest v_k so that
// it is finite when any v_k is. It is −Inf when every v_k is −Inf (or v is empty),
// and NaN when any v_k is NaN: unlike gonum's floats.LogSumExp, whose maximum skips
// a NaN after the first element and so can turn a NaN point into −Inf.
func LogSumExp(v []float64) float64 {
	top := math.Inf(-1)
	for _, x := range v {
		if x > top {
			top = x
		} else if x != x {
			return x
		}
	}
	if math.IsInf(top, 0) {
		return top
	}
	var sum float64
	for _, x := range v {
		sum += math.Exp(x - top)
	}
	return top + math.Log(sum)
}
