package gmm

import (
	"errors"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// emptyShare is the share N_k / Σ w_i below which a component counts as empty: it
// keeps its mean and covariance instead of dividing by (almost) nothing.
const emptyShare = 1e-15

// em holds one call of Fit: the data, the settings and the buffers shared by its
// restarts.
type em struct {
	x       *mat.Dense
	w       []float64
	wsum    float64
	n, d, k int
	cfg     *config
	restart int // the current restart, from 0
	rng     *rand.Rand
	sw      *sweeper
	stats   *suffStats
	labels  []int // the labels' buffer, filled once, for the best run's mixture
}

// emRun is the outcome of one restart.
type emRun struct {
	mixture    *Mixture
	history    []float64
	iterations int
	converged  bool
	labelled   bool // e.labels holds this run's labels (filled by its last sweep)
}

func (r *emRun) logLik() float64 { return r.history[len(r.history)-1] }

func newEM(x *mat.Dense, w []float64, wsum float64, k int, cfg *config) *em {
	n, d := x.Dims()
	full := cfg.Covariance == Full || cfg.Covariance == Tied
	sw := newSweeper(x, w, k, full, cfg.Workers)
	if cfg.Covariance == Tied {
		sw.setPooled() // the M-step adds the components' scatters: one pooled sum will do
	}
	return &em{x: x, w: w, wsum: wsum, n: n, d: d, k: k, cfg: cfg, rng: rand.New(cfg.Src),
		sw: sw, stats: newSuffStats(k, d, full), labels: labelBuffer(n, cfg.NoLabels)}
}

// labelBuffer returns the buffer for Result.Labels: n labels, or nil with NoLabels.
func labelBuffer(n int, none bool) []int {
	if none {
		return nil
	}
	return make([]int, n)
}

// fit runs the restarts and returns the result of the best.
func (e *em) fit() (*Result, error) {
	var best *emRun
	for r := 0; r < e.cfg.restarts; r++ {
		e.restart = r
		start, err := e.initialise()
		if err != nil {
			return nil, err
		}
		run, stopped, err := e.run(r, start)
		if err != nil {
			return nil, err
		}
		if best == nil || run.logLik() > best.logLik() {
			best = run
		}
		if stopped {
			break
		}
	}
	if !best.labelled && e.labels != nil {
		e.sw.labelRows(best.mixture, e.labels)
	}
	return e.result(best), nil
}

// run iterates EM from start. It reports whether the hook stopped it.
func (e *em) run(restart int, start *Mixture) (*emRun, bool, error) {
	r := &emRun{mixture: start}
	ll, err := e.sweep(start, nil, 0)
	if err != nil {
		return nil, false, err
	}
	r.history = append(r.history, ll)
	if e.hook(restart, 0, ll, start) {
		return r, true, nil
	}
	for it := 1; it <= e.cfg.MaxIter; it++ {
		next, err := e.mstep(r.mixture, it)
		if err != nil {
			return nil, false, err
		}
		prev := ll
		// The labels are filled only by a sweep known to be the last one: that of
		// MaxIter when there is one restart; otherwise fit labels the best run's
		// mixture in a separate pass at the end.
		var labels []int
		if it == e.cfg.MaxIter && e.cfg.restarts == 1 && e.labels != nil {
			labels, r.labelled = e.labels, true
		}
		if ll, err = e.sweep(next, labels, it); err != nil {
			return nil, false, err
		}
		r.mixture, r.iterations = next, it
		r.history = append(r.history, ll)
		if e.hook(restart, it, ll, next) {
			return r, true, nil
		}
		if e.converged(prev, ll) {
			r.converged = true
			break
		}
	}
	return r, false, nil
}

// sweep runs the E-step for m, leaving the statistics in e.stats, and returns the
// total log-likelihood.
func (e *em) sweep(m *Mixture, labels []int, it int) (float64, error) {
	e.sw.run(m, labels, e.stats)
	ll := e.stats.logLik
	if math.IsNaN(ll) || math.IsInf(ll, 0) {
		return 0, errorf(ErrNotFinite, "iteration %d: log-likelihood is %v: the data's scale is beyond float64 (standardise the columns)", it, ll)
	}
	return ll, nil
}

func (e *em) hook(restart, it int, ll float64, m *Mixture) bool {
	if e.cfg.Hook == nil {
		return false
	}
	return e.cfg.Hook(Iteration{Restart: restart, Iter: it, LogLikelihood: ll, Mixture: m})
}

func (e *em) converged(prev, ll float64) bool {
	if e.cfg.Tol < 0 {
		return false
	}
	change := ll - prev
	if e.cfg.Stop == MeanChange {
		change /= e.wsum
	}
	return math.Abs(change) < e.cfg.Tol
}

// mstep returns the mixture that maximises the expected complete-data
// log-likelihood given the statistics in e.stats, which are centred at old's means.
func (e *em) mstep(old *Mixture, it int) (*Mixture, error) {
	weights, means, covs := e.params(e.stats, old.means, old)
	m, err := NewTyped(e.cfg.Covariance, weights, means, covs)
	if err != nil {
		return nil, e.locate(it, err)
	}
	return m, nil
}

// locate places err, the error of NewTyped on a mixture that the fit computed,
// at iteration it of the current restart (0: the starting mixture) and, for a
// covariance that is not positive definite, names the remedy.
func (e *em) locate(it int, err error) error {
	var ce *ComponentError
	if !errors.As(err, &ce) {
		if it == 0 {
			return wrapf(err, "initial mixture")
		}
		return wrapf(err, "iteration %d", it)
	}
	located := *ce
	located.Restart, located.Iteration = e.restart, it
	if errors.Is(ce.Err, ErrNotPositiveDefinite) {
		remedy := "a collapsed component: use a positive Reg"
		if e.cfg.reg != 0 {
			remedy = "a collapsed component: Reg is lost to rounding at the data's scale; standardise the columns or raise Reg"
		}
		located.Err = errorf(ErrNotPositiveDefinite, "%s (%s)", message(ce.Err), remedy)
	}
	return &located
}

// params computes the M-step's weights, means and covariances from st, whose
// statistics are centred at shifts. prev holds the parameters kept fixed or kept
// by empty components; it is nil when the statistics make the starting mixture.
func (e *em) params(st *suffStats, shifts [][]float64, prev *Mixture) ([]float64, [][]float64, []mat.Symmetric) {
	k, d := e.k, e.d
	var nkSum float64
	for _, v := range st.nk {
		nkSum += v
	}
	weights, means := make([]float64, k), make([][]float64, k)
	scatters := make([]*mat.SymDense, k)
	for c := 0; c < k; c++ {
		nk := st.nk[c]
		empty := prev != nil && !(nk > emptyShare*e.wsum)
		weights[c] = nk / nkSum
		if prev != nil && e.cfg.FixWeights {
			weights[c] = prev.weights[c]
		}
		if empty || (prev != nil && e.cfg.FixMeans) {
			means[c] = prev.means[c]
		} else {
			means[c] = make([]float64, d)
			for j := range means[c] {
				means[c][j] = shifts[c][j] + st.s1[c*d+j]/nk
			}
		}
		if !empty {
			scatters[c] = scatterAbout(st, c, shifts[c], means[c])
		}
	}
	if prev != nil && e.cfg.FixCovariances {
		return weights, means, symmetrics(prev.covs)
	}
	return weights, means, e.covariances(st, scatters, prev)
}

// scatterAbout returns Σ_i w_i γ_ik (x_i − μ)(x_i − μ)ᵀ for component k from its
// statistics centred at shift: S2 − S1 eᵀ − e S1ᵀ + N_k e eᵀ with e = μ − shift.
func scatterAbout(st *suffStats, k int, shift, mu []float64) *mat.SymDense {
	d := st.d
	s1 := st.s1[k*d : (k+1)*d]
	e := make([]float64, d)
	for j := range e {
		e[j] = mu[j] - shift[j]
	}
	s := mat.NewSymDense(d, nil)
	for r := 0; r < d; r++ {
		for c := r; c < d; c++ {
			if !st.full && r != c {
				continue
			}
			s.SetSym(r, c, st.scatterAt(k, r, c)-s1[r]*e[c]-e[r]*s1[c]+st.nk[k]*e[r]*e[c])
		}
	}
	return s
}

// covariances turns the scatter matrices into covariances of the fitted type, with
// e.cfg.reg added to the diagonal. An empty component (nil scatter) keeps prev's.
func (e *em) covariances(st *suffStats, scatters []*mat.SymDense, prev *Mixture) []mat.Symmetric {
	k, d, reg := e.k, e.d, e.cfg.reg
	covs := make([]mat.Symmetric, k)
	if e.cfg.Covariance == Tied {
		tied := mat.NewSymDense(d, nil)
		var nkSum float64
		for c, s := range scatters {
			if s != nil {
				tied.AddSym(tied, s)
				nkSum += st.nk[c]
			}
		}
		tied.ScaleSym(1/nkSum, tied)
		addDiagonal(tied, reg)
		for c := range covs {
			covs[c] = tied
		}
		return covs
	}
	for c, s := range scatters {
		if s == nil {
			covs[c] = prev.covs[c]
			continue
		}
		nk := st.nk[c]
		cov := mat.NewSymDense(d, nil)
		switch e.cfg.Covariance {
		case Full:
			cov.ScaleSym(1/nk, s)
		case Diagonal:
			for j := 0; j < d; j++ {
				cov.SetSym(j, j, s.At(j, j)/nk)
			}
		case Spherical:
			v := mat.Trace(s) / (float64(d) * nk)
			for j := 0; j < d; j++ {
				cov.SetSym(j, j, v)
			}
		}
		addDiagonal(cov, reg)
		covs[c] = cov
	}
	return covs
}

func addDiagonal(s *mat.SymDense, v float64) {
	if v == 0 {
		return
	}
	for j := 0; j < s.SymmetricDim(); j++ {
		s.SetSym(j, j, s.At(j, j)+v)
	}
}

func symmetrics(covs []*mat.SymDense) []mat.Symmetric {
	out := make([]mat.Symmetric, len(covs))
	for i, c := range covs {
		out[i] = c
	}
	return out
}

// result assembles the Result of the best run.
func (e *em) result(r *emRun) *Result {
	ll := r.logLik()
	p := e.numParams()
	return &Result{
		Mixture:           r.mixture,
		Covariance:        e.cfg.Covariance,
		LogLikelihood:     ll,
		MeanLogLikelihood: ll / e.wsum,
		History:           r.history,
		Iterations:        r.iterations,
		Converged:         r.converged,
		Labels:            e.labels,
		NumParams:         p,
		BIC:               -2*ll + float64(p)*math.Log(e.wsum),
		AIC:               -2*ll + 2*float64(p),
		N:                 e.n,
	}
}

// numParams is NumParams less the parameters held fixed.
func (e *em) numParams() int {
	total := NumParams(e.cfg.Covariance, e.k, e.d)
	p := total
	if e.cfg.FixWeights {
		p -= e.k - 1
	}
	if e.cfg.FixMeans {
		p -= e.k * e.d
	}
	if e.cfg.FixCovariances {
		p -= total - (e.k - 1) - e.k*e.d
	}
	return p
}
