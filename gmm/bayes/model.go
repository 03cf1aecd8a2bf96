package bayes

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
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
type Model struct {
	x         *mat.Dense
	n, d, k   int
	alpha     []float64
	m0        []float64
	prior     mat.Cholesky // of S0
	priorPrec *mat.SymDense
	covs      []*mat.SymDense
	chols     []mat.Cholesky
	prec      []*mat.SymDense
	logNorm   []float64 // −½ log|2πΣ_k|
	// pre holds, for point i and component k at offset (i·K + k)(D+1),
	// −½ x_iᵀ Σ_k⁻¹ x_i followed by Σ_k⁻¹ x_i.
	pre []float64
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
	m.precompute()
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
	m.prior = *c
	m.priorPrec = mat.NewSymDense(m.d, nil)
	return m.prior.InverseTo(m.priorPrec)
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
	m.chols = make([]mat.Cholesky, m.k)
	m.prec = make([]*mat.SymDense, m.k)
	m.logNorm = make([]float64, m.k)
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
		m.chols[i] = *c
		m.prec[i] = mat.NewSymDense(m.d, nil)
		if err := c.InverseTo(m.prec[i]); err != nil {
			return fmt.Errorf("bayes: covariance %d: %w", i, err)
		}
		m.logNorm[i] = -0.5 * (float64(m.d)*math.Log(2*math.Pi) + c.LogDet())
	}
	return nil
}

// precompute stores Σ_k⁻¹ x_i and x_iᵀ Σ_k⁻¹ x_i so that a log density costs
// O(N K D): (x−μ)ᵀP(x−μ) = xᵀPx − 2 μᵀ(Px) + μᵀPμ.
func (m *Model) precompute() {
	m.pre = make([]float64, m.n*m.k*(m.d+1))
	for i := 0; i < m.n; i++ {
		xi := m.x.RawRowView(i)
		for c := 0; c < m.k; c++ {
			o := (i*m.k + c) * (m.d + 1)
			pxi := m.pre[o+1 : o+1+m.d]
			mulSym(pxi, m.prec[c], xi)
			m.pre[o] = -0.5 * dot(xi, pxi)
		}
	}
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
// and writes its gradient into grad: with responsibilities γ_ik and
// N_k = Σ_i γ_ik,
//
//	∂/∂μ_k = Σ_k⁻¹ Σ_i γ_ik (x_i − μ_k) − S0⁻¹ (μ_k − m0),
//
// and, through the stick-breaking transform, ∂/∂y from π_k ∂/∂π_k = N_k + α_k − 1.
// It panics if the lengths of theta or grad are not Dim().
func (m *Model) LogDensityGradient(theta, grad []float64) float64 {
	if len(theta) != m.Dim() || len(grad) != m.Dim() {
		panic("bayes: parameter or gradient vector of the wrong length")
	}
	k, d := m.k, m.d
	var buf [64]float64
	work := buf[:0]
	if 4*k > len(buf) {
		work = make([]float64, 0, 4*k)
	}
	logW := work[:k]
	z := work[k : 2*k-1]
	base := work[2*k : 3*k] // log π_k + log normaliser − ½ μᵀPμ
	lp := work[3*k : 4*k]
	logJ := stickBreak(logW, z, theta[:k-1])
	mu := theta[k-1:]
	nk := make([]float64, k)
	sk := make([]float64, k*d) // Σ_i γ_ik x_i
	for c := 0; c < k; c++ {
		muc := mu[c*d : (c+1)*d]
		base[c] = logW[c] + m.logNorm[c] - 0.5*quadSym(m.prec[c], muc)
	}
	var loglik float64
	prod, prodExp := 1.0, 0 // Π_i s_i = prod · 2^prodExp
	stride := k * (d + 1)
	for i := 0; i < m.n; i++ {
		pre := m.pre[i*stride : (i+1)*stride]
		mx := math.Inf(-1)
		for c := 0; c < k; c++ {
			o := c * (d + 1)
			v := base[c] + pre[o]
			for j, mj := range mu[c*d : (c+1)*d] {
				v += mj * pre[o+1+j]
			}
			lp[c] = v
			if v > mx {
				mx = v
			}
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
		xi := m.x.RawRowView(i)
		for c := 0; c < k; c++ {
			if lp[c] == 0 {
				continue
			}
			g := lp[c] / s
			nk[c] += g
			for j, v := range xi {
				sk[c*d+j] += g * v
			}
		}
	}
	loglik += math.Log(prod) + float64(prodExp)*math.Ln2
	logPrior := 0.0
	a := make([]float64, k)
	for c := 0; c < k; c++ {
		logPrior += (m.alpha[c] - 1) * logW[c]
		a[c] = nk[c] + m.alpha[c] - 1
	}
	stickBreakGrad(grad[:k-1], a, z)
	gmu := grad[k-1:]
	diff := make([]float64, d)
	tmp := make([]float64, d)
	for c := 0; c < k; c++ {
		muc := mu[c*d : (c+1)*d]
		for j := range diff {
			diff[j] = sk[c*d+j] - nk[c]*muc[j] // Σ_i γ_ik (x_i − μ_k)
		}
		mulSym(gmu[c*d:(c+1)*d], m.prec[c], diff)
		for j := range diff {
			diff[j] = muc[j] - m.m0[j]
		}
		mulSym(tmp, m.priorPrec, diff)
		for j := range tmp {
			gmu[c*d+j] -= tmp[j]
		}
		logPrior -= 0.5 * dot(diff, tmp)
	}
	return loglik + logPrior + logJ
}

// quadSym returns xᵀ A x.
func quadSym(a mat.Symmetric, x []float64) float64 {
	var s float64
	for r, xr := range x {
		for c, xc := range x {
			s += xr * a.At(r, c) * xc
		}
	}
	return s
}
