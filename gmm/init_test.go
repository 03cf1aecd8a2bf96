package gmm

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm/datasets"
)

// fitStart returns the starting mixture of Fit with s (the hook stops at once).
func fitStart(t *testing.T, x *mat.Dense, k int, s Settings) *Mixture {
	t.Helper()
	var start *Mixture
	s.Hook = func(it Iteration) bool { start = it.Mixture; return true }
	if _, err := Fit(x, nil, k, &s); err != nil {
		t.Fatal(err)
	}
	return start
}

// checkMStep checks that m is the maximum-likelihood mixture for the
// responsibilities resp (n×K): π_k = N_k/N, μ_k the γ-weighted mean and Σ_k the
// γ-weighted covariance divided by N_k, computed with gonum's stat.Mean and
// stat.CovarianceMatrix (which divides by N_k − 1).
func checkMStep(t *testing.T, m *Mixture, x *mat.Dense, resp *mat.Dense) {
	t.Helper()
	n, d := x.Dims()
	for k := 0; k < m.K(); k++ {
		g := mat.Col(nil, k, resp)
		nk := floats.Sum(g)
		mean := make([]float64, d)
		for j := range mean {
			mean[j] = stat.Mean(mat.Col(nil, j, x), g)
		}
		var cov mat.SymDense
		stat.CovarianceMatrix(&cov, x, g)
		cov.ScaleSym((nk-1)/nk, &cov)
		if !scalar.EqualWithinRel(m.Weight(k), nk/float64(n), 1e-13) || !floats.EqualApprox(m.Mean(k), mean, 1e-12) ||
			!mat.EqualApprox(m.CovarianceMatrixTo(nil, k), &cov, 1e-10) {
			t.Errorf("component %d: start π %v μ %v Σ %v; M-step π %v μ %v Σ %v", k, m.Weight(k), m.Mean(k),
				mat.Formatted(m.CovarianceMatrixTo(nil, k)), nk/float64(n), mean, mat.Formatted(&cov))
		}
	}
}

// TestInitKMeansPlusPlus: the start is one M-step from the hard clusters of the
// nearest k-means++ seed (drawn from the same source), without Lloyd iterations.
func TestInitKMeansPlusPlus(t *testing.T) {
	x := datasets.Faithful()
	const k = 3
	seeds := kmeansPlusPlus(x, nil, k, rand.New(rand.NewPCG(3, 3)))
	resp := mat.NewDense(272, k, nil)
	for i := 0; i < 272; i++ {
		best, bestDist := 0, sqDist(x.RawRowView(i), seeds[:2])
		for c := 1; c < k; c++ {
			if dist := sqDist(x.RawRowView(i), seeds[2*c:2*c+2]); dist < bestDist {
				best, bestDist = c, dist
			}
		}
		resp.Set(i, best, 1)
	}
	start := fitStart(t, x, k, Settings{Init: InitKMeansPlusPlus, Reg: NoReg, Src: rand.NewPCG(3, 3)})
	checkMStep(t, start, x, resp)
}

// TestInitRandomResponsibilities: the start is one M-step from responsibilities
// drawn uniformly and normalised per row, K draws per row in row order, as
// scikit-learn's init_params="random" does.
func TestInitRandomResponsibilities(t *testing.T) {
	x := datasets.Faithful()
	const k = 3
	rnd := rand.New(rand.NewPCG(4, 4))
	resp := mat.NewDense(272, k, nil)
	for i := 0; i < 272; i++ {
		row := resp.RawRowView(i)
		for c := range row {
			row[c] = rnd.Float64()
		}
		floats.Scale(1/floats.Sum(row), row)
	}
	start := fitStart(t, x, k, Settings{Init: InitRandomResponsibilities, Reg: NoReg, Src: rand.NewPCG(4, 4)})
	checkMStep(t, start, x, resp)
}

// TestInitHCSample: on more than HCMaxRows rows HC agglomerates a sample of
// HCMaxRows of them, and the start is one M-step from the sample's clusters:
// every starting weight is N_k / HCMaxRows with N_k a whole number of rows. The
// fit from it reaches the k-means start's optimum on three separated clusters.
func TestInitHCSample(t *testing.T) {
	const n = 3 * HCMaxRows
	x, _ := sweepTestMixture(t, Full, 0).Sample(n, rand.NewPCG(7, 8))
	start := fitStart(t, x, 3, Settings{Init: InitHC})
	for k := 0; k < start.K(); k++ {
		rows := start.Weight(k) * HCMaxRows
		if !scalar.EqualWithinAbs(rows, math.Round(rows), 1e-9) {
			t.Errorf("component %d: weight %v is not a whole number of %d sampled rows", k, start.Weight(k), HCMaxRows)
		}
	}
	hc, err := Fit(x, nil, 3, &Settings{Init: InitHC, Tol: 1e-10, MaxIter: 1000})
	if err != nil {
		t.Fatal(err)
	}
	km, err := Fit(x, nil, 3, &Settings{Init: InitKMeans, Tol: 1e-10, MaxIter: 1000})
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinRel(hc.LogLikelihood, km.LogLikelihood, 1e-8) {
		t.Errorf("from HC's sample: log-likelihood %.8f, from k-means %.8f", hc.LogLikelihood, km.LogLikelihood)
	}
}
