package gmm

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
	"gmmbook/gmm/internal/parallel"
)

// DegenerateEigenFraction is the fraction of the data's scale below which a
// covariance eigenvalue marks a fit degenerate: an eigenvalue below
// DegenerateEigenFraction · tr(S)/D, where S is the data's covariance matrix.
// A component with fewer than D + 1 rows' worth of responsibility (N_k < D + 1)
// marks it degenerate too: such a component sits on a collapsed, spurious
// maximum of the likelihood.
const DegenerateEigenFraction = 1e-6

// dataScale returns tr(S)/D for the data's (unweighted) covariance S: the mean
// of the columns' variances, each as stat.Variance computes it (the corrected
// two-pass formula), in two passes over the rows.
func dataScale(x *mat.Dense) float64 {
	n, d := x.Dims()
	mean := make([]float64, d)
	for i := 0; i < n; i++ {
		floats.Add(mean, x.RawRowView(i))
	}
	floats.Scale(1/float64(n), mean)
	ss, comp := make([]float64, d), make([]float64, d)
	for i := 0; i < n; i++ {
		for j, v := range x.RawRowView(i) {
			dv := v - mean[j]
			ss[j] += dv * dv
			comp[j] += dv
		}
	}
	var sum float64
	for j := range ss {
		sum += (ss[j] - comp[j]*comp[j]/float64(n)) / float64(n-1)
	}
	return sum / float64(d)
}

// isDegenerate reports whether mixture m fitted to data of total weight n and the
// given scale has a component with N_k = π_k n < D + 1 or a covariance eigenvalue below
// DegenerateEigenFraction · scale.
func isDegenerate(m *Mixture, n float64, scale float64) bool {
	d := m.Dim()
	var eig mat.EigenSym
	var rel mat.SymDense
	for k := 0; k < m.K(); k++ {
		if m.Weight(k)*n < float64(d+1) {
			return true
		}
		if m.vars != nil {
			// The eigenvalues of diag(v)/scale, as LAPACK finds them.
			if floats.Min(m.vars[k])*(1/scale) < DegenerateEigenFraction {
				return true
			}
			continue
		}
		// Σ_k/scale has entries of order 1 on data of any scale (LAPACK's
		// rescaling fails on entries near the underflow threshold).
		rel.ScaleSym(1/scale, m.covs[k])
		if !eig.Factorize(&rel, false) {
			return true
		}
		if eig.Values(nil)[0] < DegenerateEigenFraction {
			return true
		}
	}
	return false
}

// ModelFit is one row of SelectModels: the best fit of one model with K
// components.
type ModelFit struct {
	Model Model
	K     int
	// LogLikelihood is the total log-likelihood of the fit, Σ_i w_i log p(x_i).
	LogLikelihood float64
	// NumParams is Model.NumParams(K, D).
	NumParams int
	// BIC = −2 LogLikelihood + NumParams log N and
	// ICL = BIC − 2 Σ_i w_i log γ_i,c(i), with N = Σ_i w_i (the number of rows
	// with unit weights) and c(i) the most responsible component of row i
	// (Biernacki, Celeux & Govaert 2000): lower is better for both, as in
	// scikit-learn. R's mclust reports −BIC and −ICL (larger is better there).
	BIC, ICL float64
	// Converged reports whether EM met its stopping rule; Degenerate whether the
	// fit has a collapsed component (see DegenerateEigenFraction).
	Converged, Degenerate bool
	// Mixture is the fitted mixture.
	Mixture *Mixture
}

// SelectSettings configures SelectModels.
type SelectSettings struct {
	// Restarts is the number of k-means++ and of random-responsibility starts for
	// each model and K, besides the HC start and the split of the K−1 fit
	// (0: 8 of each).
	Restarts int
	// Src is the source of randomness (nil: a fixed seed).
	Src rand.Source
	// Workers is the number of fits run at once (each from its own start) and is
	// passed to Fit (≤ 0: GOMAXPROCS). The rows do not depend on it.
	Workers int
}

// selectTol is the stopping tolerance of SelectModels' fits: the total
// log-likelihood changes by less than 1e-8 from one iteration to the next.
const selectTol = 1e-8

// selectMaxIter bounds the EM iterations of each of SelectModels' fits.
const selectMaxIter = 5000

// SelectModels fits every model in models with every number of components in ks
// to the rows of x, each weighted by weights[i] (nil: all ones), and returns one
// row per model and K, in that order. Each row is
// the best regular (not degenerate) fit among EM runs to convergence (total
// log-likelihood change below 1e-8, at most 5000 iterations) from HC's partition,
// k-means++ seeds, random responsibilities and, for K > 1, the K−1 fit of the same
// model with each of its components in turn split in two along each axis of its
// covariance (InitSplit splits along the major one); a degenerate
// fit is chosen only when no fit is regular. Because of the split start, a larger
// K does not end with a lower log-likelihood than K−1 unless EM from the split
// falls below it (checked by the tests on Old Faithful and iris). Then every
// row is refitted from the rows of the neighbouring models (one letter of the
// name changed) with the same K, and kept when that ends higher (see
// refineByNeighbours). A fit that fails
// is skipped; SelectModels fails for a model and K only if every start fails,
// with their errors joined.
//
// The weights are those of Fit: every fit uses them, the log-likelihood is
// Σ_i w_i log p(x_i), BIC's N is Σ_i w_i (as Result.BIC) and ICL's
// classification term is Σ_i w_i log γ_i,c(i), so that integer weights give
// the rows of data with each row repeated w_i times. HC, which has no weights
// (nor has mclust's hc), agglomerates the rows of positive weight, each once:
// its partition only starts EM. SelectModels returns an error wrapping
// ErrBadShape, ErrBadWeights or ErrTooFewRows (as Fit) for weights of the wrong
// length, negative or non-finite weights, or fewer than two rows of positive
// weight, and ErrNotFinite for NaN or Inf in x.
func SelectModels(x mat.Matrix, weights []float64, models []Model, ks []int, s *SelectSettings) ([]ModelFit, error) {
	if s == nil {
		s = &SelectSettings{}
	}
	restarts := s.Restarts
	if restarts == 0 {
		restarts = 8
	}
	src := s.Src
	if src == nil {
		src = defaults.Source()
	}
	in, err := newSelectInput(x, weights)
	if err != nil {
		return nil, err
	}
	rng := rand.New(src)
	var rows []ModelFit
	for _, m := range models {
		var prev *Mixture
		for _, k := range ks {
			row, err := selectOne(in, m, k, prev, restarts, rng, s.Workers)
			if err != nil {
				return rows, err
			}
			in.setCriteria(row)
			rows = append(rows, *row)
			prev = row.Mixture
		}
	}
	refineByNeighbours(in, rows, s.Workers)
	return rows, nil
}

// selectInput is the data of SelectModels: the rows, their weights (nil: all
// ones) and their sum, and HC of the rows of positive weight (listed in hcRows
// when some row has weight 0).
type selectInput struct {
	x      *mat.Dense
	w      []float64
	wsum   float64
	h      *Hierarchy
	hcRows []int
}

// newSelectInput checks the data and the weights and agglomerates the rows of
// positive weight.
func newSelectInput(x mat.Matrix, weights []float64) (*selectInput, error) {
	if err := CheckData(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	wsum, err := checkSampleWeights(weights, n, 2)
	if err != nil {
		return nil, err
	}
	if err := checkWeightSum(wsum); err != nil {
		return nil, err
	}
	in := &selectInput{x: asDense(x), w: weights, wsum: wsum}
	hcData := mat.Matrix(in.x)
	if rows := positiveRows(weights, n); len(rows) < n {
		in.hcRows = rows
		hcData = takeRows(in.x, rows)
	}
	if in.h, err = HC(hcData); err != nil {
		return nil, err
	}
	return in, nil
}

// takeRows returns the given rows of x as a new matrix.
func takeRows(x *mat.Dense, rows []int) *mat.Dense {
	_, d := x.Dims()
	out := mat.NewDense(len(rows), d, nil)
	for j, i := range rows {
		out.SetRow(j, x.RawRowView(i))
	}
	return out
}

// setCriteria sets the BIC and ICL of row, with N = Σ_i w_i.
func (in *selectInput) setCriteria(row *ModelFit) {
	row.BIC = -2*row.LogLikelihood + float64(row.NumParams)*math.Log(in.wsum)
	row.ICL = row.BIC - 2*classificationLogLik(row.Mixture, in.x, in.w)
}

// selectOne fits model m with k components from every start and returns the best.
func selectOne(in *selectInput, m Model, k int, prev *Mixture, restarts int, rng *rand.Rand, workers int) (*ModelFit, error) {
	base := selectBase(m, workers, in)
	var starts []Settings
	hc := base
	hc.Init = InitHC
	starts = append(starts, hc)
	if k > 1 && prev != nil && prev.K() == k-1 {
		starts = append(starts, splitStarts(base, prev)...)
	}
	for r := 0; r < restarts; r++ {
		for _, init := range []Init{InitKMeansPlusPlus, InitRandomResponsibilities} {
			st := base
			st.Init = init
			st.Src = rand.NewPCG(rng.Uint64(), rng.Uint64())
			starts = append(starts, st)
		}
	}
	var best *ModelFit
	var errs []error
	fits, fitErrs := fitRows(in, m, k, starts, workers)
	for i, row := range fits {
		if fitErrs[i] != nil {
			errs = append(errs, fmt.Errorf("start %d (%v): %w", i, starts[i].Init, fitErrs[i]))
			continue
		}
		if better(row, best) {
			best = row
		}
	}
	if best == nil {
		return nil, fmt.Errorf("gmm: model %v, K = %d: every start failed: %w", m, k, errors.Join(errs...))
	}
	return best, nil
}

// selectBase returns the settings of SelectModels' fits of model m.
func selectBase(m Model, workers int, in *selectInput) Settings {
	return Settings{Model: m, Tol: selectTol, Stop: TotalChange, MaxIter: selectMaxIter, Workers: workers, NoLabels: true, hierarchy: in.h, hcRows: in.hcRows}
}

// splitStarts returns the warm starts from prev with each of its components in
// turn split in two along each of its covariance's axes (splitAlong): the
// major axis alone misses optima such as Old Faithful's VEE, K = 6, and VEV,
// K = 8, that a split along a minor axis reaches.
func splitStarts(base Settings, prev *Mixture) []Settings {
	var starts []Settings
	for c := 0; c < prev.K(); c++ {
		for j := 0; j < prev.Dim(); j++ {
			if split, err := splitAlong(prev, c, j); err == nil {
				warm := base
				warm.Init, warm.Start = InitMixture, split
				starts = append(starts, warm)
			}
		}
	}
	return starts
}

// fitRows runs fitRow from every start, up to workers (≤ 0: GOMAXPROCS) at a
// time, and returns the rows and errors in the order of the starts. Each start
// carries its own random source, drawn before any runs, so the rows do not
// depend on the number of workers.
func fitRows(in *selectInput, m Model, k int, starts []Settings, workers int) ([]*ModelFit, []error) {
	rows, errs := make([]*ModelFit, len(starts)), make([]error, len(starts))
	parallel.For(len(starts), workers, func(i, _ int) {
		rows[i], errs[i] = fitRow(in, m, k, &starts[i])
	})
	return rows, errs
}

// fitRow runs Fit on SelectModels' data with s and returns its row, without BIC
// and ICL.
func fitRow(in *selectInput, m Model, k int, s *Settings) (*ModelFit, error) {
	_, d := in.x.Dims()
	res, err := Fit(in.x, in.w, k, s)
	if err != nil {
		return nil, err
	}
	return &ModelFit{Model: m, K: k, LogLikelihood: res.LogLikelihood, NumParams: m.NumParams(k, d),
		Converged: res.Converged, Degenerate: res.Degenerate, Mixture: res.Mixture}, nil
}

// neighbourPasses bounds the passes of refineByNeighbours.
const neighbourPasses = 3

// refineByNeighbours improves the rows (model-major, K ascending within a
// model) by EM from the fits of the neighbouring models (see neighbours) with
// the same K, started from their responsibilities, and from the splits of a
// row's K−1 fit when that one improved in the same pass; a row is replaced
// when a start ends better (see better). A constrained model's optimum often
// lies in the basin of a neighbour's: mclust's EEV on iris, K = 3, is reached
// from EVV's and EEE's fits but rarely from random starts. It repeats until a
// pass changes nothing, at most neighbourPasses times.
func refineByNeighbours(in *selectInput, rows []ModelFit, workers int) {
	at := map[[2]int]int{}
	for i, r := range rows {
		at[[2]int{int(r.Model), r.K}] = i
	}
	for pass := 0; pass < neighbourPasses; pass++ {
		improved := map[int]bool{}
		for i := range rows {
			m, k := rows[i].Model, rows[i].K
			base := selectBase(m, workers, in)
			var starts []Settings
			for _, nb := range neighbours(m) {
				if j, ok := at[[2]int{int(nb), k}]; ok {
					st := base
					st.Init, st.Start = InitMixture, rows[j].Mixture
					starts = append(starts, st)
				}
			}
			if j, ok := at[[2]int{int(m), k - 1}]; ok && improved[j] {
				starts = append(starts, splitStarts(base, rows[j].Mixture)...)
			}
			fits, errs := fitRows(in, m, k, starts, workers)
			for s, row := range fits {
				if errs[s] == nil && improves(row, &rows[i]) {
					in.setCriteria(row)
					rows[i], improved[i] = *row, true
				}
			}
		}
		if len(improved) == 0 {
			return
		}
	}
}

// selectGain is the least gain in log-likelihood for which refineByNeighbours
// replaces a row: smaller gains are the rounding of the same optimum.
const selectGain = 1e-6

// improves reports whether a is better than b (see better) by more than the
// rounding of one optimum: regular where b is degenerate, converged where b is
// not, or a log-likelihood higher by more than selectGain.
func improves(a, b *ModelFit) bool {
	if a.Degenerate != b.Degenerate || a.Converged != b.Converged {
		return better(a, b)
	}
	return a.LogLikelihood > b.LogLikelihood+selectGain
}

// better reports whether a is a better fit than b: regular before degenerate,
// then converged before not, then the higher log-likelihood.
func better(a, b *ModelFit) bool {
	if b == nil {
		return true
	}
	if a.Degenerate != b.Degenerate {
		return !a.Degenerate
	}
	if a.Converged != b.Converged {
		return a.Converged
	}
	return a.LogLikelihood > b.LogLikelihood
}

// classificationLogLik returns Σ_i w_i log γ_i,c(i), c(i) the most responsible
// component of row i (w nil: all ones).
func classificationLogLik(m *Mixture, x *mat.Dense, w []float64) float64 {
	lr, _ := m.LogResponsibilitiesTo(nil, x)
	n, k := lr.Dims()
	var sum float64
	for i := 0; i < n; i++ {
		best := math.Inf(-1)
		for c := 0; c < k; c++ {
			best = math.Max(best, lr.At(i, c))
		}
		if w != nil {
			best *= w[i]
		}
		sum += best
	}
	return sum
}

// splitComponent returns m with component c replaced by two of half its weight,
// the same covariance, and means moved by ±½ √λ_max along its major axis.
func splitComponent(m *Mixture, c int) (*Mixture, error) {
	return splitAlong(m, c, 0)
}

// splitAlong is splitComponent along eigenvector number axisIndex of the
// covariance (by decreasing eigenvalue λ), the means moved by ±½ √λ.
func splitAlong(m *Mixture, c, axisIndex int) (*Mixture, error) {
	k, d := m.K(), m.Dim()
	vals, vecs, err := eigenDesc(m.covariance(c))
	if err != nil {
		return nil, err
	}
	axis := mat.Col(nil, axisIndex, vecs)
	root := math.Sqrt(vals[axisIndex])
	weights := make([]float64, 0, k+1)
	means := make([][]float64, 0, k+1)
	covs := make([]mat.Symmetric, 0, k+1)
	for j := 0; j < k; j++ {
		if j != c {
			weights = append(weights, m.Weight(j))
			means = append(means, m.Mean(j))
			covs = append(covs, m.covariance(j))
			continue
		}
		for _, sign := range []float64{-0.5, 0.5} {
			mu := m.Mean(j)
			for i := 0; i < d; i++ {
				mu[i] += sign * root * axis[i]
			}
			weights = append(weights, m.Weight(j)/2)
			means = append(means, mu)
			covs = append(covs, m.covariance(j))
		}
	}
	return New(weights, means, covs)
}
