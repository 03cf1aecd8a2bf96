package book

// Notebook 02 (article B): where the responsibilities of a fitted 1-D mixture
// cross 1/2, the boundaries of its classification.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// ResponsibilityCrossings returns the x in [lo, hi] where the responsibility
// of component k of the 1-D mixture m crosses 1/2, P̄(k | x) = 1/2, in
// increasing order: with two components, the boundaries of the mixture's
// classification. It scans a grid of step 0.01 from lo for a change of side
// of P̄(k | x) − 1/2 and bisects each such cell to a width of 1e-6, so
// crossings closer than 0.01 to each other may be missed. It returns an error
// if m is nil or not one-dimensional, k is out of range, or the interval is
// not finite with lo < hi.
func ResponsibilityCrossings(m *gmm.Mixture, k int, lo, hi float64) ([]float64, error) {
	if m == nil || m.Dim() != 1 {
		return nil, fmt.Errorf("book: responsibility crossings need a 1-D mixture")
	}
	if k < 0 || k >= m.K() {
		return nil, fmt.Errorf("book: component %d out of range [0, %d)", k, m.K())
	}
	if !isFinite(lo) || !isFinite(hi) || !(lo < hi) {
		return nil, fmt.Errorf("book: interval [%v, %v] is not finite with lo < hi", lo, hi)
	}
	f := func(x float64) float64 { return responsibility(m, k, x) - 0.5 }
	var out []float64
	for a := lo; a < hi; a += 0.01 {
		b := a + 0.01
		if f(a)*f(b) > 0 {
			continue
		}
		out = append(out, bisect(f, a, b, 1e-6))
	}
	return out, nil
}

// responsibility is P̄(k | x) under the 1-D mixture m.
func responsibility(m *gmm.Mixture, k int, x float64) float64 {
	lr, _ := m.LogResponsibilitiesTo(nil, mat.NewDense(1, 1, []float64{x}))
	return math.Exp(lr.At(0, k))
}

// bisect narrows [a, b], where f changes sign, to a width of at most tol and
// returns its midpoint.
func bisect(f func(float64) float64, a, b, tol float64) float64 {
	for b-a > tol {
		if mid := (a + b) / 2; f(a)*f(mid) <= 0 {
			b = mid
		} else {
			a = mid
		}
	}
	return (a + b) / 2
}
