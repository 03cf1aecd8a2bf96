package gmm

import (
	"errors"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// initialise returns the starting mixture of the next restart, by init.
func (e *em) initialise(init Init) (*Mixture, error) {
	switch init {
	case InitMixture:
		return e.cfg.Start, nil
	case InitSplit:
		if e.k > 1 {
			return e.splitStart()
		}
		fallthrough
	case InitHC:
		labels, err := e.hcLabels()
		if err != nil {
			return nil, err
		}
		return e.startFrom(func(i int, g []float64) {
			clear(g)
			if labels[i] >= 0 {
				g[labels[i]] = 1
			}
		})
	case InitRandomPoints:
		return e.randomPointsStart()
	case InitRandomResponsibilities:
		return e.startFrom(func(_ int, g []float64) { e.randomResponsibilities(g) })
	case InitNeighbour:
		return e.neighbourStart()
	}
	labels, err := e.seedLabels(init)
	if err != nil {
		return nil, err
	}
	return e.startFrom(func(i int, g []float64) {
		clear(g)
		g[labels[i]] = 1
	})
}

// seedLabels returns hard clusters for InitKMeans or InitKMeansPlusPlus, none empty.
func (e *em) seedLabels(init Init) ([]int, error) {
	if init == InitKMeans {
		km, err := KMeans(e.x, e.w, e.k, &KMeansSettings{Src: e.rng, Workers: e.cfg.Workers})
		if err != nil {
			return nil, err
		}
		fillEmptyClusters(e.x, e.w, km.Labels, rawCenters(km.Centers), e.k)
		return km.Labels, nil
	}
	centers := kmeansPlusPlus(e.x, e.w, e.k, e.rng)
	labels := make([]int, e.n)
	ks := newKMeansSweeper(e.x, e.w, e.k, e.cfg.Workers)
	ks.run(centers, labels, newKMeansStats(e.k, e.d))
	fillEmptyClusters(e.x, e.w, labels, centers, e.k)
	return labels, nil
}

// startFrom returns the mixture of one M-step from the responsibilities that
// resp stores for row i in g.
func (e *em) startFrom(resp func(i int, g []float64)) (*Mixture, error) {
	mean := weightedMean(e.x, e.w)
	shifts := make([][]float64, e.k)
	for c := range shifts {
		shifts[c] = mean
	}
	st := newSuffStats(e.k, e.d, e.sw.full)
	g := make([]float64, e.k)
	diff := make([]float64, e.d)
	for i := 0; i < e.n; i++ {
		resp(i, g)
		w := rowWeight(e.w, i)
		if w == 0 {
			continue
		}
		for j, v := range e.x.RawRowView(i) {
			diff[j] = v - mean[j]
		}
		for c, v := range g {
			if v != 0 {
				st.accumulate(c, w*v, diff)
			}
		}
	}
	for c, nk := range st.nk {
		if !(nk > 0) {
			return nil, &ComponentError{Iteration: 0, Restart: e.restart, Component: c, Err: ErrEmptyComponent}
		}
	}
	stats := newStatsAbout(e.cfg.Covariance, shifts)
	stats.model = e.ms
	stats.addCentred(st, e.n, e.wsum)
	m, err := stats.next(e.cfg.reg, fixed{})
	if err != nil {
		return nil, e.locate(0, err)
	}
	return m, nil
}

func (e *em) newStart(weights []float64, means [][]float64, covs []mat.Symmetric) (*Mixture, error) {
	m, err := NewTyped(e.cfg.Covariance, weights, means, covs)
	if err != nil {
		return nil, e.locate(0, err)
	}
	return m, nil
}

// randomPointsStart is InitRandomPoints: K distinct random rows (of positive
// weight) as means, diag(variance) + Reg as every covariance, uniform weights.
func (e *em) randomPointsStart() (*Mixture, error) {
	means := make([][]float64, e.k)
	for c, row := range randomRows(e.w, e.n, e.k, e.rng) {
		means[c] = append([]float64(nil), e.x.RawRowView(row)...)
	}
	variance := weightedVariance(e.x, e.w)
	cov := mat.NewDiagDense(e.d, nil)
	var mean float64
	for _, v := range variance {
		mean += v / float64(e.d)
	}
	for j, v := range variance {
		if e.cfg.Covariance == Spherical {
			v = mean
		}
		cov.SetDiag(j, v+e.cfg.reg)
	}
	weights := make([]float64, e.k)
	covs := make([]mat.Symmetric, e.k)
	for c := range weights {
		weights[c], covs[c] = 1/float64(e.k), cov
	}
	return e.newStart(weights, means, covs)
}

// positiveRows lists the rows of positive weight.
func positiveRows(w []float64, n int) []int {
	rows := make([]int, 0, n)
	for i := 0; i < n; i++ {
		if w == nil || w[i] > 0 {
			rows = append(rows, i)
		}
	}
	return rows
}

// randomRows returns k distinct rows of positive weight drawn at random, by a
// partial Fisher–Yates shuffle (k ≤ the number of such rows).
func randomRows(w []float64, n, k int, rng *rand.Rand) []int {
	rows := positiveRows(w, n)
	for c := 0; c < k; c++ {
		j := c + rng.IntN(len(rows)-c)
		rows[c], rows[j] = rows[j], rows[c]
	}
	return rows[:k]
}

// weightedMean returns Σ w_i x_i / Σ w_i (w nil: all ones).
func weightedMean(x *mat.Dense, w []float64) []float64 {
	return columnMoments(x, w, nil)
}

// weightedVariance returns each column's variance Σ w_i (x_ij − m_j)² / Σ w_i (the
// population variance, numpy's np.var).
func weightedVariance(x *mat.Dense, w []float64) []float64 {
	return columnMoments(x, w, weightedMean(x, w))
}

// columnMoments returns for every column j the weighted mean Σ w_i x_ij / Σ w_i
// when mean is nil, and the weighted mean Σ w_i (x_ij − mean_j)² / Σ w_i otherwise.
func columnMoments(x *mat.Dense, w []float64, mean []float64) []float64 {
	n, d := x.Dims()
	out := make([]float64, d)
	var wsum float64
	for i := 0; i < n; i++ {
		wi := rowWeight(w, i)
		wsum += wi
		for j, v := range x.RawRowView(i) {
			if mean == nil {
				out[j] += wi * v
			} else {
				t := v - mean[j]
				out[j] += wi * t * t
			}
		}
	}
	for j := range out {
		out[j] /= wsum
	}
	return out
}

// NewEqualSpherical returns the mixture with equal weights 1/K, means at the rows
// of the K×D matrix centers and every covariance σ²I (σ² = variance), with
// covariance type Spherical. With Settings{Covariance: Spherical, Init:
// InitMixture, Start: m, FixWeights: true, FixCovariances: true}, EM from it is the
// soft k-means whose limit σ² → 0 is Lloyd's algorithm from the same centers. It
// returns an error unless variance is positive and finite and the centers finite.
func NewEqualSpherical(centers mat.Matrix, variance float64) (*Mixture, error) {
	if !(variance > 0) || variance > 1e308 {
		return nil, errorf(ErrBadArgument, "variance %v: want a positive finite number", variance)
	}
	k, d := centers.Dims()
	weights := make([]float64, k)
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	cov := mat.NewDiagDense(d, nil)
	for j := 0; j < d; j++ {
		cov.SetDiag(j, variance)
	}
	for c := 0; c < k; c++ {
		weights[c] = 1 / float64(k)
		means[c] = mat.Row(nil, c, centers)
		covs[c] = cov
	}
	return NewTyped(Spherical, weights, means, covs)
}

// splitStart returns the next split of the ladder fit with K−1 components
// (see ladderFit), fitted on first use.
func (e *em) splitStart() (*Mixture, error) {
	if e.smaller == nil {
		m, err := e.ladderFit(e.k - 1)
		if err != nil {
			return nil, wrapf(err, "split start: fit with %d components", e.k-1)
		}
		e.smaller = m
	}
	c := e.splits % (e.k - 1)
	e.splits++
	return splitComponent(e.smaller, c)
}

// subSettings returns the settings of a fit that InitAuto makes on the way to a
// start: this Fit's model, regularisation and stopping rule, one restart, no
// hook and no labels.
func (e *em) subSettings() Settings {
	s := e.cfg.Settings
	s.Restarts, s.Start, s.Hook, s.NoLabels = 1, nil, nil, true
	s.Covariance, s.Model = Full, e.cfg.model
	s.hierarchy, s.hcRows = nil, nil
	return s
}

// ladderFit returns the best fit with k components (a regular one before a
// degenerate one) among EM, run to this Fit's convergence, from HC's partition
// and, for k > 1, from ladderFit(k−1) with each of its components in turn split
// in two (as InitSplit). It costs k(k+1)/2 EM runs.
func (e *em) ladderFit(k int) (*Mixture, error) {
	h, err := e.hierarchy()
	if err != nil {
		return nil, err
	}
	s := e.subSettings()
	s.Init, s.hierarchy, s.hcRows = InitHC, h, e.cfg.hcRows
	best, err := Fit(e.x, e.w, k, &s)
	errs := []error{err}
	if k > 1 {
		parent, err := e.ladderFit(k - 1)
		if err != nil {
			return nil, err
		}
		for c := 0; c < k-1; c++ {
			split, err := splitComponent(parent, c)
			if err != nil {
				errs = append(errs, err)
				continue
			}
			s := e.subSettings()
			s.Init, s.Start = InitMixture, split
			res, err := Fit(e.x, e.w, k, &s)
			errs = append(errs, err)
			if err == nil && betterResult(res, best) {
				best = res
			}
		}
	}
	if best == nil {
		return nil, errors.Join(errs...)
	}
	return best.Mixture, nil
}

// betterResult reports whether a is a better fit than b (nil: none): regular
// before degenerate, then the higher log-likelihood.
func betterResult(a, b *Result) bool {
	if b == nil {
		return true
	}
	if a.Degenerate != b.Degenerate {
		return !a.Degenerate
	}
	return a.LogLikelihood > b.LogLikelihood
}

// neighbours returns the models that differ from m in exactly one of the
// volume, shape and orientation letters (for EEV: EEI, EEE, VEV and EVV).
func neighbours(m Model) []Model {
	var out []Model
	name := m.String()
	for _, o := range Models() {
		other, diff := o.String(), 0
		for i := range 3 {
			if name[i] != other[i] {
				diff++
			}
		}
		if diff == 1 {
			out = append(out, o)
		}
	}
	return out
}

// neighbourStart is InitNeighbour: one M-step of this Fit's model from the
// responsibilities of a fit, to this Fit's convergence, of a neighbouring model
// (see neighbours). Successive calls take the neighbours in turn, fitted
// alternately from k-means++ seeds and from random responsibilities, the
// alternation shifted by one in each round so that every neighbour gets both.
func (e *em) neighbourStart() (*Mixture, error) {
	ns := neighbours(e.cfg.model)
	i := e.neighbourStarts
	e.neighbourStarts++
	s := e.subSettings()
	s.Model = ns[i%len(ns)]
	s.Init = InitKMeansPlusPlus
	if (i+i/len(ns))%2 == 1 {
		s.Init = InitRandomResponsibilities
	}
	s.Src = rand.NewPCG(e.rng.Uint64(), e.rng.Uint64())
	res, err := Fit(e.x, e.w, e.k, &s)
	if err != nil {
		return nil, wrapf(err, "neighbour start: fit of %v", s.Model)
	}
	resp := res.Mixture.ResponsibilitiesTo(nil, e.x)
	return e.startFrom(func(i int, g []float64) { copy(g, resp.RawRowView(i)) })
}

// HCMaxRows is the largest number of rows that InitHC (and so InitAuto)
// agglomerates, as mclust's subset option (2000 there): on more rows HC runs on
// a uniform random sample of HCMaxRows of them, drawn once per Fit from
// Settings.Src, and the start is one M-step from the sample's clusters. This
// bounds HC's O(N²) memory and its time, about 2 s on 500 rows of two columns.
const HCMaxRows = 500

// hcLabels returns the cluster of every row in the K-cluster partition of HC,
// or −1 for a row outside HC's sample.
func (e *em) hcLabels() ([]int, error) {
	h, err := e.hierarchy()
	if err != nil {
		return nil, err
	}
	part := h.Partition(e.k)
	if e.cfg.hcRows == nil {
		return part, nil
	}
	labels := make([]int, e.n)
	for i := range labels {
		labels[i] = -1
	}
	for j, i := range e.cfg.hcRows {
		labels[i] = part[j]
	}
	return labels, nil
}

// hierarchy returns HC of the data, or of a sample of HCMaxRows of its rows
// (then listed in cfg.hcRows), computed once.
func (e *em) hierarchy() (*Hierarchy, error) {
	if e.cfg.hierarchy != nil {
		return e.cfg.hierarchy, nil
	}
	x := mat.Matrix(e.x)
	if e.n > HCMaxRows {
		rows := e.rng.Perm(e.n)[:HCMaxRows]
		slices.Sort(rows)
		sample := mat.NewDense(len(rows), e.d, nil)
		for j, i := range rows {
			sample.SetRow(j, e.x.RawRowView(i))
		}
		x, e.cfg.hcRows = sample, rows
	}
	h, err := HC(x)
	if err != nil {
		e.cfg.hcRows = nil
		return nil, err
	}
	e.cfg.hierarchy = h
	return h, nil
}
