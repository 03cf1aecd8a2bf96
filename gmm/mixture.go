package gmm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/gauss"
)

// simplexTol is how far the weights may sum from 1.
const simplexTol = 1e-9

// Mixture is a Gaussian mixture p(x) = Σ_k π_k N(x | μ_k, Σ_k) in D dimensions.
//
// A Mixture is immutable once made, so it is safe for concurrent use, except that
// Rand draws from the source set by WithSource. It keeps the Cholesky factor
// Σ_k = L_k L_kᵀ and log|Σ_k| of each component and never inverts a covariance.
// A Diagonal or Spherical mixture keeps only the diagonals, in O(K·D) memory:
// a D×D matrix is made only when a caller asks for one (CovarianceMatrixTo,
// Cholesky).
// It satisfies distmv.LogProber and, with a source, distmv.Rander.
type Mixture struct {
	ct         CovarianceType
	model      Model // the model fitted or loaded, when it is not ct's (0: ct.Model())
	dim        int
	weights    []float64
	logWeights []float64
	means      [][]float64
	vars       [][]float64     // Diagonal, Spherical: the diagonal of Σ_k (then covs and lower are nil)
	covs       []*mat.SymDense // Full, Tied
	chols      *lazyCholesky
	lower      [][]float64 // Full, Tied: row-major D×D lower-triangular L_k
	factors    []gauss.Factor
	comps      gauss.Components // the density kernel's view of logWeights, means and factors
	rnd        *rand.Rand
}

// New returns the mixture with the given weights π, means μ_k and covariances Σ_k,
// with covariance type Full. It returns an error, naming the component, unless the
// weights are finite, non-negative and sum to 1 (within 1e-9), there is at least one
// component, every mean has the same length D ≥ 1, and every covariance is a D×D
// symmetric positive definite matrix with finite entries. The inputs are copied.
func New(weights []float64, means [][]float64, covs []mat.Symmetric) (*Mixture, error) {
	return NewTyped(Full, weights, means, covs)
}

// NewTyped is like New but also checks that the covariances have the structure of
// ct: zero off-diagonal entries for Diagonal, a multiple of the identity for
// Spherical, and one matrix shared by every component for Tied.
func NewTyped(ct CovarianceType, weights []float64, means [][]float64, covs []mat.Symmetric) (*Mixture, error) {
	if err := checkShapes(weights, means, covs); err != nil {
		return nil, err
	}
	if err := checkWeights(weights); err != nil {
		return nil, err
	}
	k, d := len(weights), len(means[0])
	m := &Mixture{
		ct:         ct,
		dim:        d,
		weights:    append([]float64(nil), weights...),
		logWeights: make([]float64, k),
		means:      make([][]float64, k),
		chols:      &lazyCholesky{chols: make([]mat.Cholesky, k), once: make([]sync.Once, k)},
		factors:    make([]gauss.Factor, k),
	}
	for i, w := range weights {
		m.logWeights[i] = math.Log(w)
		m.means[i] = append([]float64(nil), means[i]...)
	}
	if (ct == Diagonal || ct == Spherical) && allDiagonal(covs) {
		if err := m.setVariances(covs); err != nil {
			return nil, err
		}
	} else if err := m.setCovariances(covs); err != nil {
		return nil, err
	}
	m.comps = gauss.Components{LogWeights: m.logWeights, Means: m.means, Factors: m.factors}
	return m, nil
}

func checkShapes(weights []float64, means [][]float64, covs []mat.Symmetric) error {
	k := len(weights)
	if k == 0 {
		return errorf(ErrBadShape, "a mixture needs at least one component")
	}
	if len(means) != k || len(covs) != k {
		return errorf(ErrBadShape, "%d weights, %d means and %d covariances: want one of each per component", k, len(means), len(covs))
	}
	d := len(means[0])
	if d == 0 {
		return componentError(0, ErrBadShape, "mean has dimension 0")
	}
	for i := range means {
		if len(means[i]) != d {
			return componentError(i, ErrBadShape, "mean has dimension %d, component 0 has %d", len(means[i]), d)
		}
		for j, v := range means[i] {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return componentError(i, ErrNotFinite, "mean element %d is %v", j, v)
			}
		}
		if covs[i] == nil {
			return componentError(i, ErrBadShape, "covariance is nil")
		}
		if r := covs[i].SymmetricDim(); r != d {
			return componentError(i, ErrBadShape, "covariance is %d×%d, want %d×%d", r, r, d, d)
		}
	}
	return nil
}

func checkWeights(weights []float64) error {
	var sum float64
	for i, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return componentError(i, ErrBadWeights, "weight %v is not a finite non-negative number", w)
		}
		sum += w
	}
	if math.Abs(sum-1) > simplexTol {
		return errorf(ErrBadWeights, "weights sum to %.17g, want 1 (within %g)", sum, simplexTol)
	}
	return nil
}

// lazyCholesky holds the mixture's Cholesky factorisations, made on first use
// for a Diagonal or Spherical mixture.
type lazyCholesky struct {
	chols []mat.Cholesky
	once  []sync.Once
}

// allDiagonal reports whether every matrix has zero off-diagonal elements.
func allDiagonal(covs []mat.Symmetric) bool {
	for _, c := range covs {
		if _, ok := c.(mat.Diagonal); ok {
			continue
		}
		d := c.SymmetricDim()
		for r := 0; r < d; r++ {
			for s := r + 1; s < d; s++ {
				if c.At(r, s) != 0 {
					return false
				}
			}
		}
	}
	return true
}

// setVariances keeps the diagonals of covs (all diagonal) and their factors: the
// checks and the numbers of setCovariances without a D×D matrix.
func (m *Mixture) setVariances(covs []mat.Symmetric) error {
	m.vars = make([][]float64, len(covs))
	for i, cov := range covs {
		v := make([]float64, m.dim)
		for j := range v {
			v[j] = cov.At(j, j)
			if math.IsNaN(v[j]) || math.IsInf(v[j], 0) {
				return componentError(i, ErrNotFinite, "covariance element (%d, %d) is %v", j, j, v[j])
			}
		}
		for _, x := range v {
			if !(x > 0) { // where the Cholesky factorisation of diag(v) fails
				return &ComponentError{Restart: -1, Iteration: -1, Component: i, Err: ErrNotPositiveDefinite}
			}
		}
		m.vars[i], m.factors[i] = v, gauss.NewDiagonalFactor(v)
	}
	if m.ct == Spherical {
		for i, v := range m.vars {
			for _, x := range v {
				if x != v[0] {
					return componentError(i, ErrCovarianceType, "spherical covariance has unequal diagonal elements")
				}
			}
		}
	}
	return nil
}

// setCovariances copies and factorises every covariance, then checks that they
// have the structure of the covariance type.
func (m *Mixture) setCovariances(covs []mat.Symmetric) error {
	m.covs, m.lower = make([]*mat.SymDense, len(covs)), make([][]float64, len(covs))
	for i, c := range covs {
		if err := m.setCovariance(i, c); err != nil {
			return err
		}
	}
	return checkStructure(m.ct, m.covs)
}

// setCovariance copies cov into component i and factorises it.
func (m *Mixture) setCovariance(i int, cov mat.Symmetric) error {
	d := m.dim
	c := mat.NewSymDense(d, nil)
	for r := 0; r < d; r++ {
		for s := r; s < d; s++ {
			v := cov.At(r, s)
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return componentError(i, ErrNotFinite, "covariance element (%d, %d) is %v", r, s, v)
			}
			c.SetSym(r, s, v)
		}
	}
	ch := &m.chols.chols[i]
	if ok := ch.Factorize(c); !ok {
		return &ComponentError{Restart: -1, Iteration: -1, Component: i, Err: ErrNotPositiveDefinite}
	}
	m.chols.once[i].Do(func() {})
	m.factors[i] = gauss.NewFactor(ch)
	m.covs[i], m.lower[i] = c, m.factors[i].Lower()
	return nil
}

func checkStructure(ct CovarianceType, covs []*mat.SymDense) error {
	d := covs[0].SymmetricDim()
	for i, c := range covs {
		switch ct {
		case Full:
		case Diagonal, Spherical:
			for r := 0; r < d; r++ {
				for s := r + 1; s < d; s++ {
					if c.At(r, s) != 0 {
						return componentError(i, ErrCovarianceType, "%v covariance has off-diagonal element (%d, %d) = %v", ct, r, s, c.At(r, s))
					}
				}
				if ct == Spherical && c.At(r, r) != c.At(0, 0) {
					return componentError(i, ErrCovarianceType, "spherical covariance has unequal diagonal elements")
				}
			}
		case Tied:
			if !mat.Equal(c, covs[0]) {
				return componentError(i, ErrCovarianceType, "tied covariance differs from component 0's")
			}
		default:
			return errorf(ErrBadArgument, "unknown covariance type %d", int(ct))
		}
	}
	return nil
}

// K returns the number of components.
func (m *Mixture) K() int { return len(m.weights) }

// Dim returns the dimension D of the space.
func (m *Mixture) Dim() int { return m.dim }

// CovarianceType returns the structure of the covariances: Full for New.
func (m *Mixture) CovarianceType() CovarianceType { return m.ct }

// Model returns the covariance model of the mixture: the mclust model it was
// fitted under (Settings.Model) or loaded under (Load), and otherwise that of its
// covariance type, CovarianceType().Model() (VVV for New). A mixture fitted under
// a model other than the four types' has CovarianceType Full, or as loaded the
// type that holds the model's covariances (Spherical for EII, Diagonal for EEI,
// VEI and EVI), and Model tells which model it is; Save writes its name.
func (m *Mixture) Model() Model {
	if m.model != 0 {
		return m.model
	}
	return m.ct.Model()
}

// Weights returns a copy of the mixing weights π.
func (m *Mixture) Weights() []float64 { return append([]float64(nil), m.weights...) }

// Weight returns π_k.
func (m *Mixture) Weight(k int) float64 { return m.weights[k] }

// Mean returns a copy of μ_k. It panics on the zero Mixture, or if k is not in
// [0, K).
func (m *Mixture) Mean(k int) []float64 {
	m.mustBeMade("Mean")
	return append([]float64(nil), m.means[k]...)
}

// CovarianceMatrixTo stores Σ_k in dst and returns it. A nil or empty dst is
// allocated; otherwise it must be D×D, or CovarianceMatrixTo panics.
func (m *Mixture) CovarianceMatrixTo(dst *mat.SymDense, k int) *mat.SymDense {
	if dst == nil || dst.IsEmpty() {
		dst = mat.NewSymDense(m.dim, nil)
	}
	if dst.SymmetricDim() != m.dim {
		panic("gmm: CovarianceMatrixTo destination size mismatch")
	}
	if m.vars == nil {
		dst.CopySym(m.covs[k])
		return dst
	}
	for r := 0; r < m.dim; r++ {
		for s := r; s < m.dim; s++ {
			dst.SetSym(r, s, 0)
		}
		dst.SetSym(r, r, m.vars[k][r])
	}
	return dst
}

// covariance returns Σ_k without copying it: a *mat.DiagDense sharing the
// variances for Diagonal and Spherical. Do not modify it.
func (m *Mixture) covariance(k int) mat.Symmetric {
	if m.vars != nil {
		return mat.NewDiagDense(m.dim, m.vars[k])
	}
	return m.covs[k]
}

// covariances returns every Σ_k as covariance does.
func (m *Mixture) covariances() []mat.Symmetric {
	out := make([]mat.Symmetric, m.K())
	for k := range out {
		out[k] = m.covariance(k)
	}
	return out
}

// Cholesky returns the Cholesky factorisation of Σ_k. It is shared: do not modify
// it. For a Diagonal or Spherical mixture it is made (D×D) on the first call.
func (m *Mixture) Cholesky(k int) *mat.Cholesky {
	m.chols.once[k].Do(func() {
		if !m.chols.chols[k].Factorize(m.covariance(k)) {
			panic("gmm: Cholesky of a validated covariance failed")
		}
	})
	return &m.chols.chols[k]
}

// LogDet returns log|Σ_k|.
func (m *Mixture) LogDet(k int) float64 { return m.factors[k].LogDet() }

// ComponentLogProb returns log N(x | μ_k, Σ_k), without the weight: finite
// whenever its true value is at least −math.MaxFloat64, −Inf below that, and NaN if
// x holds NaN. It panics if len(x) is not D.
func (m *Mixture) ComponentLogProb(k int, x []float64) float64 {
	m.checkPoint(x)
	return m.factors[k].LogDensity(make([]float64, m.dim), x, m.means[k])
}

// LogProb returns log p(x), computed with log-sum-exp so that it stays finite far
// in the tails: it is −Inf only when its true value is below −math.MaxFloat64
// (|x − μ_k| beyond about 1e154 standard deviations from every component), and
// NaN if x holds NaN. It panics if len(x) is not D.
func (m *Mixture) LogProb(x []float64) float64 {
	m.checkPoint(x)
	return m.logProb(x, make([]float64, m.dim), make([]float64, m.K()))
}

// logProb is LogProb with scratch slices of lengths D and K.
func (m *Mixture) logProb(x, z, terms []float64) float64 {
	m.comps.LogTerms(terms, x, z)
	return gauss.LogSumExp(terms)
}

// Prob returns p(x). It panics if len(x) is not D.
func (m *Mixture) Prob(x []float64) float64 { return math.Exp(m.LogProb(x)) }

func (m *Mixture) checkPoint(x []float64) {
	if len(x) != m.dim {
		panic(fmt.Sprintf("gmm: point has dimension %d, mixture has %d", len(x), m.dim))
	}
}
