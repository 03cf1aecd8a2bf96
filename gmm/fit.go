package gmm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
)

// StopRule is the test that ends EM before Settings.MaxIter iterations.
type StopRule int

const (
	// MeanChange stops when the mean log-likelihood (total / Σ w_i) changes by less
	// than Settings.Tol from one iteration to the next, as scikit-learn does.
	MeanChange StopRule = iota
	// TotalChange stops when the total log-likelihood Σ_i w_i log p(x_i) changes by
	// less than Settings.Tol, the rule of most textbook statements of EM.
	TotalChange
)

// String returns "mean" or "total".
func (r StopRule) String() string {
	switch r {
	case MeanChange:
		return "mean"
	case TotalChange:
		return "total"
	}
	return fmt.Sprintf("StopRule(%d)", int(r))
}

// Init is the way Fit chooses the starting mixture of each restart.
type Init int

const (
	// InitAuto, the zero Init and so Fit's default, combines kinds of start
	// and runs each to convergence: the first restart starts from HC, the next
	// K−1 from InitSplit's splits of every component of a K−1 fit, and the
	// others cycle through k-means++ seeds, random responsibilities and
	// InitNeighbour's fits of the neighbouring models. With InitAuto the zero
	// Restarts, Tol and MaxIter mean DefaultAutoRestarts, DefaultAutoTol and
	// DefaultAutoMaxIter.
	//
	// Why this mix: the starts that do not depend on the seed (HC and the
	// splits, whose K−1 fit is itself the best of HC and the splits of a K−2
	// fit, and so on down to K = 1) reach the best known optimum of Old
	// Faithful and iris for every model and K ≤ 4 but three; the random kinds
	// then cover different basins. k-means++ partitions favour round clusters
	// and miss, for instance, every EEV optimum of iris with K = 3 or 4, and
	// random responsibilities reach a rare optimum only in a few per cent of
	// starts; a fit of a model with one constraint relaxed or added (EVV or EEE
	// for EEV, EEE for EVE) often ends in a partition from which the constrained
	// model's best optimum is reached: iris EEV with K = 3 from 93 % of EVV's
	// k-means++ fits but about 2 % of its own random starts. On Old Faithful
	// and iris, for every model and K ≤ 4, 2227 of 2240 default fits from 20
	// seeds reach the best known optimum (2204 before the ladder and the
	// neighbours); the misses are iris EEV with K = 4 (10 of 20 seeds: an
	// optimum that about one random-responsibility start in ten reaches and no
	// seed-independent start does) and K = 3 (2 of 20), and Old Faithful EVE
	// with K = 4 (1 of 20). docs/cli.md has the table.
	InitAuto Init = iota
	// InitKMeans runs KMeans (k-means++ seeding, one run) and starts EM from the
	// parameters of its hard clusters (one M-step), as scikit-learn does by default.
	InitKMeans
	// InitKMeansPlusPlus seeds K centers by k-means++, assigns each row to its
	// nearest center and starts from the parameters of these clusters (one M-step,
	// no Lloyd iterations).
	InitKMeansPlusPlus
	// InitRandomPoints starts from K distinct random rows as means, each covariance
	// the diagonal of the data's variances (their mean for Spherical) plus Reg, and
	// uniform weights.
	InitRandomPoints
	// InitRandomResponsibilities draws every row's responsibilities uniformly at
	// random, normalises them, and starts from one M-step, as scikit-learn's
	// init_params="random".
	InitRandomResponsibilities
	// InitMixture starts from Settings.Start (a warm start). Every restart would be
	// the same, so Fit runs one.
	InitMixture
	// InitHC starts from the K clusters of model-based hierarchical agglomeration
	// (HC, mclust's default start) by one M-step. It ignores the sample weights in
	// the agglomeration. Every restart would be the same, so Fit runs one.
	InitHC
	// InitSplit starts from a fit with K−1 components with one component
	// replaced by two of half its weight, its covariance, and means ½√λ apart
	// from its mean on either side along its major axis (λ the largest
	// eigenvalue): restart r splits component r mod (K−1). The K−1 fit is the
	// best of EM from HC and from the splits of the same kind of K−2 fit, and
	// so on down to one component, each run to this Fit's convergence
	// (K(K−1)/2 runs, made once per Fit). With K = 1 it is InitHC.
	InitSplit
	// InitNeighbour starts by one M-step from the responsibilities of a fit
	// (one restart, to convergence) of a neighbouring model: one that differs
	// from Settings.Model in one of its three letters (for EEV: EEI, EEE, VEV
	// and EVV). Restart r fits neighbour r mod M of the M, from k-means++ seeds
	// or random responsibilities, alternately (shifted by one in every round of
	// the M, so that each neighbour gets both).
	InitNeighbour
)

// autoCycle is the order of InitAuto's random starts after HC and the splits.
var autoCycle = [...]Init{InitKMeansPlusPlus, InitRandomResponsibilities, InitNeighbour}

// Defaults of InitAuto for zero fields of Settings.
const (
	DefaultAutoRestarts = 20
	DefaultAutoTol      = 1e-9
	DefaultAutoMaxIter  = 5000
)

var initNames = [...]string{
	InitKMeans:                 "kmeans",
	InitKMeansPlusPlus:         "kmeans++",
	InitRandomPoints:           "random-points",
	InitRandomResponsibilities: "random-resp",
	InitMixture:                "mixture",
	InitHC:                     "hc",
	InitSplit:                  "split",
	InitAuto:                   "auto",
	InitNeighbour:              "neighbour",
}

// String returns the name ParseInit accepts: "kmeans", "kmeans++", "random-points",
// "random-resp", "mixture", "hc", "split", "neighbour" or "auto".
func (i Init) String() string {
	if i < 0 || int(i) >= len(initNames) {
		return fmt.Sprintf("Init(%d)", int(i))
	}
	return initNames[i]
}

// ParseInit returns the initialisation named s, one of the names returned by
// Init.String, in any case.
func ParseInit(s string) (Init, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	for i, n := range initNames {
		if n == name {
			return Init(i), nil
		}
	}
	return 0, errorf(ErrBadArgument, "unknown initialisation %q (want kmeans, kmeans++, random-points, random-resp, mixture, hc, split, neighbour or auto)", s)
}

// NoReg as Settings.Reg turns the covariance regularisation off.
const NoReg = -1.0

// NoTol as Settings.Tol turns the stopping test off: EM runs exactly MaxIter
// iterations (or until the hook stops it).
const NoTol = -1.0

// Defaults used by Fit for zero fields of Settings with an Init other than
// InitAuto (DefaultReg with every Init).
const (
	DefaultMaxIter = 100
	DefaultTol     = 1e-3
	DefaultReg     = 1e-6
)

// Settings configures Fit. The zero value (or a nil *Settings) is a full-covariance
// fit with the defaults documented on each field: InitAuto's DefaultAutoRestarts
// restarts of several kinds, each run to convergence (DefaultAutoTol), the best
// regular one kept. It costs about 20 converged fits; InitKMeans with Restarts
// 1, Tol 1e-3 and MaxIter 100 is scikit-learn's cheaper default.
type Settings struct {
	// Covariance is the structure of the covariances (default Full).
	Covariance CovarianceType
	// Model, if not zero, is the covariance model fitted, one of mclust's
	// fourteen (see Model); it overrides Covariance, which must then be left
	// zero (Full). The zero Model means Covariance.Model(). A mixture fitted
	// with a model other than the four covariance types' has CovarianceType Full.
	Model Model
	// MaxIter is the largest number of EM iterations (M-steps) per restart
	// (0: DefaultAutoMaxIter = 5000 with InitAuto, else DefaultMaxIter = 100).
	MaxIter int
	// Tol is the stopping tolerance on the change of the log-likelihood measured
	// by Stop (0: DefaultAutoTol = 1e-9 with InitAuto, else DefaultTol = 1e-3;
	// NoTol or any negative value: never stop early).
	Tol float64
	// Stop is the stopping rule (default MeanChange, as scikit-learn).
	Stop StopRule
	// Reg is added to the diagonal of every covariance the fit computes, to keep it
	// positive definite. A positive Reg is absolute, as scikit-learn's reg_covar.
	// Reg 0 means DefaultReg = 1e-6 scaled to the data: 1e-6 × min(1, v̄), v̄ the
	// mean of the columns' (weighted) variances. On data of unit scale or larger
	// this is scikit-learn's default; on smaller data it shrinks with them, so
	// that it never exceeds 1e-6 of the data's variance and data scaled by any
	// c < 1 fit as the unscaled data do (an absolute 1e-6 swamps data on a 1e-6
	// scale). NoReg or any negative value: none, plain maximum likelihood.
	Reg float64
	// Restarts is the number of EM runs from different starts; Fit keeps the one
	// with the highest final log-likelihood, a regular one before a degenerate
	// one (0: DefaultAutoRestarts = 20 with InitAuto, else 1).
	Restarts int
	// Init chooses the starting mixture (default InitAuto).
	Init Init
	// Start is the starting mixture for Init == InitMixture, with K components of
	// the data's dimension. It must be nil for the other initialisations.
	Start *Mixture
	// FixWeights, FixMeans and FixCovariances hold the weights, means or covariances
	// at their starting values (those of Start, or of the initialisation). With
	// FixCovariances, the starting covariances must have the structure of
	// Covariance. A fixed parameter is not counted in Result.NumParams.
	FixWeights, FixMeans, FixCovariances bool
	// Hook, if not nil, is called with the starting mixture (Iter 0) and after
	// every M-step, with the new mixture and its log-likelihood. Returning true
	// stops the fit: the current restart ends (not converged) and no further
	// restart is run; the result is the best run so far.
	Hook func(it Iteration) (stop bool)
	// Src is the source of randomness of the initialisations (nil: a fixed seed,
	// rand.NewPCG(1, 1) as in bayes and mcmc, so that Fit is deterministic either
	// way).
	Src rand.Source
	// NoLabels leaves Result.Labels nil, saving a label per row (8 bytes; half of
	// the data when D = 2) on large data. Mixture.LabelsTo gives them later.
	NoLabels bool
	// Workers is the number of goroutines of each sweep over the data
	// (0: GOMAXPROCS). The result does not depend on it.
	Workers int

	// hierarchy, if not nil, is HC of the data, for InitHC (SelectModels
	// computes it once for all its fits); hcRows, if not nil, lists the rows
	// of the sample it agglomerated (see HCMaxRows).
	hierarchy *Hierarchy
	hcRows    []int
}

// Iteration is what Settings.Hook receives.
type Iteration struct {
	// Restart counts the restarts from 0; Iter counts the M-steps of this restart
	// (0 for the starting mixture).
	Restart, Iter int
	// LogLikelihood is Σ_i w_i log p(x_i) under Mixture.
	LogLikelihood float64
	// Mixture is the current mixture. A Mixture is immutable: the hook may keep it.
	Mixture *Mixture
}

// Result is the outcome of Fit.
type Result struct {
	// Mixture is the fitted mixture of the best restart.
	Mixture *Mixture
	// Covariance is the covariance type fitted (Full for a Model other than
	// the four types'), and Model the model fitted.
	Covariance CovarianceType
	Model      Model
	// LogLikelihood is the total Σ_i w_i log p(x_i) under Mixture, and
	// MeanLogLikelihood is LogLikelihood / Σ_i w_i (scikit-learn's score).
	LogLikelihood, MeanLogLikelihood float64
	// History holds the total log-likelihood of the starting mixture and after each
	// M-step of the best restart: len(History) = Iterations + 1, and its last
	// element is LogLikelihood.
	History []float64
	// Iterations is the number of M-steps of the best restart.
	Iterations int
	// Converged reports whether the best restart met the stopping rule.
	Converged bool
	// Labels holds the most responsible component of every row under Mixture
	// (nil with Settings.NoLabels).
	Labels []int
	// NumParams is the number of free parameters: NumParams(Covariance, K, D)
	// less those held fixed (K−1 weights, K·D means, and the covariance's).
	NumParams int
	// BIC = −2 LogLikelihood + NumParams log(Σ w_i) and
	// AIC = −2 LogLikelihood + 2 NumParams: lower is better, as in scikit-learn
	// (R's mclust reports the negative of this BIC, larger being better there).
	// With unit weights Σ w_i = N.
	BIC, AIC float64
	// N is the number of rows fitted.
	N int
	// Degenerate reports that the best restart has a collapsed component (see
	// DegenerateEigenFraction): Fit returns one only when every restart is
	// degenerate.
	Degenerate bool
	// Restarts lists every restart in order: its start, final log-likelihood,
	// iterations, convergence and degeneracy, or the error that ended it.
	Restarts []Restart
}

// Restart is the outcome of one restart of Fit.
type Restart struct {
	// Init is the initialisation it started from.
	Init Init
	// LogLikelihood is its final total log-likelihood.
	LogLikelihood float64
	// Iterations is its number of M-steps.
	Iterations int
	// Converged reports whether it met the stopping rule, Degenerate whether it
	// ended with a collapsed component.
	Converged, Degenerate bool
	// Err is the error that ended it, if any (then the other fields are zero).
	Err error
}

// config is Settings with defaults applied.
type config struct {
	Settings
	model    Model
	reg      float64
	restarts int
}

func newConfig(s *Settings) (*config, error) {
	c := &config{}
	if s != nil {
		c.Settings = *s
	}
	if c.Covariance < Full || c.Covariance > Tied {
		return nil, errorf(ErrBadArgument, "unknown covariance type %d", int(c.Covariance))
	}
	c.model = c.Covariance.Model()
	if c.Model != 0 {
		if !c.Model.valid() {
			return nil, fmt.Errorf("%w %d", ErrUnknownModel, int(c.Model))
		}
		if c.Covariance != Full {
			return nil, errorf(ErrBadArgument, "Settings.Model %v and Covariance %v both set", c.Model, c.Covariance)
		}
		c.model = c.Model
		if m, ok := modelCovarianceType(c.Model); ok {
			c.Covariance = m
		}
	}
	if c.Init < InitAuto || c.Init > InitNeighbour {
		return nil, errorf(ErrBadArgument, "unknown initialisation %d", int(c.Init))
	}
	if c.Stop != MeanChange && c.Stop != TotalChange {
		return nil, errorf(ErrBadArgument, "unknown stopping rule %d", int(c.Stop))
	}
	if c.MaxIter < 0 || c.Restarts < 0 || c.Workers < 0 {
		return nil, errorf(ErrBadArgument, "negative MaxIter (%d), Restarts (%d) or Workers (%d)", c.MaxIter, c.Restarts, c.Workers)
	}
	if math.IsNaN(c.Tol) {
		return nil, errorf(ErrBadArgument, "Tol is NaN: want a number")
	}
	if math.IsNaN(c.Reg) || math.IsInf(c.Reg, 1) {
		return nil, errorf(ErrBadArgument, "Reg is %v: want a finite number", c.Reg)
	}
	if (c.Init == InitMixture) != (c.Start != nil) {
		return nil, errorf(ErrBadArgument, "Settings.Start must be set exactly when Init is InitMixture")
	}
	if c.MaxIter == 0 {
		c.MaxIter = DefaultMaxIter
		if c.Init == InitAuto {
			c.MaxIter = DefaultAutoMaxIter
		}
	}
	if c.Tol == 0 {
		c.Tol = DefaultTol
		if c.Init == InitAuto {
			c.Tol = DefaultAutoTol
		}
	}
	switch {
	case c.Reg == 0:
		c.reg = DefaultReg // Fit scales it to the data
	case c.Reg > 0:
		c.reg = c.Reg
	}
	c.restarts = max(c.Restarts, 1)
	if c.Init == InitAuto && c.Restarts == 0 {
		c.restarts = DefaultAutoRestarts
	}
	if c.Init == InitMixture || c.Init == InitHC {
		c.restarts = 1
	}
	if c.Src == nil {
		c.Src = defaults.Source()
	}
	return c, nil
}

// Fit fits a K-component Gaussian mixture to the rows of the n×D matrix x by
// expectation–maximisation, each row weighted by weights[i] (nil: all ones).
// EM maximises the weighted log-likelihood Σ_i w_i log Σ_k π_k N(x_i | μ_k, Σ_k).
// Each iteration is one pass over the data that computes, for the current
// parameters, the responsibilities (E-step)
//
//	γ_ik = π_k N(x_i | μ_k, Σ_k) / Σ_j π_j N(x_i | μ_j, Σ_j)
//
// and, in the same pass, the statistics of the M-step
//
//	N_k = Σ_i w_i γ_ik,  π_k = N_k / Σ_j N_j,  μ_k = Σ_i w_i γ_ik x_i / N_k,
//	S_k = Σ_i w_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ,
//
// accumulated about the current means so that no digits are lost to
// cancellation. The covariances are Σ_k = S_k/N_k (Full), its diagonal (Diagonal),
// tr(S_k)/(D N_k)·I (Spherical) or Σ_k S_k / Σ_i w_i for all k (Tied), each plus
// Reg on the diagonal. A fixed parameter keeps its value and the others are
// updated given it (with fixed means, S_k is taken about them). The
// log-likelihood never decreases from one iteration to the next, up to rounding
// and the effect of Reg.
//
// A nil s means the default Settings. Fit returns an error for unusable input: a
// NaN or Inf in x, k ≤ 0, fewer than two rows or fewer rows than k, weights of the
// wrong length, negative or not finite, or with fewer than k positive, a Start
// that does not match k and D, and a covariance that stops being positive
// definite (possible only with NoReg or data on a scale where Reg is lost to
// rounding), named by iteration and component. A component that loses all its
// responsibility (N_k = 0) keeps its mean and covariance and gets weight 0.
// Non-convergence within MaxIter is not an error: see Result.Converged.
func Fit(x mat.Matrix, weights []float64, k int, s *Settings) (*Result, error) {
	cfg, err := newConfig(s)
	if err != nil {
		return nil, err
	}
	dense, wsum, vars, err := checkFitInput(x, weights, k)
	if err != nil {
		return nil, err
	}
	cfg.scaleReg(vars)
	if err := checkStart(cfg, k, dense); err != nil {
		return nil, err
	}
	e := newEM(dense, weights, wsum, k, cfg)
	return e.fit()
}

// checkFitInput checks the data and weights, and returns x as a *mat.Dense (x
// itself when it is one), the sum of the weights and the columns' variances.
func checkFitInput(x mat.Matrix, weights []float64, k int) (*mat.Dense, float64, []float64, error) {
	wsum, err := checkRows(x, weights, k, "component", 2)
	if err != nil {
		return nil, 0, nil, err
	}
	if err := checkWeightSum(wsum); err != nil {
		return nil, 0, nil, err
	}
	dense := asDense(x)
	vars := weightedVariance(dense, weights)
	if err := checkScale(dense, vars); err != nil {
		return nil, 0, nil, err
	}
	return dense, wsum, vars, nil
}

// checkRows checks the data x and sample weights of a fit of k components (or
// clusters: noun names them) that needs at least minRows rows, and returns the
// sum of the weights.
func checkRows(x mat.Matrix, weights []float64, k int, noun string, minRows int) (float64, error) {
	if k <= 0 {
		return 0, errorf(ErrBadArgument, "k = %d: want at least one %s", k, noun)
	}
	if err := CheckData(x); err != nil {
		return 0, err
	}
	n, _ := x.Dims()
	if n < minRows {
		return 0, errorf(ErrTooFewRows, "data has %d row: want at least %d", n, minRows)
	}
	if n < k {
		return 0, errorf(ErrTooFewRows, "data has %d rows, fewer than k = %d %ss", n, k, noun)
	}
	return checkSampleWeights(weights, n, k)
}

// asDense returns x if it is a *mat.Dense, and a copy of it as one otherwise.
func asDense(x mat.Matrix) *mat.Dense {
	if dense, ok := x.(*mat.Dense); ok {
		return dense
	}
	return mat.DenseCopyOf(x)
}

// checkSampleWeights checks per-row sample weights and returns their sum (n for nil).
func checkSampleWeights(weights []float64, n, k int) (float64, error) {
	if weights == nil {
		return float64(n), nil
	}
	if len(weights) != n {
		return 0, errorf(ErrBadShape, "%d weights for %d rows", len(weights), n)
	}
	var sum float64
	positive := 0
	for i, w := range weights {
		if math.IsNaN(w) || math.IsInf(w, 0) || w < 0 {
			return 0, errorf(ErrBadWeights, "weight of row %d is %v: want a finite non-negative number", i, w)
		}
		if w > 0 {
			positive++
		}
		sum += w
	}
	if positive < k {
		return 0, errorf(ErrTooFewRows, "%d rows have a positive weight, fewer than k = %d components", positive, k)
	}
	if math.IsInf(sum, 0) {
		return 0, errorf(ErrBadWeights, "the weights sum to %v", sum)
	}
	return sum, nil
}

// checkStart checks Settings.Start against k, the data's dimension and, with
// FixCovariances, the covariance type.
func checkStart(cfg *config, k int, x *mat.Dense) error {
	m := cfg.Start
	if m == nil {
		return nil
	}
	_, d := x.Dims()
	if m.K() != k || m.Dim() != d {
		return errorf(ErrBadShape, "start mixture has %d components in dimension %d; want %d in dimension %d", m.K(), m.Dim(), k, d)
	}
	if cfg.FixCovariances && m.ct != cfg.Covariance {
		covs := make([]mat.Symmetric, k)
		for i := range covs {
			covs[i] = m.covariance(i)
		}
		if _, err := NewTyped(cfg.Covariance, m.weights, m.means, covs); err != nil {
			return wrapf(err, "start mixture's covariances are fixed but not %v", cfg.Covariance)
		}
	}
	return nil
}
