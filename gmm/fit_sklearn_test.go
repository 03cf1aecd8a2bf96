package gmm_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// The reference numbers (sklearnBest, sklearnBIC, sklearnFixed, sklearnKMeans)
// are in fit_sklearn_data_test.go, written by testdata/sklearn_faithful.py.

// sklearnStart is the script's start(k, ct): equal weights, means at rows 0, 100,
// 200, 50, 150, 250 (the first k), every covariance the data's population
// covariance, its diagonal, or the mean variance (spherical).
func sklearnStart(t *testing.T, x *mat.Dense, k int, ct gmm.CovarianceType) *gmm.Mixture {
	t.Helper()
	rows := []int{0, 100, 200, 50, 150, 250}
	n, _ := x.Dims()
	cov := mat.NewSymDense(2, nil)
	stat.CovarianceMatrix(cov, x, nil)
	cov.ScaleSym(float64(n-1)/float64(n), cov) // np.cov(bias=True)
	switch ct {
	case gmm.Diagonal:
		cov.SetSym(0, 1, 0)
	case gmm.Spherical:
		v := (cov.At(0, 0) + cov.At(1, 1)) / 2
		cov = mat.NewSymDense(2, []float64{v, 0, 0, v})
	}
	weights := make([]float64, k)
	means := make([][]float64, k)
	covs := make([]mat.Symmetric, k)
	for c := range weights {
		weights[c], means[c], covs[c] = 1/float64(k), mat.Row(nil, rows[c], x), cov
	}
	m, err := gmm.NewTyped(ct, weights, means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSklearnBestLogLikelihood: the best log-likelihood over restarts agrees with
// scikit-learn's best proper optimum over 160 runs to 1e-6 relative, for K = 1..3
// and every covariance type (the issue asks for K = 2, 3, full and diagonal), and
// so do BIC and AIC. Old Faithful with K = 3, full, has several local optima
// (−1119.21, −1119.64, −1127.07 and the best, −1114.44): random responsibilities
// reach the best in about 13 % of runs, scikit-learn's four inits in 8 %, and
// k-means starts (scikit-learn's default and ours) in none of 100 seeds, so the
// test uses 25 random-responsibility starts there.
func TestSklearnBestLogLikelihood(t *testing.T) {
	x := datasets.Faithful()
	for _, ref := range sklearnBest {
		ct, err := gmm.ParseCovarianceType(ref.covariance)
		if err != nil {
			t.Fatal(err)
		}
		s := &gmm.Settings{Covariance: ct, Init: gmm.InitKMeans, Tol: 1e-9, MaxIter: 20000}
		if ref.k == 3 {
			s.Init, s.Restarts = gmm.InitRandomResponsibilities, 25
		}
		r, err := gmm.Fit(x, nil, ref.k, s)
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("K = %d %-9v best %.9f, scikit-learn %.9f (relative difference %.1e)", ref.k, ct, r.LogLikelihood, ref.properLogLik, relDiff(r.LogLikelihood, ref.properLogLik))
		if !scalar.EqualWithinRel(r.LogLikelihood, ref.properLogLik, 1e-6) {
			t.Errorf("K = %d %v: best log-likelihood %.8f, scikit-learn %.8f", ref.k, ct, r.LogLikelihood, ref.properLogLik)
		}
		if !scalar.EqualWithinRel(r.BIC, ref.properBIC, 1e-6) || !scalar.EqualWithinRel(r.AIC, ref.properAIC, 1e-6) {
			t.Errorf("K = %d %v: BIC %.8f AIC %.8f, scikit-learn %.8f %.8f", ref.k, ct, r.BIC, r.AIC, ref.properBIC, ref.properAIC)
		}
	}
}

// TestSklearnSpuriousOptimum: scikit-learn's best K = 3 diagonal fit is spurious,
// a component on the 15 rows whose waiting time is exactly 78 with variance Reg
// there. Started at it, our EM stays on it, with the same log-likelihood.
func TestSklearnSpuriousOptimum(t *testing.T) {
	x := datasets.Faithful()
	for _, ref := range sklearnSpurious {
		means := make([][]float64, ref.k)
		covs := make([]mat.Symmetric, ref.k)
		var wsum float64
		for _, w := range ref.weights {
			wsum += w
		}
		weights := make([]float64, ref.k)
		for c := range means {
			weights[c] = ref.weights[c] / wsum // sklearn's weights sum to 1 within rounding
			means[c] = ref.means[2*c : 2*c+2]
			covs[c] = mat.NewSymDense(2, []float64{ref.variances[2*c], 0, 0, ref.variances[2*c+1]})
		}
		start, err := gmm.NewTyped(gmm.Diagonal, weights, means, covs)
		if err != nil {
			t.Fatal(err)
		}
		r, err := gmm.Fit(x, nil, ref.k, &gmm.Settings{Covariance: gmm.Diagonal, Init: gmm.InitMixture, Start: start, Tol: 1e-10, MaxIter: 1000})
		if err != nil {
			t.Fatal(err)
		}
		if !scalar.EqualWithinRel(r.History[0], ref.logLik, 1e-9) || !scalar.EqualWithinRel(r.LogLikelihood, ref.logLik, 1e-9) {
			t.Errorf("K = %d %s: log-likelihood %.10f at scikit-learn's optimum, %.10f after EM; scikit-learn %.10f",
				ref.k, ref.covariance, r.History[0], r.LogLikelihood, ref.logLik)
		}
	}
}

// TestSklearnBIC: from the same start, EM with Reg 1e-6 and a tight tolerance
// reaches the same optimum as scikit-learn, with the same log-likelihood, BIC and
// AIC (so the same parameter counts), for K = 1..6 and every covariance type.
func TestSklearnBIC(t *testing.T) {
	x := datasets.Faithful()
	for _, ref := range sklearnBIC {
		ct, err := gmm.ParseCovarianceType(ref.covariance)
		if err != nil {
			t.Fatal(err)
		}
		r, err := gmm.Fit(x, nil, ref.k, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture,
			Start: sklearnStart(t, x, ref.k, ct), Tol: 1e-10, MaxIter: 20000})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("K = %d %-9v BIC %.6f, scikit-learn %.6f (relative difference %.1e)", ref.k, ct, r.BIC, ref.bic, relDiff(r.BIC, ref.bic))
		if !scalar.EqualWithinRel(r.LogLikelihood, ref.logLik, 1e-6) || !scalar.EqualWithinRel(r.BIC, ref.bic, 1e-6) ||
			!scalar.EqualWithinRel(r.AIC, ref.aic, 1e-6) {
			t.Errorf("K = %d %v: log-likelihood %.8f BIC %.8f AIC %.8f, scikit-learn %.8f %.8f %.8f",
				ref.k, ct, r.LogLikelihood, r.BIC, r.AIC, ref.logLik, ref.bic, ref.aic)
		}
	}
}

// TestSklearnFixedIterations: from the same start, without regularisation and
// with exactly sklearnFixedIters M-steps, the log-likelihood agrees with
// scikit-learn's to 1e-9 relative and the parameters to 1e-9.
func TestSklearnFixedIterations(t *testing.T) {
	x := datasets.Faithful()
	for _, ref := range sklearnFixed {
		ct, err := gmm.ParseCovarianceType(ref.covariance)
		if err != nil {
			t.Fatal(err)
		}
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: sklearnStart(t, x, 3, ct),
			Reg: gmm.NoReg, Tol: gmm.NoTol, MaxIter: sklearnFixedIters})
		if err != nil {
			t.Fatal(err)
		}
		t.Logf("%-9v after %d M-steps %.12f, scikit-learn %.12f (relative difference %.1e)", ct, r.Iterations, r.LogLikelihood, ref.logLik, relDiff(r.LogLikelihood, ref.logLik))
		if r.Iterations != ref.iterations || !scalar.EqualWithinRel(r.LogLikelihood, ref.logLik, 1e-9) {
			t.Errorf("%v: %d iterations, log-likelihood %.12f; scikit-learn %d, %.12f", ct, r.Iterations, r.LogLikelihood, ref.iterations, ref.logLik)
		}
		var means []float64
		for k := 0; k < 3; k++ {
			means = append(means, r.Mixture.Mean(k)...)
		}
		if !floats.EqualApprox(r.Mixture.Weights(), ref.weights, 1e-9) || !floats.EqualApprox(means, ref.means, 1e-9) {
			t.Errorf("%v: weights %v means %v; scikit-learn %v %v", ct, r.Mixture.Weights(), means, ref.weights, ref.means)
		}
	}
}

// TestSklearnKMeans: Lloyd from the same centres agrees with scikit-learn's
// KMeans(algorithm="lloyd", tol=0).
func TestSklearnKMeans(t *testing.T) {
	x := datasets.Faithful()
	centres := mat.NewDense(3, 2, nil)
	for k, row := range []int{0, 100, 200} {
		centres.SetRow(k, x.RawRowView(row))
	}
	r, err := gmm.KMeans(x, nil, 3, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinRel(r.Inertia, sklearnKMeans.inertia, 1e-12) || r.Iterations != sklearnKMeans.iterations ||
		!floats.EqualApprox(r.Centers.RawMatrix().Data, sklearnKMeans.centers, 1e-12) {
		t.Errorf("inertia %v in %d iterations, centres %v; scikit-learn %v in %d, %v",
			r.Inertia, r.Iterations, r.Centers.RawMatrix().Data, sklearnKMeans.inertia, sklearnKMeans.iterations, sklearnKMeans.centers)
	}
}

func relDiff(a, b float64) float64 { return math.Abs(a-b) / math.Max(math.Abs(a), math.Abs(b)) }
