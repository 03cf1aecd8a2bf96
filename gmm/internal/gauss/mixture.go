package gauss

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Components are the weighted Gaussians of a mixture, Σ_k π_k N(x | μ_k, Σ_k),
// for evaluating it one point at a time. The slices have one element per
// component and are read, never written.
type Components struct {
	LogWeights []float64   // log π_k; −Inf for a component of weight 0
	Means      [][]float64 // μ_k, length D
	Factors    []Factor    // the factor of Σ_k
}

// LogTerms stores log π_k + log N(x | μ_k, Σ_k) in dst[k] for every component,
// using z (length D) as scratch. A term is −Inf when its true value is below
// −math.MaxFloat64 (Factor.LogDensity).
func (c *Components) LogTerms(dst, x, z []float64) {
	for k := range dst {
		dst[k] = c.LogWeights[k] + c.Factors[k].LogDensity(z, x, c.Means[k])
	}
}

// RelativeLogTerms stores in dst[k] log π_k + log N(x | μ_k, Σ_k) up to a constant
// common to every k, for comparing components (labels, label draws): the terms of
// LogTerms, or, when every one of them overflows to −Inf, the finite
// log-responsibilities of LogResponsibilities.
func (c *Components) RelativeLogTerms(dst, x, z []float64) {
	c.LogTerms(dst, x, z)
	for _, v := range dst {
		if v > math.Inf(-1) || v != v {
			return
		}
	}
	c.farLogResponsibilities(dst, x, z)
}

// LogResponsibilities stores in dst[k] log γ_k = log π_k N(x | μ_k, Σ_k) − log p(x)
// and returns log p(x) = log Σ_k π_k N(x | μ_k, Σ_k), using z (length D) as
// scratch. For a finite x the log-responsibilities are finite or −Inf and their
// exponentials sum to 1 (to rounding), even when every term overflows; log p(x)
// is then −Inf, its true value being below −math.MaxFloat64. If x holds NaN,
// dst and the result are NaN.
func (c *Components) LogResponsibilities(dst, x, z []float64) float64 {
	c.LogTerms(dst, x, z)
	top := math.Inf(-1)
	for _, v := range dst {
		if v > top {
			top = v
		} else if v != v {
			top = v
			break
		}
	}
	switch {
	case math.IsInf(top, -1):
		return c.farLogResponsibilities(dst, x, z)
	case top != top:
		for k := range dst {
			dst[k] = top
		}
		return top
	}
	// Relative to the top term, not to log p(x): far out, log p(x) is so large
	// that subtracting it from a term would leave no digits.
	var sum float64
	for _, v := range dst {
		sum += math.Exp(v - top)
	}
	logSum := math.Log(sum)
	for k := range dst {
		dst[k] = (dst[k] - top) - logSum
	}
	return top + logSum
}

// farLogResponsibilities is LogResponsibilities for a point whose every term is
// −Inf: each term is written as log π_k + LogNorm_k − ½ r_k² with r_k = |z_k|
// found with scaling, and taken relative to ½ R², R the smallest r_k among the
// components of positive weight, as
//
//	u_k = log π_k + LogNorm_k − ½ (r_k − R)(r_k + R),
//
// which overflows only for components that cannot matter. A point at an
// infinite whitened distance from every component (x − μ_k itself overflows)
// gets the weights π_k as its responsibilities.
func (c *Components) farLogResponsibilities(dst, x, z []float64) float64 {
	nearest := math.Inf(1)
	for k := range dst {
		c.Factors[k].Whiten(z, x, c.Means[k])
		dst[k] = floats.Norm(z, 2)
		if c.LogWeights[k] > math.Inf(-1) {
			nearest = min(nearest, dst[k])
		}
	}
	for k, r := range dst {
		switch {
		case math.IsInf(nearest, 1):
			dst[k] = c.LogWeights[k]
		case math.IsInf(r, 1):
			dst[k] = math.Inf(-1)
		default:
			dst[k] = c.LogWeights[k] + c.Factors[k].LogNorm() - 0.5*(r-nearest)*(r+nearest)
		}
	}
	logSum := LogSumExp(dst)
	for k := range dst {
		dst[k] -= logSum
	}
	h := nearest * math.Sqrt2 / 2
	return logSum - h*h
}
