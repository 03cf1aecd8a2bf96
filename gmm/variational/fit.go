package variational

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// Defaults used by Fit for zero fields of Settings (those of scikit-learn).
const (
	DefaultMaxIter = 100
	DefaultTol     = 1e-3
	DefaultReg     = 1e-6
)

// ActiveWeight is the expected weight above which a component counts as active
// in Result.Active.
const ActiveWeight = 0.01

// ErrCollapsed is wrapped by the error of a fit whose expected covariance stops
// being positive definite (possible only with gmm.NoReg or data on a scale where
// Reg is lost to rounding).
var ErrCollapsed = errors.New("variational: covariance not positive definite")

// Settings configures Fit. The zero value (or a nil *Settings) is a
// full-covariance fit with a Dirichlet-process prior and scikit-learn's defaults.
// The fields shared with gmm.Settings have the same meaning and defaults.
type Settings struct {
	// Covariance is the structure of the covariances (default gmm.Full).
	Covariance gmm.CovarianceType
	// WeightPrior is the prior on the weights (default DirichletProcess).
	WeightPrior WeightPrior
	// WeightConcentration is γ or α₀ (0: 1/K).
	WeightConcentration float64
	// MeanPrecision is β₀ (0: 1).
	MeanPrecision float64
	// MeanPrior is m₀ (nil: the data's weighted mean).
	MeanPrior []float64
	// DegreesOfFreedom is ν₀ (0: D); it must exceed D − 1.
	DegreesOfFreedom float64
	// CovariancePrior is W₀⁻¹, with the structure of Covariance (nil: the data's
	// covariance, its diagonal for Diagonal, the mean of the diagonal times I for
	// Spherical).
	CovariancePrior mat.Symmetric
	// MaxIter is the largest number of iterations per restart (0: DefaultMaxIter).
	MaxIter int
	// Tol stops a restart when the bound changes by less than Tol (0: DefaultTol;
	// gmm.NoTol or any negative value: run MaxIter iterations).
	Tol float64
	// Reg is added to the diagonal of every S_k (0: DefaultReg, scikit-learn's
	// reg_covar; gmm.NoReg or any negative value: none).
	Reg float64
	// Restarts is the number of runs from different starts; the one with the
	// highest bound is kept (0: 1).
	Restarts int
	// Init chooses the starting responsibilities, as gmm.Settings.Init
	// (gmm.StartResponsibilities; default gmm.InitKMeans, as scikit-learn).
	// gmm.InitAuto, the zero Init, combines starts of gmm.Fit's restarts that
	// this fit does not run: here it means gmm.InitKMeans.
	Init gmm.Init
	// Start is the starting mixture for Init == gmm.InitMixture: the fit starts
	// from its responsibilities.
	Start *gmm.Mixture
	// StartResponsibilities, if not nil, is the n×K matrix of starting
	// responsibilities (rows summing to 1) of a single run; Init and Start are then
	// ignored.
	StartResponsibilities mat.Matrix
	// Hook, if not nil, is called after the start (Iter 0) and after every
	// iteration. Returning true stops the fit: no further iteration or restart is
	// run, and the result is the best run so far.
	Hook func(it Iteration) (stop bool)
	// Src is the source of randomness of the initialisations (nil: a fixed seed).
	Src rand.Source
	// Workers is the number of goroutines of each pass over the data
	// (0: GOMAXPROCS). The result does not depend on it.
	Workers int
}

// Iteration is what Settings.Hook receives.
type Iteration struct {
	// Restart counts the restarts from 0, Iter the iterations of this restart.
	Restart, Iter int
	// LowerBound is the bound 𝓛 with every term.
	LowerBound float64
	// Posterior is the current posterior; Mixture its expectations (as
	// Result.Mixture). Both are the hook's to keep.
	Posterior *Posterior
	Mixture   *gmm.Mixture
}

// Posterior holds the parameters of the factors q(π) and q(μ_k, Λ_k).
type Posterior struct {
	// Concentration holds α_k (DirichletDistribution) or a_k (DirichletProcess),
	// and ConcentrationB b_k (nil for DirichletDistribution).
	Concentration, ConcentrationB []float64
	// MeanPrecision holds β_k, Means m_k.
	MeanPrecision []float64
	Means         [][]float64
	// DegreesOfFreedom holds ν_k (all equal for Tied).
	DegreesOfFreedom []float64
	// ScaleInverse holds W_k⁻¹ (one shared matrix for Tied).
	ScaleInverse []*mat.SymDense
}

// Result is the outcome of Fit.
type Result struct {
	// Posterior is the posterior of the best restart, and Prior the prior used.
	Posterior *Posterior
	Prior     *Prior
	// Mixture has the expected weights E[π_k], the means m_k and the covariances
	// W_k⁻¹/ν_k (scikit-learn's weights_, means_ and covariances_).
	Mixture *gmm.Mixture
	// Covariance is the covariance type fitted.
	Covariance gmm.CovarianceType
	// LowerBound is the final bound 𝓛 with every term; History holds it at the
	// start and after every iteration (len Iterations + 1).
	LowerBound float64
	History    []float64
	// Iterations is the number of iterations of the best restart, Converged
	// whether it met Tol.
	Iterations int
	Converged  bool
	// Active is the number of components with expected weight above ActiveWeight.
	Active int
	// N is the number of rows, WeightSum Σ_i w_i.
	N         int
	WeightSum float64
}

// Fit fits a K-component Bayesian Gaussian mixture to the rows of x, each
// weighted by weights[i] (nil: all ones), by coordinate ascent on the evidence
// lower bound (see the package documentation). A nil s means the default
// Settings. The data are checked as gmm.Fit checks them, and a prior setting
// that is out of range gives an error wrapping ErrPrior.
func Fit(x mat.Matrix, weights []float64, k int, s *Settings) (*Result, error) {
	f, err := newFitter(x, weights, k, s)
	if err != nil {
		return nil, err
	}
	return f.fit()
}

// fitter holds one call of Fit.
type fitter struct {
	cfg     Settings
	x       *mat.Dense
	w       []float64
	wsum    float64
	n, d, k int
	prior   *Prior
	estep   *gmm.EStep
	full    bool // scatter matrices needed in full
	reg     float64
}

func newFitter(x mat.Matrix, weights []float64, k int, s *Settings) (*fitter, error) {
	f := &fitter{}
	if s != nil {
		f.cfg = *s
	}
	c := &f.cfg
	if c.Covariance < gmm.Full || c.Covariance > gmm.Tied {
		return nil, fmt.Errorf("variational: unknown covariance type %d", int(c.Covariance))
	}
	if c.MaxIter < 0 || c.Restarts < 0 || c.Workers < 0 || math.IsNaN(c.Tol) || math.IsNaN(c.Reg) || math.IsInf(c.Reg, 1) {
		return nil, fmt.Errorf("variational: MaxIter %d, Restarts %d, Workers %d, Tol %v, Reg %v: want non-negative counts and numbers", c.MaxIter, c.Restarts, c.Workers, c.Tol, c.Reg)
	}
	f.full = c.Covariance == gmm.Full || c.Covariance == gmm.Tied
	var err error
	if f.estep, err = gmm.NewEStep(x, weights, k, f.full, c.Workers); err != nil {
		return nil, err
	}
	if dense, ok := x.(*mat.Dense); ok {
		f.x = dense
	} else {
		f.x = mat.DenseCopyOf(x)
	}
	f.n, f.d = f.x.Dims()
	f.w, f.k = weights, k
	f.wsum = float64(f.n)
	if weights != nil {
		f.wsum = 0
		for _, v := range weights {
			f.wsum += v
		}
	}
	if f.prior, err = resolvePrior(c, f.x, weights, f.wsum, k); err != nil {
		return nil, err
	}
	if err := f.checkStart(); err != nil {
		return nil, err
	}
	f.applyDefaults()
	return f, nil
}

func (f *fitter) checkStart() error {
	r := f.cfg.StartResponsibilities
	if r == nil {
		return nil
	}
	if rn, rk := r.Dims(); rn != f.n || rk != f.k {
		return fmt.Errorf("variational: starting responsibilities are %d×%d, want %d×%d", rn, rk, f.n, f.k)
	}
	for i := 0; i < f.n; i++ {
		var sum float64
		for c := 0; c < f.k; c++ {
			v := r.At(i, c)
			if !(v >= 0 && v <= 1) {
				return fmt.Errorf("variational: starting responsibility (%d, %d) is %v: want a number in [0, 1]", i, c, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-9 {
			return fmt.Errorf("variational: starting responsibilities of row %d sum to %v, want 1", i, sum)
		}
	}
	return nil
}

func (f *fitter) applyDefaults() {
	c := &f.cfg
	if c.MaxIter == 0 {
		c.MaxIter = DefaultMaxIter
	}
	if c.Tol == 0 {
		c.Tol = DefaultTol
	}
	switch {
	case c.Reg == 0:
		f.reg = DefaultReg
	case c.Reg > 0:
		f.reg = c.Reg
	}
	if c.Restarts == 0 {
		c.Restarts = 1
	}
	if c.Init == gmm.InitAuto {
		c.Init = gmm.InitKMeans
	}
	if c.Init == gmm.InitMixture || c.StartResponsibilities != nil {
		c.Restarts = 1
	}
	if c.Src == nil {
		c.Src = rand.NewPCG(1, 1)
	}
}

// run is the state of one restart.
type run struct {
	post       *Posterior
	history    []float64
	iterations int
	converged  bool
}

func (r *run) bound() float64 { return r.history[len(r.history)-1] }

func (f *fitter) fit() (*Result, error) {
	var best *run
	for restart := 0; restart < f.cfg.Restarts; restart++ {
		r, stopped, err := f.run(restart)
		if err != nil {
			return nil, err
		}
		if best == nil || r.bound() > best.bound() {
			best = r
		}
		if stopped {
			break
		}
	}
	return f.result(best)
}

// run runs one restart. It reports whether the hook stopped it.
func (f *fitter) run(restart int) (*run, bool, error) {
	resp, err := f.startResponsibilities()
	if err != nil {
		return nil, false, err
	}
	st := gmm.ResponsibilityStatistics(f.x, f.w, resp, f.full)
	r := &run{post: f.update(st)}
	r.history = append(r.history, f.bound(r.post, st, -entropySum(resp, f.w)))
	if stop, err := f.hook(restart, 0, r); stop || err != nil {
		return r, stop, err
	}
	for it := 1; it <= f.cfg.MaxIter; it++ {
		m, err := f.responsibilityMixture(r.post)
		if err != nil {
			return nil, false, fmt.Errorf("variational: iteration %d: %w", it, err)
		}
		st := f.estep.Run(m)
		entropy := entropyOf(m, st)
		prev := r.bound()
		r.post, r.iterations = f.update(st), it
		r.history = append(r.history, f.bound(r.post, st, entropy))
		if stop, err := f.hook(restart, it, r); stop || err != nil {
			return r, stop, err
		}
		if it > 1 && f.cfg.Tol >= 0 && math.Abs(r.bound()-prev) < f.cfg.Tol {
			r.converged = true
			break
		}
	}
	return r, false, nil
}

// startResponsibilities returns the starting responsibilities of a restart.
func (f *fitter) startResponsibilities() (mat.Matrix, error) {
	if f.cfg.StartResponsibilities != nil {
		return f.cfg.StartResponsibilities, nil
	}
	return gmm.StartResponsibilities(f.x, f.w, f.k, &gmm.Settings{
		Covariance: f.cfg.Covariance, Reg: f.cfg.Reg, Init: f.cfg.Init, Start: f.cfg.Start,
		Src: f.cfg.Src, Workers: f.cfg.Workers,
	})
}

func (f *fitter) hook(restart, it int, r *run) (bool, error) {
	if f.cfg.Hook == nil {
		return false, nil
	}
	m, err := f.expectedMixture(r.post)
	if err != nil {
		return false, err
	}
	return f.cfg.Hook(Iteration{Restart: restart, Iter: it, LowerBound: r.bound(), Posterior: r.post, Mixture: m}), nil
}

func (f *fitter) result(r *run) (*Result, error) {
	m, err := f.expectedMixture(r.post)
	if err != nil {
		return nil, err
	}
	active := 0
	for c := 0; c < f.k; c++ {
		if m.Weight(c) > ActiveWeight {
			active++
		}
	}
	return &Result{Posterior: r.post, Prior: f.prior, Mixture: m, Covariance: f.cfg.Covariance,
		LowerBound: r.bound(), History: r.history, Iterations: r.iterations, Converged: r.converged,
		Active: active, N: f.n, WeightSum: f.wsum}, nil
}

// entropySum returns Σ_i w_i Σ_k r_ik ln r_ik (0 ln 0 = 0).
func entropySum(resp mat.Matrix, w []float64) float64 {
	n, k := resp.Dims()
	var sum float64
	for i := 0; i < n; i++ {
		var row float64
		for c := 0; c < k; c++ {
			if v := resp.At(i, c); v > 0 {
				row += v * math.Log(v)
			}
		}
		sum += weight(w, i) * row
	}
	return sum
}
