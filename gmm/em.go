package gmm

import (
	"errors"
	"fmt"
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
	// ms computes the covariances of a Model other than the four covariance
	// types' (nil for those), keeping its inner state from one M-step to the next.
	ms *modelStep
	// dataScale is the data's scale for the degeneracy test (0: not yet computed).
	dataScale float64
	// smaller is the K−1 fit that InitSplit splits (nil: not yet fitted), and
	// splits counts the splits made.
	smaller *Mixture
	splits  int
	// neighbourStarts counts the starts InitNeighbour made.
	neighbourStarts int
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
	var ms *modelStep
	if cfg.model != cfg.Covariance.Model() {
		_, _, orient := cfg.model.letters()
		full = orient != 'I'
		ms = newModelStep(cfg.model, k, d)
	}
	sw := newSweeper(x, w, k, full, cfg.Workers)
	if cfg.Covariance == Tied && ms == nil {
		sw.setPooled() // the M-step adds the components' scatters: one pooled sum will do
	}
	return &em{x: x, w: w, wsum: wsum, n: n, d: d, k: k, cfg: cfg, rng: rand.New(cfg.Src),
		sw: sw, stats: newSuffStats(k, d, full), labels: labelBuffer(n, cfg.NoLabels), ms: ms}
}

// labelBuffer returns the buffer for Result.Labels: n labels, or nil with NoLabels.
func labelBuffer(n int, none bool) []int {
	if none {
		return nil
	}
	return make([]int, n)
}

// fit runs the restarts and returns the result of the best: the regular run
// (not degenerate) with the highest final log-likelihood, or the best degenerate
// one if no run is regular. A restart that fails is recorded and the others go
// on; fit fails only if every restart does, with all their errors.
func (e *em) fit() (*Result, error) {
	var best *emRun
	var bestRegular bool
	restarts := make([]Restart, 0, e.cfg.restarts)
	var errs []error
	for r := 0; r < e.cfg.restarts; r++ {
		e.restart = r
		init := e.initOf(r)
		run, stopped, err := e.runRestart(r, init)
		if err != nil {
			restarts = append(restarts, Restart{Init: init, Err: err})
			errs = append(errs, fmt.Errorf("restart %d (%v): %w", r, init, err))
			continue
		}
		degenerate := isDegenerate(run.mixture, e.wsum, e.scale())
		restarts = append(restarts, Restart{Init: init, LogLikelihood: run.logLik(), Iterations: run.iterations,
			Converged: run.converged, Degenerate: degenerate})
		if best == nil || (!degenerate && !bestRegular) || (degenerate != bestRegular && run.logLik() > best.logLik()) {
			best, bestRegular = run, !degenerate
		}
		if stopped {
			break
		}
	}
	if best == nil {
		if len(errs) == 1 {
			return nil, errs[0]
		}
		return nil, fmt.Errorf("gmm: every restart failed: %w", errors.Join(errs...))
	}
	if !best.labelled && e.labels != nil {
		e.sw.labelRows(best.mixture, e.labels)
	}
	res := e.result(best)
	res.Restarts = restarts
	res.Degenerate = !bestRegular
	return res, nil
}

// initOf returns the initialisation of restart r.
func (e *em) initOf(r int) Init {
	if e.cfg.Init != InitAuto {
		return e.cfg.Init
	}
	splits := e.k - 1
	switch {
	case r == 0:
		return InitHC
	case r <= splits:
		return InitSplit
	}
	return autoCycle[(r-splits-1)%len(autoCycle)]
}

// runRestart initialises restart r by init and runs it.
func (e *em) runRestart(r int, init Init) (*emRun, bool, error) {
	start, err := e.initialise(init)
	if err != nil {
		return nil, false, err
	}
	return e.run(r, start)
}

// scale returns the data's scale for the degeneracy test, computed once.
func (e *em) scale() float64 {
	if e.dataScale == 0 {
		e.dataScale = dataScale(e.x)
	}
	return e.dataScale
}

// run iterates EM from start. It reports whether the hook stopped it.
func (e *em) run(restart int, start *Mixture) (*emRun, bool, error) {
	r := &emRun{mixture: start}
	if e.ms != nil {
		e.ms.reset()
	}
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

func (e *em) converged(prev, ll float64) bool { return e.cfg.converged(prev, ll, e.wsum) }

// converged is the stopping rule of Fit and FitStream: the change of the
// log-likelihood from prev to ll (per unit of weight wsum under MeanChange)
// below Tol; never when Tol is negative.
func (c *config) converged(prev, ll, wsum float64) bool {
	if c.Tol < 0 {
		return false
	}
	change := ll - prev
	if c.Stop == MeanChange {
		change /= wsum
	}
	return math.Abs(change) < c.Tol
}

// mstep returns the mixture that maximises the expected complete-data
// log-likelihood given the statistics in e.stats, which are centred at old's means.
// It is Stats' M-step: the sweep's statistics are handed to a Stats.
func (e *em) mstep(old *Mixture, it int) (*Mixture, error) {
	st := NewStats(old, e.cfg.Covariance)
	st.model = e.ms
	st.addCentred(e.stats, e.n, e.wsum)
	m, err := st.next(e.cfg.reg, fixed{e.cfg.FixWeights, e.cfg.FixMeans, e.cfg.FixCovariances})
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
		Model:             e.cfg.model,
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
	total := e.cfg.model.NumParams(e.k, e.d)
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
