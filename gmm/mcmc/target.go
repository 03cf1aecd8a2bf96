package mcmc

// Target is a differentiable log density on R^d, known up to an additive constant.
//
// LogDensityGradient returns log p(x) and writes ∂ log p / ∂x into grad (len d).
// It must not keep x or grad, and must be safe for concurrent use: chains call it
// from their own goroutines. A point outside the support may return −Inf or NaN;
// the sampler treats it as a divergence.
type Target interface {
	Dim() int
	LogDensityGradient(x, grad []float64) float64
}

// TargetFunc adapts a function to a Target of dimension N.
type TargetFunc struct {
	N int                                    // the dimension d
	F func(x, grad []float64) (logp float64) // log density and its gradient
}

// Dim returns f.N.
func (f TargetFunc) Dim() int { return f.N }

// LogDensityGradient calls f.F.
func (f TargetFunc) LogDensityGradient(x, grad []float64) float64 { return f.F(x, grad) }
