package gmm

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// This file exports Fit's E-step and initialisations for other fitting methods
// that need the same sums over the data (the variational fit in gmm/variational).

// Statistics are the responsibility-weighted sums of one pass over the data:
// for each component k, with γ_ik the responsibilities and w_i the row weights,
//
//	N_k = Σ_i w_i γ_ik,  x̄_k = Σ_i w_i γ_ik x_i / N_k,
//	S_k = Σ_i w_i γ_ik (x_i − x̄_k)(x_i − x̄_k)ᵀ.
type Statistics struct {
	// N holds N_k.
	N []float64
	// Means holds x̄_k; for N_k = 0 it holds the centre the sums were taken about
	// (the component's mean for an E-step, the data's mean for responsibilities).
	Means [][]float64
	// Scatters holds S_k (not divided by N_k). Only their diagonals are filled
	// unless the statistics were asked for full matrices.
	Scatters []*mat.SymDense
	// LogLikelihood is Σ_i w_i log p(x_i) under the mixture of an E-step (0 for
	// ResponsibilityStatistics).
	LogLikelihood float64
}

// EStep runs E-steps of Fit over one data set, reusing its buffers and the
// parallel kernels of Fit from step to step. It is not safe for concurrent use.
type EStep struct {
	sw    *sweeper
	stats *suffStats
}

// NewEStep prepares E-steps over the rows of x, each weighted by weights[i] (nil:
// all ones), for k components. With full, the statistics hold full scatter
// matrices; otherwise only their diagonals. It checks x, weights and k as Fit
// does and returns the same errors. workers is the number of goroutines of each
// step (0: GOMAXPROCS); the statistics do not depend on it.
func NewEStep(x mat.Matrix, weights []float64, k int, full bool, workers int) (*EStep, error) {
	if workers < 0 {
		return nil, fmt.Errorf("gmm: negative workers (%d)", workers)
	}
	dense, _, _, err := checkFitInput(x, weights, k)
	if err != nil {
		return nil, err
	}
	return &EStep{sw: newSweeper(dense, weights, k, full, workers), stats: newSuffStats(k, dense.RawMatrix().Cols, full)}, nil
}

// Run returns the statistics of the data under the responsibilities of m. It
// panics if m does not have the k components and the dimension of the data.
func (e *EStep) Run(m *Mixture) *Statistics {
	if m.K() != e.sw.k || m.Dim() != e.sw.d {
		panic(fmt.Sprintf("gmm: EStep.Run: mixture has %d components in dimension %d, want %d in %d", m.K(), m.Dim(), e.sw.k, e.sw.d))
	}
	e.sw.run(m, nil, e.stats)
	return statisticsOf(e.stats, m.means, e.sw.full)
}

// statisticsOf converts sums centred at shifts into Statistics.
func statisticsOf(st *suffStats, shifts [][]float64, full bool) *Statistics {
	ct := Diagonal
	if full {
		ct = Full
	}
	s := newStatsAbout(ct, shifts)
	var n int // the rows and their weight matter only to an M-step
	s.addCentred(st, n, 0)
	return s.statistics()
}

// ResponsibilityStatistics returns the statistics of the rows of x, weighted by
// weights (nil: all ones), under the n×K responsibilities resp, the sums taken
// about the data's mean. With full the scatters are full matrices, otherwise
// only their diagonals. It panics if resp does not have a row per row of x or
// weights has the wrong length.
func ResponsibilityStatistics(x mat.Matrix, weights []float64, resp mat.Matrix, full bool) *Statistics {
	dense := asDense(x)
	n, d := dense.Dims()
	rn, k := resp.Dims()
	if rn != n || (weights != nil && len(weights) != n) {
		panic(fmt.Sprintf("gmm: ResponsibilityStatistics: %d rows, %d rows of responsibilities and %d weights", n, rn, len(weights)))
	}
	mean := weightedMean(dense, weights)
	st := newSuffStats(k, d, full)
	diff := make([]float64, d)
	for i := 0; i < n; i++ {
		w := rowWeight(weights, i)
		if w == 0 {
			continue
		}
		for j, v := range dense.RawRowView(i) {
			diff[j] = v - mean[j]
		}
		for c := 0; c < k; c++ {
			if g := resp.At(i, c); g != 0 {
				st.accumulate(c, w*g, diff)
			}
		}
	}
	shifts := make([][]float64, k)
	for c := range shifts {
		shifts[c] = mean
	}
	out := statisticsOf(st, shifts, full)
	out.LogLikelihood = 0
	return out
}

// StartResponsibilities returns the n×K responsibilities from which Fit's
// initialisation s.Init starts a restart: one-hot rows of the k-means (or
// k-means++) clusters, random rows for InitRandomResponsibilities, and the
// responsibilities under the starting mixture for InitRandomPoints and
// InitMixture. It checks its input as Fit does. Each call draws from s.Src
// afresh, so that calls with one source give the starts of successive restarts
// (with a nil Src every call gives the first).
func StartResponsibilities(x mat.Matrix, weights []float64, k int, s *Settings) (*mat.Dense, error) {
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
	n := e.n
	resp := mat.NewDense(n, k, nil)
	switch cfg.Init {
	case InitRandomResponsibilities:
		for i := 0; i < n; i++ {
			e.randomResponsibilities(resp.RawRowView(i))
		}
		return resp, nil
	case InitMixture, InitRandomPoints, InitHC, InitSplit, InitNeighbour, InitAuto:
		m, err := e.initialise(e.initOf(0))
		if err != nil {
			return nil, err
		}
		return m.ResponsibilitiesTo(resp, dense), nil
	}
	labels, err := e.seedLabels(cfg.Init)
	if err != nil {
		return nil, err
	}
	for i, l := range labels {
		resp.Set(i, l, 1)
	}
	return resp, nil
}

// randomResponsibilities draws uniform numbers into g and normalises them to sum
// to 1 (InitRandomResponsibilities).
func (e *em) randomResponsibilities(g []float64) {
	var sum float64
	for c := range g {
		g[c] = e.rng.Float64()
		sum += g[c]
	}
	for c := range g {
		g[c] /= sum
	}
}
