package bayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/gauss"
)

// Prior is the prior of the known-covariance model: π ~ Dirichlet(Alpha) and
// μ_k ~ N(MeanLoc, MeanCov) independently. Nil fields take the article's values.
type Prior struct {
	Alpha   []float64     // Dirichlet concentration, len K; nil: all ones
	MeanLoc []float64     // m0, len D; nil: zero
	MeanCov mat.Symmetric // S0, D×D; nil: identity
}

// Model is the Bayesian Gaussian mixture of article D with known covariances:
//
//	π ~ Dirichlet(α),  μ_k ~ N(m0, S0),  z_i ~ Cat(π),  x_i | z_i ~ N(μ_{z_i}, Σ_{z_i}),
//
// with z summed out. Its parameter vector θ (len K−1+K·D) holds the
// stick-breaking coordinates y of π, then μ_1, …, μ_K. Model is an
// mcmc.Target: LogDensityGradient returns the log posterior density of θ (up
// to a constant, including the log-Jacobian of the simplex transform) and its
// gradient. A Model is immutable and safe for concurrent use.
//
// Every density is evaluated by the kernel of gmm (gmm/internal/gauss) on centred
// points, z = L⁻¹ (x − μ) with Σ = L Lᵀ, so the log density is translation-invariant
// and the same function as gmm.Mixture's; the gradient in μ_k is L_k⁻ᵀ Σ_i γ_ik z_ik.
// The precisions Σ_k⁻¹ and S0⁻¹ are formed only for the conjugate updates of the
// means (Gibbs, Conditional), never for a density.
type Model struct {
	x         *mat.Dense
	n, d, k   int
	alpha     []float64
	m0        []float64
	prior     gauss.Factor // of S0
	priorPrec *mat.SymDense
	covs      []*mat.SymDense
	factors   []gauss.Factor // of Σ_k
	prec      []*mat.SymDense
}

// negligible is the log-ratio below which a component's share of a point is
// dropped: exp(−37) < 2⁻⁵³, so it cannot change the sum in float64.
const negligible = -37

// NewModel returns the model for the n×D data x with k components. covs gives
// the known covariances: nil means the identity for every component (the
// article), one matrix is shared, k matrices are per component. It returns an
// error for bad data (NaN, Inf, empty), k < 1, covariances or prior of the wrong
// shape or not positive definite, or a non-positive Dirichlet concentration.
func NewModel(x mat.Matrix, k int, covs []mat.Symmetric, prior *Prior) (*Model, error) {
	if err := gmm.CheckData(x); err != nil {
		return nil, fmt.Errorf("bayes: %w", err)
	}
	n, d := x.Dims()
	if k < 1 {
		return nil, fmt.Errorf("bayes: %d components, want at least 1", k)
	}
	m := &Model{x: mat.DenseCopyOf(x), n: n, d: d, k: k}
	if err := m.setPrior(prior); err != nil {
		return nil, err
	}
	if err := m.setCovariances(covs); err != nil {
		return nil, err
	}
	return m, nil
}

func identity(d int) *mat.SymDense {
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		s.SetSym(i, i, 1)
	}
	return s
}

// factorize returns the Cholesky factor of s, checking shape, finiteness and
// positive definiteness; what names the matrix in the error.
func factorize(s mat.Symmetric, d int, what string) (*mat.Cholesky, error) {
	if s.SymmetricDim() != d {
		return nil, fmt.Errorf("bayes: %s is %d×%d, want %d×%d", what, s.SymmetricDim(), s.SymmetricDim(), d, d)
	}
	for i := 0; i < d; i++ {
		for j := 0; j <= i; j++ {
			if v := s.At(i, j); math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("bayes: %s has entry (%d, %d) = %v", what, i, j, v)
			}
		}
	}
	var c mat.Cholesky
	if !c.Factorize(s) {
		return nil, fmt.Errorf("bayes: %s is not positive definite", what)
	}
	return &c, nil
}

func (m *Model) setPrior(p *Prior) error {
	var pr Prior
	if p != nil {
		pr = *p
	}
	m.alpha = make([]float64, m.k)
	for i := range m.alpha {
		m.alpha[i] = 1
	}
	if pr.Alpha != nil {
		if len(pr.Alpha) != m.k {
			return fmt.Errorf("bayes: %d Dirichlet concentrations for %d components", len(pr.Alpha), m.k)
		}
		for i, a := range pr.Alpha {
			if !(a > 0) || math.IsInf(a, 0) {
				return fmt.Errorf("bayes: Dirichlet concentration %d is %v, want positive and finite", i, a)
			}
		}
		copy(m.alpha, pr.Alpha)
	}
	m.m0 = make([]float64, m.d)
	if pr.MeanLoc != nil {
		if len(pr.MeanLoc) != m.d {
			return fmt.Errorf("bayes: prior mean of length %d, want %d", len(pr.MeanLoc), m.d)
		}
		for j, v := range pr.MeanLoc {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("bayes: prior mean element %d is %v", j, v)
			}
		}
		copy(m.m0, pr.MeanLoc)
	}
	s0 := pr.MeanCov
	if s0 == nil {
		s0 = identity(m.d)
	}
	c, err := factorize(s0, m.d, "prior covariance of the means")
	if err != nil {
		return err
	}
	m.prior = gauss.NewFactor(c)
	m.priorPrec = mat.NewSymDense(m.d, nil)
	return c.InverseTo(m.priorPrec)
}

func (m *Model) setCovariances(covs []mat.Symmetric) error {
	switch len(covs) {
	case 0:
		covs = []mat.Symmetric{identity(m.d)}
		fallthrough
	case 1:
		shared := covs[0]
		covs = make([]mat.Symmetric, m.k)
		for i := range covs {
			covs[i] = shared
		}
	case m.k:
	default:
		return fmt.Errorf("bayes: %d covariances for %d components: want 0, 1 or %d", len(covs), m.k, m.k)
	}
	m.covs = make([]*mat.SymDense, m.k)
	m.factors = make([]gauss.Factor, m.k)
	m.prec = make([]*mat.SymDense, m.k)
	for i, s := range covs {
		if s == nil {
			return fmt.Errorf("bayes: covariance %d is nil", i)
		}
		c, err := factorize(s, m.d, fmt.Sprintf("covariance %d", i))
		if err != nil {
			return err
		}
		m.covs[i] = mat.NewSymDense(m.d, nil)
		m.covs[i].CopySym(s)
		m.factors[i] = gauss.NewFactor(c)
		m.prec[i] = mat.NewSymDense(m.d, nil)
		if err := c.InverseTo(m.prec[i]); err != nil {
			return fmt.Errorf("bayes: covariance %d: %w", i, err)
		}
	}
	return nil
}

func mulSym(dst []float64, a mat.Symmetric, x []float64) {
	for r := range dst {
		var s float64
		for c, v := range x {
			s += a.At(r, c) * v
		}
		dst[r] = s
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// K returns the number of components.
func (m *Model) K() int { return m.k }

// D returns the dimension of the data.
func (m *Model) D() int { return m.d }

// N returns the number of data points.
func (m *Model) N() int { return m.n }

// Data returns the model's copy of the data; do not modify it.
func (m *Model) Data() *mat.Dense { return m.x }

// Covariance returns the known covariance of component k; do not modify it.
func (m *Model) Covariance(k int) *mat.SymDense { return m.covs[k] }

// Dim returns the length of the parameter vector θ, K−1+K·D.
func (m *Model) Dim() int { return m.k - 1 + m.k*m.d }

// Constrain returns the weights π and means μ_k held by θ. It panics if
// len(theta) is not Dim().
func (m *Model) Constrain(theta []float64) (weights []float64, means [][]float64) {
	if len(theta) != m.Dim() {
		panic("bayes: parameter vector of the wrong length")
	}
	logW := make([]float64, m.k)
	stickBreak(logW, make([]float64, m.k-1), theta[:m.k-1])
	weights = make([]float64, m.k)
	for i, lw := range logW {
		weights[i] = math.Exp(lw)
	}
	means = make([][]float64, m.k)
	for c := range means {
		means[c] = append([]float64(nil), theta[m.k-1+c*m.d:m.k-1+(c+1)*m.d]...)
	}
	return weights, means
}

// Unconstrain returns θ for weights π (positive, summing to 1) and means μ_k.
// It returns an error if the shapes are wrong or π is not on the open simplex.
func (m *Model) Unconstrain(weights []float64, means [][]float64) ([]float64, error) {
	if len(weights) != m.k || len(means) != m.k {
		return nil, fmt.Errorf("bayes: %d weights and %d means for %d components", len(weights), len(means), m.k)
	}
	var sum float64
	for i, w := range weights {
		if !(w > 0) || math.IsInf(w, 0) {
			return nil, fmt.Errorf("bayes: weight %d is %v, want positive", i, w)
		}
		sum += w
	}
	if math.Abs(sum-1) > 1e-9 {
		return nil, fmt.Errorf("bayes: weights sum to %v, want 1", sum)
	}
	theta := unstickBreak(weights)
	for c, mu := range means {
		if len(mu) != m.d {
			return nil, fmt.Errorf("bayes: mean %d has length %d, want %d", c, len(mu), m.d)
		}
		theta = append(theta, mu...)
	}
	return theta, nil
}

// LogDensityGradient returns the log posterior density of θ, up to a constant,
//
//	Σ_i log Σ_k π_k N(x_i | μ_k, Σ_k) + Σ_k (α_k − 1) log π_k + log|J(y)|
//	  − ½ Σ_k (μ_k − m0)ᵀ S0⁻¹ (μ_k − m0),
//
// and writes its gradient into grad: with responsibilities γ_ik, N_k = Σ_i γ_ik
// and z_ik = L_k⁻¹ (x_i − μ_k),
//
//	∂/∂μ_k = Σ_k⁻¹ Σ_i γ_ik (x_i − μ_k) − S0⁻¹ (μ_k − m0) = L_k⁻ᵀ Σ_i γ_ik z_ik − L0⁻ᵀ L0⁻¹ (μ_k − m0),
//
// and, through the stick-breaking transform, ∂/∂y from π_k ∂/∂π_k = N_k + α_k − 1.
// It panics if the lengths of theta or grad are not Dim().
func (m *Model) LogDensityGradient(theta, grad []float64) float64 {
	if len(theta) != m.Dim() || len(grad) != m.Dim() {
		panic("bayes: parameter or gradient vector of the wrong length")
	}
	k, d := m.k, m.d
	logW := make([]float64, k)
	z := make([]float64, k-1)
	logJ := stickBreak(logW, z, theta[:k-1])
	mu := theta[k-1:]
	gmu := grad[k-1:]
	nk := make([]float64, k)
	loglik := m.logLikelihood(gmu, nk, logW, mu)
	logPrior := 0.0
	a := make([]float64, k)
	for c := 0; c < k; c++ {
		logPrior += (m.alpha[c] - 1) * logW[c]
		a[c] = nk[c] + m.alpha[c] - 1
	}
	stickBreakGrad(grad[:k-1], a, z)
	w := make([]float64, d)
	for c := 0; c < k; c++ {
		// −½ |L0⁻¹ (μ_k − m0)|² and its gradient −L0⁻ᵀ L0⁻¹ (μ_k − m0).
		logPrior -= 0.5 * m.prior.Whiten(w, mu[c*d:(c+1)*d], m.m0)
		m.prior.SolveTransposed(w)
		for j, v := range w {
			gmu[c*d+j] -= v
		}
	}
	return loglik + logPrior + logJ
}

// logLikelihood returns Σ_i log Σ_k π_k N(x_i | μ_k, Σ_k) for log-weights logW and
// means mu (K×D), and stores N_k = Σ_i γ_ik in nk and the gradient in the means,
// L_k⁻ᵀ Σ_i γ_ik z_ik, in gmu (K×D). A component whose share of a point is below
// e⁻³⁷ is dropped for that point: it cannot change the sum in float64.
func (m *Model) logLikelihood(gmu, nk, logW, mu []float64) float64 {
	k, d := m.k, m.d
	lp := make([]float64, k)
	zs := make([]float64, k*d) // z_ik for the current point
	clear(gmu)
	clear(nk)
	var loglik float64
	prod, prodExp := 1.0, 0 // Π_i s_i = prod · 2^prodExp
	for i := 0; i < m.n; i++ {
		xi := m.x.RawRowView(i)
		mx := math.Inf(-1)
		for c := 0; c < k; c++ {
			lp[c] = logW[c] + m.factors[c].LogDensity(zs[c*d:(c+1)*d], xi, mu[c*d:(c+1)*d])
			mx = max(mx, lp[c])
		}
		if math.IsInf(mx, -1) { // log p(x_i) below −MaxFloat64: the density is 0
			loglik += mx
			continue
		}
		var s float64
		for c := 0; c < k; c++ {
			switch {
			case lp[c] == mx:
				lp[c] = 1
			case lp[c]-mx < negligible:
				lp[c] = 0
			default:
				lp[c] = math.Exp(lp[c] - mx)
			}
			s += lp[c]
		}
		// Σ_i log s_i is taken once as the log of the product, kept in range by
		// moving its binary exponent out: one Log per call instead of per point.
		loglik += mx
		prod *= s
		if prod > 0x1p500 {
			frac, e := math.Frexp(prod)
			prod, prodExp = frac, prodExp+e
		}
		for c := 0; c < k; c++ {
			if lp[c] == 0 {
				continue
			}
			g := lp[c] / s
			nk[c] += g
			for j, v := range zs[c*d : (c+1)*d] {
				gmu[c*d+j] += g * v
			}
		}
	}
	for c := 0; c < k; c++ {
		m.factors[c].SolveTransposed(gmu[c*d : (c+1)*d])
	}
	return loglik + math.Log(prod) + float64(prodExp)*math.Ln2
}
