package gmm_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestFitMonotone checks EM's defining property: the log-likelihood never
// decreases from one iteration to the next. Plain maximum likelihood (NoReg), every
// covariance type and initialisation, unit and unequal sample weights.
func TestFitMonotone(t *testing.T) {
	x := datasets.Faithful()
	weights := make([]float64, 272)
	for i := range weights {
		weights[i] = 0.5 + float64(i%4)
	}
	for _, ct := range gmm.CovarianceTypes() {
		for _, init := range []gmm.Init{gmm.InitKMeans, gmm.InitKMeansPlusPlus, gmm.InitRandomResponsibilities, gmm.InitRandomPoints} {
			for _, w := range [][]float64{nil, weights} {
				var hooked []float64
				r, err := gmm.Fit(x, w, 3, &gmm.Settings{Covariance: ct, Init: init, Reg: gmm.NoReg, Tol: 1e-9, MaxIter: 300,
					Hook: func(it gmm.Iteration) bool { hooked = append(hooked, it.LogLikelihood); return false }})
				name := ct.String() + " " + init.String()
				if w != nil {
					name += " weighted"
				}
				if err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				checkMonotone(t, name, r.History)
				if !floats.Equal(hooked, r.History) {
					t.Errorf("%s: the hook saw %d log-likelihoods, not the history's %d", name, len(hooked), len(r.History))
				}
			}
		}
	}
}

// TestFitMonotoneFixed checks that EM with parameters held fixed (an ECM
// algorithm: the M-step maximises over the free parameters only) still never
// decreases the log-likelihood, and keeps the fixed parameters exactly.
func TestFitMonotoneFixed(t *testing.T) {
	x := datasets.Faithful()
	for _, ct := range gmm.CovarianceTypes() {
		start := faithfulStart(t, ct)
		for _, fix := range []struct{ w, m, c bool }{{true, false, false}, {false, true, false}, {false, false, true}, {true, true, false}, {false, true, true}} {
			r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: start, Reg: gmm.NoReg,
				Tol: 1e-10, MaxIter: 200, FixWeights: fix.w, FixMeans: fix.m, FixCovariances: fix.c})
			if err != nil {
				t.Fatalf("%v %+v: %v", ct, fix, err)
			}
			name := ct.String() + " fixed"
			checkMonotone(t, name, r.History)
			if r.History[len(r.History)-1] <= r.History[0] {
				t.Errorf("%s %+v: no progress from %v", name, fix, r.History[0])
			}
			m := r.Mixture
			for k := 0; k < 2; k++ {
				if fix.w && m.Weight(k) != start.Weight(k) {
					t.Errorf("%s: weight %d moved from %v to %v", name, k, start.Weight(k), m.Weight(k))
				}
				if fix.m && !floats.Equal(m.Mean(k), start.Mean(k)) {
					t.Errorf("%s: mean %d moved from %v to %v", name, k, start.Mean(k), m.Mean(k))
				}
				if fix.c && !mat.Equal(m.CovarianceMatrixTo(nil, k), start.CovarianceMatrixTo(nil, k)) {
					t.Errorf("%s: covariance %d moved", name, k)
				}
			}
		}
	}
}

// TestFitMonotoneRegularised checks that with the default Reg = 1e-6 the
// log-likelihood falls, if at all, by no more than the regularisation can explain.
func TestFitMonotoneRegularised(t *testing.T) {
	x := datasets.Faithful()
	for _, ct := range gmm.CovarianceTypes() {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Tol: 1e-12, MaxIter: 500, Init: gmm.InitRandomPoints})
		if err != nil {
			t.Fatal(err)
		}
		for i := 1; i < len(r.History); i++ {
			// Adding 1e-6 to variances of order 1 changes each point's log-density
			// by about 1e-6: 272 points, 3e-4 at most.
			if r.History[i] < r.History[i-1]-3e-4 {
				t.Errorf("%v: log-likelihood fell at iteration %d: %.15g → %.15g", ct, i, r.History[i-1], r.History[i])
			}
		}
	}
}

// faithfulStart is a fixed 2-component start on Old Faithful of type ct.
func faithfulStart(t *testing.T, ct gmm.CovarianceType) *gmm.Mixture {
	t.Helper()
	full := mat.NewSymDense(2, []float64{0.3, 1, 1, 40})
	diag := mat.NewSymDense(2, []float64{0.3, 0, 0, 40})
	sph := mat.NewSymDense(2, []float64{5, 0, 0, 5})
	covs := map[gmm.CovarianceType][]mat.Symmetric{
		gmm.Full: {full, diag}, gmm.Diagonal: {diag, diag}, gmm.Spherical: {sph, sph}, gmm.Tied: {full, full},
	}[ct]
	m, err := gmm.NewTyped(ct, []float64{0.4, 0.6}, [][]float64{{2.5, 60}, {4, 75}}, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func checkMonotone(t *testing.T, name string, history []float64) {
	t.Helper()
	for i := 1; i < len(history); i++ {
		// Rounding: the sum of 272 log-densities of size ≈ 4 is good to ≈ 1e-12.
		if history[i] < history[i-1]-1e-10*(1+math.Abs(history[i-1])) {
			t.Errorf("%s: log-likelihood fell at iteration %d: %.15g → %.15g", name, i, history[i-1], history[i])
		}
	}
}

// TestFitResult checks the result's fields against independent computations from
// its mixture: the log-likelihood from Mixture.LogProbsTo, the labels from
// Mixture.LabelsTo, and BIC, AIC and the parameter count from their definitions.
func TestFitResult(t *testing.T) {
	x := datasets.Faithful()
	for _, ct := range gmm.CovarianceTypes() {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct})
		if err != nil {
			t.Fatal(err)
		}
		ll := floats.Sum(r.Mixture.LogProbsTo(nil, x))
		if !scalar.EqualWithinRel(r.LogLikelihood, ll, 1e-12) || r.History[len(r.History)-1] != r.LogLikelihood {
			t.Errorf("%v: log-likelihood %v, history ends %v, LogProbsTo sum %v", ct, r.LogLikelihood, r.History[len(r.History)-1], ll)
		}
		if r.MeanLogLikelihood != r.LogLikelihood/272 || r.N != 272 || r.Covariance != ct || r.Mixture.CovarianceType() != ct {
			t.Errorf("%v: mean %v, N %d, covariance %v", ct, r.MeanLogLikelihood, r.N, r.Covariance)
		}
		// Free parameters: 2 weights, 6 means, and 9, 6, 3, 3 covariance parameters.
		p := map[gmm.CovarianceType]int{gmm.Full: 17, gmm.Diagonal: 14, gmm.Spherical: 11, gmm.Tied: 11}[ct]
		if r.NumParams != p {
			t.Errorf("%v: %d parameters, want %d", ct, r.NumParams, p)
		}
		if bic := -2*ll + float64(p)*math.Log(272); !scalar.EqualWithinRel(r.BIC, bic, 1e-12) {
			t.Errorf("%v: BIC %v, want %v", ct, r.BIC, bic)
		}
		if aic := -2*ll + 2*float64(p); !scalar.EqualWithinRel(r.AIC, aic, 1e-12) {
			t.Errorf("%v: AIC %v, want %v", ct, r.AIC, aic)
		}
		labels := r.Mixture.LabelsTo(nil, x)
		for i := range labels {
			if labels[i] != r.Labels[i] {
				t.Fatalf("%v: label of row %d is %d, Mixture.LabelsTo says %d", ct, i, r.Labels[i], labels[i])
			}
		}
		if len(r.History) != r.Iterations+1 || !r.Converged {
			t.Errorf("%v: %d iterations, %d log-likelihoods, converged %v", ct, r.Iterations, len(r.History), r.Converged)
		}
	}
}

// TestFitNumParamsFixed checks the parameter count with fixed parameters.
func TestFitNumParamsFixed(t *testing.T) {
	x := datasets.Faithful()
	start := faithfulStart(t, gmm.Full)
	// Full, K = 2, D = 2: 1 weight + 4 means + 6 covariance parameters.
	for _, c := range []struct {
		w, m, c bool
		want    int
	}{{false, false, false, 11}, {true, false, false, 10}, {false, true, false, 7}, {false, false, true, 5}, {true, true, true, 0}} {
		r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Init: gmm.InitMixture, Start: start, FixWeights: c.w, FixMeans: c.m, FixCovariances: c.c})
		if err != nil {
			t.Fatal(err)
		}
		if r.NumParams != c.want {
			t.Errorf("fixed %v %v %v: %d parameters, want %d", c.w, c.m, c.c, r.NumParams, c.want)
		}
	}
}

// TestFitStopRules checks where each rule stops.
func TestFitStopRules(t *testing.T) {
	x := datasets.Faithful()
	for _, c := range []struct {
		rule  gmm.StopRule
		tol   float64
		scale float64
	}{{gmm.TotalChange, 1e-3, 1}, {gmm.MeanChange, 1e-6, 272}, {gmm.MeanChange, 0, 272}} {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Stop: c.rule, Tol: c.tol, MaxIter: 1000, Init: gmm.InitRandomPoints})
		if err != nil {
			t.Fatal(err)
		}
		tol := c.tol
		if tol == 0 {
			tol = gmm.DefaultTol
		}
		h := r.History
		n := len(h) - 1
		if !r.Converged || math.Abs(h[n]-h[n-1])/c.scale >= tol {
			t.Errorf("%v %g: converged %v with change %g", c.rule, c.tol, r.Converged, h[n]-h[n-1])
		}
		if n >= 2 && math.Abs(h[n-1]-h[n-2])/c.scale < tol {
			t.Errorf("%v %g: did not stop at iteration %d, change %g", c.rule, c.tol, n-1, h[n-1]-h[n-2])
		}
	}
	r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitKMeans, Tol: gmm.NoTol, MaxIter: 7})
	if err != nil {
		t.Fatal(err)
	}
	if r.Iterations != 7 || r.Converged || len(r.History) != 8 {
		t.Errorf("NoTol, MaxIter 7: %d iterations, converged %v", r.Iterations, r.Converged)
	}
}

// TestFitHook checks what the hook sees and that it can stop the fit.
func TestFitHook(t *testing.T) {
	x := datasets.Faithful()
	start := faithfulStart(t, gmm.Full)
	var seen []gmm.Iteration
	r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Init: gmm.InitMixture, Start: start, Tol: gmm.NoTol,
		Hook: func(it gmm.Iteration) bool { seen = append(seen, it); return it.Iter == 3 }})
	if err != nil {
		t.Fatal(err)
	}
	if len(seen) != 4 || seen[0].Mixture != start || seen[0].Iter != 0 || r.Iterations != 3 || r.Converged || r.Mixture != seen[3].Mixture {
		t.Fatalf("stopped at 3: saw %d iterations (first is start: %v), result has %d, converged %v", len(seen), seen[0].Mixture == start, r.Iterations, r.Converged)
	}
	for i, it := range seen {
		if ll := floats.Sum(it.Mixture.LogProbsTo(nil, x)); !scalar.EqualWithinRel(ll, it.LogLikelihood, 1e-12) || it.Iter != i {
			t.Errorf("iteration %d (%d): log-likelihood %v, LogProbsTo sum %v", i, it.Iter, it.LogLikelihood, ll)
		}
	}

	// With restarts, the hook sees each restart from Iter 0; stopping ends them all.
	var restarts []int
	_, err = gmm.Fit(x, nil, 2, &gmm.Settings{Restarts: 5, Init: gmm.InitRandomPoints, Hook: func(it gmm.Iteration) bool {
		if it.Iter == 0 {
			restarts = append(restarts, it.Restart)
		}
		return it.Restart == 2 && it.Iter == 1
	}})
	if err != nil {
		t.Fatal(err)
	}
	if len(restarts) != 3 || restarts[2] != 2 {
		t.Errorf("restarts seen %v, want [0 1 2]", restarts)
	}
}

// TestFitRestartsKeepBest checks that the result is the restart of highest final
// log-likelihood.
func TestFitRestartsKeepBest(t *testing.T) {
	x := datasets.Faithful()
	final := map[int]float64{}
	r, err := gmm.Fit(x, nil, 4, &gmm.Settings{Restarts: 8, Init: gmm.InitRandomPoints, Hook: func(it gmm.Iteration) bool {
		final[it.Restart] = it.LogLikelihood
		return false
	}})
	if err != nil {
		t.Fatal(err)
	}
	best := math.Inf(-1)
	distinct := map[float64]bool{}
	for _, ll := range final {
		best = max(best, ll)
		distinct[math.Round(ll)] = true
	}
	if len(final) != 8 || r.LogLikelihood != best {
		t.Errorf("%d restarts, result %v, best %v", len(final), r.LogLikelihood, best)
	}
	if len(distinct) < 2 {
		t.Errorf("all 8 restarts ended at the same log-likelihood %v: the restarts are not varied", best)
	}
}

// TestFitDeterministic checks that a fit is the same run to run and whatever the
// number of workers, on data large enough for several chunks.
func TestFitDeterministic(t *testing.T) {
	truth := articleCMixture(t)
	x, _ := truth.Sample(12000, rand.NewPCG(11, 12))
	var ref *gmm.Result
	for _, workers := range []int{1, 2, 3, 1} {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitKMeans, Workers: workers, MaxIter: 20, Src: rand.NewPCG(5, 5)})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = r
			continue
		}
		if !floats.Equal(r.History, ref.History) {
			t.Errorf("%d workers: history differs from 1 worker's", workers)
		}
		for k := 0; k < 3; k++ {
			if !floats.Equal(r.Mixture.Mean(k), ref.Mixture.Mean(k)) {
				t.Errorf("%d workers: mean %d differs", workers, k)
			}
		}
	}
}

// TestFitWeightsAsReplication checks that integer sample weights fit as the data
// with each row repeated that many times, from the same start.
func TestFitWeightsAsReplication(t *testing.T) {
	x := datasets.Faithful()
	weights := make([]float64, 272)
	var rows [][]float64
	for i := range weights {
		weights[i] = float64(i%3 + 1)
		for j := 0; j < i%3+1; j++ {
			rows = append(rows, x.RawRowView(i))
		}
	}
	rep := mat.NewDense(len(rows), 2, nil)
	for i, row := range rows {
		rep.SetRow(i, row)
	}
	for _, ct := range gmm.CovarianceTypes() {
		s := &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: faithfulStart(t, ct), Tol: gmm.NoTol, MaxIter: 30}
		a, err := gmm.Fit(x, weights, 2, s)
		if err != nil {
			t.Fatal(err)
		}
		b, err := gmm.Fit(rep, nil, 2, s)
		if err != nil {
			t.Fatal(err)
		}
		if !scalar.EqualWithinRel(a.LogLikelihood, b.LogLikelihood, 1e-11) || !scalar.EqualWithinRel(a.BIC, b.BIC, 1e-11) {
			t.Errorf("%v: weighted log-likelihood %v BIC %v, replicated %v %v", ct, a.LogLikelihood, a.BIC, b.LogLikelihood, b.BIC)
		}
		for k := 0; k < 2; k++ {
			if !floats.EqualApprox(a.Mixture.Mean(k), b.Mixture.Mean(k), 1e-10) || !scalar.EqualWithinRel(a.Mixture.Weight(k), b.Mixture.Weight(k), 1e-10) {
				t.Errorf("%v: component %d differs: %v %v vs %v %v", ct, k, a.Mixture.Weight(k), a.Mixture.Mean(k), b.Mixture.Weight(k), b.Mixture.Mean(k))
			}
		}
	}
}

// TestFitInitRandomPoints checks article C's start: K distinct data rows as means,
// diag(population variance) + Reg as covariances, uniform weights.
func TestFitInitRandomPoints(t *testing.T) {
	x := datasets.Faithful()
	var start *gmm.Mixture
	_, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitRandomPoints, MaxIter: 1,
		Hook: func(it gmm.Iteration) bool { start = it.Mixture; return true }})
	if err != nil {
		t.Fatal(err)
	}
	// np.var(faithful, axis=0): R's sd² · 271/272.
	v0, v1 := 1.1413712511052083*1.1413712511052083*271/272, 13.594973789999397*13.594973789999397*271/272
	want := mat.NewSymDense(2, []float64{v0 + 1e-6, 0, 0, v1 + 1e-6})
	rowsUsed := map[int]bool{}
	for k := 0; k < 3; k++ {
		if start.Weight(k) != 1.0/3 {
			t.Errorf("weight %d = %v", k, start.Weight(k))
		}
		if !mat.EqualApprox(start.CovarianceMatrixTo(nil, k), want, 1e-9) {
			t.Errorf("covariance %d = %v, want %v", k, mat.Formatted(start.CovarianceMatrixTo(nil, k)), mat.Formatted(want))
		}
		row := -1
		for i := 0; i < 272; i++ {
			if floats.Equal(x.RawRowView(i), start.Mean(k)) {
				row = i
			}
		}
		if row < 0 || rowsUsed[row] {
			t.Errorf("mean %d = %v is not a new data row", k, start.Mean(k))
		}
		rowsUsed[row] = true
	}
}

// TestFitInitKMeans checks InitKMeans's start: one M-step from the clusters of
// KMeans with the same source.
func TestFitInitKMeans(t *testing.T) {
	x := datasets.Faithful()
	var start *gmm.Mixture
	_, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitKMeans, Src: rand.NewPCG(3, 3), Reg: gmm.NoReg,
		Hook: func(it gmm.Iteration) bool { start = it.Mixture; return true }})
	if err != nil {
		t.Fatal(err)
	}
	km, err := gmm.KMeans(x, nil, 3, &gmm.KMeansSettings{Src: rand.NewPCG(3, 3)})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		var rows []float64
		for i, l := range km.Labels {
			if l == k {
				rows = append(rows, x.RawRowView(i)...)
			}
		}
		cluster := mat.NewDense(len(rows)/2, 2, rows)
		cov := mat.NewSymDense(2, nil)
		stat.CovarianceMatrix(cov, cluster, nil)
		cov.ScaleSym(float64(len(rows)/2-1)/float64(len(rows)/2), cov) // the ML estimate
		mean := []float64{stat.Mean(mat.Col(nil, 0, cluster), nil), stat.Mean(mat.Col(nil, 1, cluster), nil)}
		if !floats.EqualApprox(start.Mean(k), mean, 1e-12) || !mat.EqualApprox(start.CovarianceMatrixTo(nil, k), cov, 1e-10) ||
			!scalar.EqualWithinRel(start.Weight(k), float64(len(rows)/2)/272, 1e-14) {
			t.Errorf("component %d: start %v %v %v, cluster %v %v %v", k, start.Weight(k), start.Mean(k), start.CovarianceMatrixTo(nil, k), float64(len(rows)/2)/272, mean, cov)
		}
	}
}

// TestFitBadInput is the table of unusable settings, sample weights and starts
// (issue 2's list of bad data is TestBadInput): each gets an error saying what is
// wrong, never a panic.
func TestFitBadInput(t *testing.T) {
	x := datasets.Faithful()
	zeros := make([]float64, 272)
	bad := func(v float64) []float64 { w := ones(272); w[5] = v; return w }
	for _, c := range []struct {
		name string
		x    mat.Matrix
		w    []float64
		k    int
		s    *gmm.Settings
		want string
		kind error
	}{
		{"empty", &mat.Dense{}, nil, 1, nil, "0×0", gmm.ErrBadShape},
		{"nil", nil, nil, 1, nil, "nil", gmm.ErrBadShape},
		{"start components", x, nil, 3, &gmm.Settings{Init: gmm.InitMixture, Start: faithfulStart(t, gmm.Full)}, "2 components", gmm.ErrBadShape},
		{"start without InitMixture", x, nil, 2, &gmm.Settings{Start: faithfulStart(t, gmm.Full)}, "Start must be set exactly when", gmm.ErrBadArgument},
		{"InitMixture without start", x, nil, 2, &gmm.Settings{Init: gmm.InitMixture}, "Start must be set exactly when", gmm.ErrBadArgument},
		{"fixed covariances of another type", x, nil, 2, &gmm.Settings{Covariance: gmm.Diagonal, Init: gmm.InitMixture,
			Start: faithfulStart(t, gmm.Full), FixCovariances: true}, "fixed but not diag", gmm.ErrCovarianceType},
		{"weights length", x, ones(10), 2, nil, "10 weights for 272 rows", gmm.ErrBadShape},
		{"weight negative", x, bad(-1), 2, nil, "weight of row 5 is -1", gmm.ErrBadWeights},
		{"weight NaN", x, bad(math.NaN()), 2, nil, "weight of row 5 is NaN", gmm.ErrBadWeights},
		{"weight Inf", x, bad(math.Inf(1)), 2, nil, "weight of row 5 is +Inf", gmm.ErrBadWeights},
		{"weights all zero", x, zeros, 2, nil, "0 rows have a positive weight", gmm.ErrTooFewRows},
		{"covariance type", x, nil, 2, &gmm.Settings{Covariance: 9}, "unknown covariance type 9", gmm.ErrBadArgument},
		{"init", x, nil, 2, &gmm.Settings{Init: 9}, "unknown initialisation 9", gmm.ErrBadArgument},
		{"stop rule", x, nil, 2, &gmm.Settings{Stop: 9}, "unknown stopping rule 9", gmm.ErrBadArgument},
		{"negative MaxIter", x, nil, 2, &gmm.Settings{MaxIter: -1}, "negative MaxIter", gmm.ErrBadArgument},
		{"NaN Tol", x, nil, 2, &gmm.Settings{Tol: math.NaN()}, "Tol is NaN", gmm.ErrBadArgument},
		{"Inf Reg", x, nil, 2, &gmm.Settings{Reg: math.Inf(1)}, "Reg is +Inf", gmm.ErrBadArgument},
		{"scale beyond float64", scaled(x, 1e200), nil, 2, &gmm.Settings{Init: gmm.InitRandomPoints}, "beyond float64", gmm.ErrNotFinite},
	} {
		r, err := gmm.Fit(c.x, c.w, c.k, c.s)
		if err == nil || r != nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "gmm: ") || !errors.Is(err, c.kind) {
			t.Errorf("%s: error %q, want it to contain %q and be %v", c.name, err, c.want, c.kind)
		}
	}
}

func ones(n int) []float64 {
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	return w
}

func eye(d int) *mat.SymDense {
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		s.SetSym(i, i, 1)
	}
	return s
}

func scaled(x mat.Matrix, f float64) *mat.Dense {
	var s mat.Dense
	s.Scale(f, x)
	return &s
}

func checkFinite(t *testing.T, name string, r *gmm.Result) {
	t.Helper()
	m := r.Mixture
	vals := append([]float64{r.LogLikelihood, r.BIC, r.AIC}, m.Weights()...)
	for k := 0; k < m.K(); k++ {
		vals = append(vals, m.Mean(k)...)
		vals = append(vals, m.CovarianceMatrixTo(nil, k).RawSymmetric().Data...)
	}
	for _, v := range vals {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			t.Errorf("%s: result has %v", name, v)
			return
		}
	}
}

// TestFitEmptyComponent starts one component so far from the data that it gets no
// responsibility at all: it keeps its mean and covariance, its weight becomes 0,
// and the fit stays finite and monotone.
func TestFitEmptyComponent(t *testing.T) {
	x := datasets.Faithful()
	start, err := gmm.New([]float64{0.4, 0.4, 0.2}, [][]float64{{2, 55}, {4.5, 80}, {1e5, 1e5}},
		[]mat.Symmetric{eye(2), eye(2), eye(2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, ct := range []gmm.CovarianceType{gmm.Full, gmm.Tied} {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: start, Reg: gmm.NoReg})
		if err != nil {
			t.Fatal(err)
		}
		checkFinite(t, "empty component", r)
		checkMonotone(t, "empty component", r.History)
		if r.Mixture.Weight(2) != 0 || !floats.Equal(r.Mixture.Mean(2), []float64{1e5, 1e5}) {
			t.Errorf("%v: empty component has weight %v and mean %v", ct, r.Mixture.Weight(2), r.Mixture.Mean(2))
		}
		for _, l := range r.Labels {
			if l == 2 {
				t.Fatalf("%v: a row is labelled with the empty component", ct)
			}
		}
	}
}

// TestFitCollapse starts a component on a lone outlier: EM shrinks its covariance
// onto that one point. Without regularisation that is an error naming component
// and iteration; with the default Reg, the component stays, with covariance Reg·I.
func TestFitCollapse(t *testing.T) {
	f := datasets.Faithful()
	x := mat.NewDense(273, 2, nil)
	x.Slice(0, 272, 0, 2).(*mat.Dense).Copy(f)
	x.SetRow(272, []float64{30, 500})
	start, err := gmm.New([]float64{0.4, 0.5, 0.1}, [][]float64{{2, 55}, {4.5, 80}, {30, 500}},
		[]mat.Symmetric{eye(2), eye(2), eye(2)})
	if err != nil {
		t.Fatal(err)
	}
	_, err = gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitMixture, Start: start, Reg: gmm.NoReg})
	var ce *gmm.ComponentError
	if !errors.As(err, &ce) || ce.Restart != 0 || ce.Iteration != 1 || ce.Component != 2 || !errors.Is(err, gmm.ErrNotPositiveDefinite) ||
		!strings.Contains(err.Error(), "gmm: iteration 1: component 2: covariance is not positive definite (a collapsed component: use a positive Reg)") {
		t.Errorf("error %v (%+v), want a ComponentError of iteration 1, component 2, not positive definite", err, ce)
	}
	r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitMixture, Start: start})
	if err != nil {
		t.Fatal(err)
	}
	checkFinite(t, "collapse", r)
	if !mat.EqualApprox(r.Mixture.CovarianceMatrixTo(nil, 2), mat.NewSymDense(2, []float64{1e-6, 0, 0, 1e-6}), 1e-15) {
		t.Errorf("collapsed covariance %v, want Reg·I", mat.Formatted(r.Mixture.CovarianceMatrixTo(nil, 2)))
	}
}

func TestParseInit(t *testing.T) {
	for i := gmm.InitKMeans; i <= gmm.InitMixture; i++ {
		got, err := gmm.ParseInit(strings.ToUpper(i.String()))
		if err != nil || got != i {
			t.Errorf("ParseInit(%q) = %v, %v", i.String(), got, err)
		}
	}
	if _, err := gmm.ParseInit("best"); err == nil {
		t.Error("ParseInit accepted \"best\"")
	}
	if gmm.MeanChange.String() != "mean" || gmm.TotalChange.String() != "total" {
		t.Error("StopRule names")
	}
}
