package variational

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestBoundIsMarginalLikelihoodForOneComponent: with K = 1 (Dirichlet
// distribution, so π = 1) and no Reg, q is the exact posterior and the bound with
// all its constants is ln p(X), computed independently by scipy's Student-t
// predictives (sklearnVBMarginal, testdata/sklearn_vb.py).
func TestBoundIsMarginalLikelihoodForOneComponent(t *testing.T) {
	data := map[string]*mat.Dense{"faithful": datasets.Faithful(), "iris": irisData(t)}
	for name, x := range data {
		r, err := Fit(x, nil, 1, &Settings{WeightPrior: DirichletDistribution, Reg: gmm.NoReg, MaxIter: 3, Tol: gmm.NoTol})
		if err != nil {
			t.Fatal(err)
		}
		want := sklearnVBMarginal[name]
		for it, l := range r.History {
			if d := math.Abs(l-want) / math.Abs(want); !(d < 1e-12) {
				t.Errorf("%s: bound after %d iterations %.15g, ln p(X) %.15g (relative %.2g)", name, it, l, want, d)
			}
		}
	}
}

// monotoneData returns the data sets of the monotonicity test.
func monotoneData(t *testing.T) map[string]*mat.Dense {
	blobs := mat.NewDense(600, 3, nil)
	rng := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 600; i++ {
		for j := 0; j < 3; j++ {
			blobs.Set(i, j, float64(i%3)*4*float64(j+1)+rng.NormFloat64())
		}
	}
	return map[string]*mat.Dense{"faithful": datasets.Faithful(), "iris": irisData(t), "blobs": blobs}
}

// TestBoundNeverDecreases runs every covariance type and weight prior, with and
// without Reg, from k-means and from random responsibilities, with more
// components than the data need, and checks that the bound never decreases:
// beyond rounding (1e-12 of its size) without Reg, where every update is the
// exact optimum; with Reg (1e-6 added to S_k, so that W_k is slightly off the
// optimum) a fall of 1e-8 of its size is allowed (the largest seen is 6e-12, on
// iris, full, Dirichlet distribution, random start).
func TestBoundNeverDecreases(t *testing.T) {
	for name, x := range monotoneData(t) {
		for _, ct := range gmm.CovarianceTypes() {
			for _, prior := range []WeightPrior{DirichletProcess, DirichletDistribution} {
				for _, init := range []gmm.Init{gmm.InitKMeans, gmm.InitRandomResponsibilities} {
					for _, reg := range []float64{0, gmm.NoReg} {
						r, err := Fit(x, nil, 6, &Settings{Covariance: ct, WeightPrior: prior, Init: init, Reg: reg,
							MaxIter: 200, Tol: gmm.NoTol, Src: rand.NewPCG(7, 8)})
						if err != nil {
							t.Fatalf("%s %v %v %v: %v", name, ct, prior, init, err)
						}
						slack := 1e-12
						if reg == 0 {
							slack = 1e-8
						}
						for it := 1; it < len(r.History); it++ {
							prev, l := r.History[it-1], r.History[it]
							if !(l >= prev-slack*math.Abs(prev)) {
								t.Errorf("%s %v %v %v reg %v: bound fell from %.15g to %.15g at iteration %d", name, ct, prior, init, reg, prev, l, it)
								break
							}
						}
					}
				}
			}
		}
	}
}

// TestSampleWeightsAreFrequencies: a weight of 2 is the row twice, for the
// default prior (data mean and covariance) and the fit.
func TestSampleWeightsAreFrequencies(t *testing.T) {
	x := datasets.Faithful()
	n, d := x.Dims()
	w := make([]float64, n)
	var rows []float64
	for i := 0; i < n; i++ {
		w[i] = float64(1 + i%2)
		for c := 0; c < int(w[i]); c++ {
			rows = append(rows, x.RawRowView(i)...)
		}
	}
	dup := mat.NewDense(len(rows)/d, d, rows)
	s := func() *Settings {
		return &Settings{Init: gmm.InitMixture, Start: faithfulStart(t), MaxIter: 20, Tol: gmm.NoTol}
	}
	a, err := Fit(x, w, 2, s())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Fit(dup, nil, 2, s())
	if err != nil {
		t.Fatal(err)
	}
	if d := math.Abs(a.LowerBound-b.LowerBound) / math.Abs(b.LowerBound); d > 1e-10 {
		t.Errorf("weighted bound %.12g, duplicated rows %.12g", a.LowerBound, b.LowerBound)
	}
	for c := 0; c < 2; c++ {
		for j := 0; j < d; j++ {
			if g, h := a.Mixture.Mean(c)[j], b.Mixture.Mean(c)[j]; math.Abs(g-h) > 1e-9*math.Abs(h) {
				t.Errorf("mean %d,%d: weighted %v, duplicated %v", c, j, g, h)
			}
		}
	}
}

// faithfulStart is a two-component start on Old Faithful (short and long eruptions).
func faithfulStart(t *testing.T) *gmm.Mixture {
	cov := mat.NewSymDense(2, []float64{0.1, 0, 0, 30})
	m, err := gmm.New([]float64{0.4, 0.6}, [][]float64{{2, 55}, {4.3, 80}}, []mat.Symmetric{cov, cov})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestRestartsKeepTheBestBound: the result of several restarts has the highest
// final bound of the runs the hook saw, and the Dirichlet process switches
// unneeded components off on Old Faithful.
func TestRestartsKeepTheBestBound(t *testing.T) {
	best := map[int]float64{}
	r, err := Fit(datasets.Faithful(), nil, 8, &Settings{Restarts: 4, Init: gmm.InitRandomResponsibilities, Src: rand.NewPCG(1, 2),
		Hook: func(it Iteration) bool { best[it.Restart] = it.LowerBound; return false }})
	if err != nil {
		t.Fatal(err)
	}
	if len(best) != 4 {
		t.Fatalf("hook saw %d restarts, want 4", len(best))
	}
	top := math.Inf(-1)
	distinct := map[float64]bool{}
	for _, l := range best {
		top = max(top, l)
		distinct[l] = true
	}
	if r.LowerBound != top {
		t.Errorf("bound %v, best of the restarts %v", r.LowerBound, top)
	}
	if len(distinct) < 2 {
		t.Errorf("restarts all ended at the same bound: starts not varied")
	}
	if r.Active < 2 || r.Active >= 8 {
		t.Errorf("%d active components of 8 on Old Faithful", r.Active)
	}
}

// TestBadSettings: out-of-range priors wrap ErrPrior; bad data gets gmm's errors.
func TestBadSettings(t *testing.T) {
	x := datasets.Faithful()
	for name, s := range map[string]*Settings{
		"concentration": {WeightConcentration: -1},
		"precision":     {MeanPrecision: math.Inf(1)},
		"dof":           {DegreesOfFreedom: 0.5},
		"mean":          {MeanPrior: []float64{1}},
		"covariance":    {CovariancePrior: mat.NewSymDense(2, []float64{1, 2, 2, 1})},
		"structure":     {Covariance: gmm.Diagonal, CovariancePrior: mat.NewSymDense(2, []float64{1, 0.5, 0.5, 1})},
		"weight prior":  {WeightPrior: 7},
	} {
		if _, err := Fit(x, nil, 2, s); !errors.Is(err, ErrPrior) {
			t.Errorf("%s: error %v, want ErrPrior", name, err)
		}
	}
	if _, err := Fit(x, nil, 0, nil); err == nil {
		t.Error("k = 0: no error")
	}
	if _, err := Fit(x, nil, 2, &Settings{StartResponsibilities: mat.NewDense(3, 2, nil)}); err == nil {
		t.Error("wrong-sized responsibilities: no error")
	}
	if _, err := ParseWeightPrior("uniform"); !errors.Is(err, ErrPrior) {
		t.Errorf("ParseWeightPrior: %v", err)
	}
}

// TestHookStopsAndWorkersDoNotMatter: the hook sees iteration 0 and stops the fit
// where it says; the result is bit-for-bit the same for 1 and 2 workers.
func TestHookStopsAndWorkersDoNotMatter(t *testing.T) {
	x := irisData(t)
	var seen []int
	r, err := Fit(x, nil, 4, &Settings{Restarts: 3, Hook: func(it Iteration) bool {
		seen = append(seen, it.Iter)
		return it.Iter == 2
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 3 || seen[0] != 0 || r.Iterations != 2 || len(r.History) != 3 {
		t.Errorf("hook saw iterations %v; result has %d iterations, history %v", seen, r.Iterations, r.History)
	}
	var bounds []float64
	for _, w := range []int{1, 2} {
		r, err := Fit(x, nil, 4, &Settings{Covariance: gmm.Tied, Workers: w, Init: gmm.InitKMeansPlusPlus, Restarts: 2})
		if err != nil {
			t.Fatal(err)
		}
		bounds = append(bounds, r.LowerBound)
	}
	if bounds[0] != bounds[1] {
		t.Errorf("bound %v with 1 worker, %v with 2", bounds[0], bounds[1])
	}
}
