package variational

import (
	"errors"
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// ErrPrior is wrapped by every error about a prior setting.
var ErrPrior = errors.New("variational: bad prior")

// PriorError is the error of a prior setting out of range; it wraps ErrPrior.
type PriorError struct {
	// Detail says what is wrong, without the package prefix.
	Detail string
}

func (e *PriorError) Error() string { return "variational: bad prior: " + e.Detail }

// Message is the error's text without the package prefix.
func (e *PriorError) Message() string { return e.Detail }

// Unwrap returns ErrPrior.
func (e *PriorError) Unwrap() error { return ErrPrior }

func priorErrorf(format string, args ...any) error {
	return &PriorError{Detail: fmt.Sprintf(format, args...)}
}

// WeightPrior is the prior on the mixture weights.
type WeightPrior int

const (
	// DirichletProcess is a truncated Dirichlet process by stick breaking, the
	// default (scikit-learn's "dirichlet_process").
	DirichletProcess WeightPrior = iota
	// DirichletDistribution is a symmetric Dirichlet distribution
	// (scikit-learn's "dirichlet_distribution").
	DirichletDistribution
)

var weightPriorNames = [...]string{DirichletProcess: "dirichlet-process", DirichletDistribution: "dirichlet-distribution"}

// String returns "dirichlet-process" or "dirichlet-distribution".
func (p WeightPrior) String() string {
	if p < 0 || int(p) >= len(weightPriorNames) {
		return fmt.Sprintf("WeightPrior(%d)", int(p))
	}
	return weightPriorNames[p]
}

// ParseWeightPrior returns the weight prior named s: a name String returns, in
// any case, with "-" or "_" between the words.
func ParseWeightPrior(s string) (WeightPrior, error) {
	name := strings.ReplaceAll(strings.ToLower(strings.TrimSpace(s)), "_", "-")
	for p, n := range weightPriorNames {
		if n == name {
			return WeightPrior(p), nil
		}
	}
	return 0, priorErrorf("unknown weight prior %q (want dirichlet-process or dirichlet-distribution)", s)
}

// Prior is the prior of a fit, with every default resolved.
type Prior struct {
	// Weights is the prior on the weights.
	Weights WeightPrior
	// Concentration is γ (DirichletProcess) or α₀ (DirichletDistribution).
	Concentration float64
	// MeanPrecision is β₀, Mean is m₀.
	MeanPrecision float64
	Mean          []float64
	// DegreesOfFreedom is ν₀.
	DegreesOfFreedom float64
	// Covariance is W₀⁻¹ (diagonal for Diagonal, a multiple of I for Spherical).
	Covariance *mat.SymDense
}

// Constant returns the terms of the bound that scikit-learn's lower_bound_
// omits for a fit of k components to data of total weight wsum (n for unit
// weights): Result.LowerBound − lower_bound_ (see the package documentation).
func (p *Prior) Constant(k int, wsum float64) float64 {
	d := float64(len(p.Mean))
	kf := float64(k)
	c := -wsum*d/2*math.Log(2*math.Pi) + kf*(d/2*math.Log(p.MeanPrecision)+logWishartNorm(p.Covariance, p.DegreesOfFreedom)+d*(d-1)/4*math.Log(math.Pi))
	if p.Weights == DirichletProcess {
		return c + kf*math.Log(p.Concentration)
	}
	lg, _ := math.Lgamma(kf * p.Concentration)
	la, _ := math.Lgamma(p.Concentration)
	return c + lg - kf*la
}

// resolvePrior applies the defaults of s to the data x with weights w (sum
// wsum) and checks the result.
func resolvePrior(s *Settings, x *mat.Dense, w []float64, wsum float64, k int) (*Prior, error) {
	_, d := x.Dims()
	p := &Prior{Weights: s.WeightPrior, Concentration: s.WeightConcentration, MeanPrecision: s.MeanPrecision,
		DegreesOfFreedom: s.DegreesOfFreedom}
	if p.Weights != DirichletProcess && p.Weights != DirichletDistribution {
		return nil, priorErrorf("unknown weight prior %d", int(p.Weights))
	}
	if p.Concentration == 0 {
		p.Concentration = 1 / float64(k)
	}
	if p.MeanPrecision == 0 {
		p.MeanPrecision = 1
	}
	if p.DegreesOfFreedom == 0 {
		p.DegreesOfFreedom = float64(d)
	}
	if !positiveFinite(p.Concentration) || !positiveFinite(p.MeanPrecision) {
		return nil, priorErrorf("weight concentration %v and mean precision %v must be positive and finite", p.Concentration, p.MeanPrecision)
	}
	if !(p.DegreesOfFreedom > float64(d-1)) || math.IsInf(p.DegreesOfFreedom, 1) {
		return nil, priorErrorf("degrees of freedom %v: want a finite number above D − 1 = %d", p.DegreesOfFreedom, d-1)
	}
	mean, cov := dataMoments(x, w, wsum)
	p.Mean = mean
	if s.MeanPrior != nil {
		if err := checkVector(s.MeanPrior, d); err != nil {
			return nil, err
		}
		p.Mean = append([]float64(nil), s.MeanPrior...)
	}
	var err error
	if p.Covariance, err = covariancePrior(s, cov, wsum); err != nil {
		return nil, err
	}
	return p, nil
}

func positiveFinite(v float64) bool { return v > 0 && !math.IsInf(v, 1) }

func checkVector(v []float64, d int) error {
	if len(v) != d {
		return priorErrorf("mean prior has %d elements, want %d", len(v), d)
	}
	for j, e := range v {
		if math.IsNaN(e) || math.IsInf(e, 0) {
			return priorErrorf("mean prior element %d is %v", j, e)
		}
	}
	return nil
}

// covariancePrior returns W₀⁻¹: Settings.CovariancePrior, checked, or the data's
// covariance cov reduced to the structure of the covariance type.
func covariancePrior(s *Settings, cov *mat.SymDense, wsum float64) (*mat.SymDense, error) {
	d := cov.SymmetricDim()
	if s.CovariancePrior == nil {
		if !(wsum > 1) {
			return nil, priorErrorf("the weights sum to %v: the default covariance prior (divisor Σw − 1) needs more than 1; set CovariancePrior", wsum)
		}
		return structured(s.Covariance, cov), nil
	}
	c := mat.NewSymDense(d, nil)
	if s.CovariancePrior.SymmetricDim() != d {
		return nil, priorErrorf("covariance prior is %d×%d, want %d×%d", s.CovariancePrior.SymmetricDim(), s.CovariancePrior.SymmetricDim(), d, d)
	}
	c.CopySym(s.CovariancePrior)
	if !mat.EqualApprox(c, structured(s.Covariance, c), 0) {
		return nil, priorErrorf("covariance prior does not have the structure of %v covariances", s.Covariance)
	}
	var chol mat.Cholesky
	if !chol.Factorize(c) || math.IsNaN(chol.LogDet()) || math.IsInf(chol.LogDet(), 0) {
		return nil, priorErrorf("covariance prior is not symmetric positive definite with finite entries")
	}
	return c, nil
}

// structured returns the diagonal of c for Diagonal, its mean diagonal times I
// for Spherical, and a copy of c otherwise.
func structured(ct gmm.CovarianceType, c *mat.SymDense) *mat.SymDense {
	d := c.SymmetricDim()
	out := mat.NewSymDense(d, nil)
	switch ct {
	case gmm.Diagonal:
		for j := 0; j < d; j++ {
			out.SetSym(j, j, c.At(j, j))
		}
	case gmm.Spherical:
		v := mat.Trace(c) / float64(d)
		for j := 0; j < d; j++ {
			out.SetSym(j, j, v)
		}
	default:
		out.CopySym(c)
	}
	return out
}

// dataMoments returns the weighted mean and the covariance
// Σ_i w_i (x_i − m)(x_i − m)ᵀ / (Σ_i w_i − 1) (numpy's cov with fweights).
func dataMoments(x *mat.Dense, w []float64, wsum float64) ([]float64, *mat.SymDense) {
	n, d := x.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		floats := x.RawRowView(i)
		wi := weight(w, i)
		for j, v := range floats {
			mean[j] += wi * v
		}
	}
	for j := range mean {
		mean[j] /= wsum
	}
	cov := mat.NewSymDense(d, nil)
	diff := make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			diff[j] = v - mean[j]
		}
		cov.SymRankOne(cov, weight(w, i), mat.NewVecDense(d, diff))
	}
	cov.ScaleSym(1/(wsum-1), cov)
	return mean, cov
}

func weight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}
