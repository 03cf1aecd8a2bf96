package gmm_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// Parameter recovery: EM on a large sample from known parameters must return them
// within the sampling error. The tolerances are z = 5 standard errors of the
// complete-data estimates (labels known): for a weight √(π(1−π)/N), for a mean
// coordinate √(Σ_jj/N_k), for a covariance entry √((Σ_rs² + Σ_rr Σ_ss)/N_k). The
// components here overlap little, so the information lost to unknown labels
// inflates these by a few per cent only; z = 5 leaves room for it and fails with
// probability below 1e-5 per comparison.
const recoveryZ = 5

// articleCMixture is the 2-D three-cluster truth of article C's setting (the
// article does not give its data): unequal weights, correlated covariances.
func articleCMixture(t testing.TB) *gmm.Mixture {
	t.Helper()
	m, err := gmm.New([]float64{0.5, 0.3, 0.2}, [][]float64{{0, 0}, {6, 2}, {1, 7}}, []mat.Symmetric{
		mat.NewSymDense(2, []float64{2, 0.8, 0.8, 1}),
		mat.NewSymDense(2, []float64{1, -0.5, -0.5, 1.5}),
		mat.NewSymDense(2, []float64{0.5, 0.2, 0.2, 2}),
	})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// checkRecovered compares a fitted mixture with the truth, matching components by
// nearest mean.
func checkRecovered(t *testing.T, name string, fit, truth *gmm.Mixture, n int, checkCov bool) {
	t.Helper()
	k, d := truth.K(), truth.Dim()
	used := map[int]bool{}
	for c := 0; c < k; c++ {
		match, best := -1, math.Inf(1)
		for f := 0; f < k; f++ {
			if dist := sqDist(fit.Mean(f), truth.Mean(c)); !used[f] && dist < best {
				match, best = f, dist
			}
		}
		used[match] = true
		pi := truth.Weight(c)
		nk := pi * float64(n)
		if se := math.Sqrt(pi * (1 - pi) / float64(n)); math.Abs(fit.Weight(match)-pi) > recoveryZ*se {
			t.Errorf("%s: weight %d = %.5f, truth %.5f (se %.5f)", name, c, fit.Weight(match), pi, se)
		}
		cov := truth.CovarianceMatrixTo(nil, c)
		fitCov := fit.CovarianceMatrixTo(nil, match)
		for r := 0; r < d; r++ {
			if se := math.Sqrt(cov.At(r, r) / nk); math.Abs(fit.Mean(match)[r]-truth.Mean(c)[r]) > recoveryZ*se {
				t.Errorf("%s: mean %d[%d] = %.5f, truth %.5f (se %.5f)", name, c, r, fit.Mean(match)[r], truth.Mean(c)[r], se)
			}
			for s := r; s < d && checkCov; s++ {
				se := math.Sqrt((cov.At(r, s)*cov.At(r, s) + cov.At(r, r)*cov.At(s, s)) / nk)
				if math.Abs(fitCov.At(r, s)-cov.At(r, s)) > recoveryZ*se {
					t.Errorf("%s: covariance %d (%d,%d) = %.5f, truth %.5f (se %.5f)", name, c, r, s, fitCov.At(r, s), cov.At(r, s), se)
				}
			}
		}
	}
}

func sqDist(a, b []float64) float64 {
	var s float64
	for i := range a {
		s += (a[i] - b[i]) * (a[i] - b[i])
	}
	return s
}

// TestRecoverArticleB: article B's 1-D mixture, int(N·r_h) points from each
// component, fitted from the article's start (λ uniform, μ_h ~ Uniform[−1, 1],
// σ_h² ~ InvGamma(1)) with its stopping rule (total log-likelihood change < 0.001).
// That rule stops some starts at the saddle where both components sit on the
// whole data (the change there is tiny), so, as restarts would, the test keeps the
// best of four such starts.
func TestRecoverArticleB(t *testing.T) {
	truth, err := gmm.New([]float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.15 * 0.15}), mat.NewSymDense(1, []float64{0.3 * 0.3})})
	if err != nil {
		t.Fatal(err)
	}
	const n = 10000
	x, _, err := truth.SampleCounts([]int{int(n * 0.35), int(n * 0.65)}, rand.NewPCG(1, 1))
	if err != nil {
		t.Fatal(err)
	}
	rnd := rand.New(rand.NewPCG(2, 2))
	var best *gmm.Result
	for restart := 0; restart < 4; restart++ {
		mu := [][]float64{{-1 + 2*rnd.Float64()}, {-1 + 2*rnd.Float64()}}
		// InvGamma(1) with scale 1 (scipy.stats.invgamma(1)) is 1/Exp(1).
		covs := []mat.Symmetric{mat.NewSymDense(1, []float64{1 / rnd.ExpFloat64()}), mat.NewSymDense(1, []float64{1 / rnd.ExpFloat64()})}
		start, err := gmm.New([]float64{0.5, 0.5}, mu, covs)
		if err != nil {
			t.Fatal(err)
		}
		var lls []float64
		r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Init: gmm.InitMixture, Start: start, Stop: gmm.TotalChange, Tol: 1e-3,
			MaxIter: 1000, Hook: func(it gmm.Iteration) bool { lls = append(lls, it.LogLikelihood); return false }})
		if err != nil {
			t.Fatal(err)
		}
		if !r.Converged {
			t.Errorf("start %d: not converged in %d iterations", restart, r.Iterations)
		}
		checkMonotone(t, "article B", lls)
		if best == nil || r.LogLikelihood > best.LogLikelihood {
			best = r
		}
	}
	checkRecovered(t, "article B", best.Mixture, truth, n, true)
}

// TestRecoverArticleC: a 2-D three-cluster set with unequal, correlated
// covariances, fitted with article C's start (random data points, diagonal data
// variance, uniform weights) and rule (total change < 1e-3), best of 3.
func TestRecoverArticleC(t *testing.T) {
	truth := articleCMixture(t)
	const n = 10000
	x, _ := truth.Sample(n, rand.NewPCG(3, 3))
	for _, ct := range []gmm.CovarianceType{gmm.Full} {
		r, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: ct, Init: gmm.InitRandomPoints, Restarts: 3,
			Stop: gmm.TotalChange, Tol: 1e-3, MaxIter: 1000, Src: rand.NewPCG(4, 4)})
		if err != nil {
			t.Fatal(err)
		}
		checkRecovered(t, "article C", r.Mixture, truth, n, true)
	}
}

// TestRecoverArticleD: article D's three unit-covariance clusters, with the
// covariance held at the identity as in its model, from k-means centres; and a
// free full-covariance fit, which must find the identity.
func TestRecoverArticleD(t *testing.T) {
	id := eye(2)
	third := 1.0 / 3
	truth, err := gmm.New([]float64{third, third, 1 - 2*third}, [][]float64{{0, 5}, {5, 0}, {8, 8}}, []mat.Symmetric{id, id, id})
	if err != nil {
		t.Fatal(err)
	}
	const n = 30000
	x, _, err := truth.SampleCounts([]int{n / 3, n / 3, n / 3}, rand.NewPCG(5, 5))
	if err != nil {
		t.Fatal(err)
	}
	km, err := gmm.KMeans(x, nil, 3, nil)
	if err != nil {
		t.Fatal(err)
	}
	start, err := gmm.NewEqualSpherical(km.Centers, 1)
	if err != nil {
		t.Fatal(err)
	}
	fixed, err := gmm.Fit(x, nil, 3, &gmm.Settings{Covariance: gmm.Spherical, Init: gmm.InitMixture, Start: start, FixCovariances: true, Tol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	checkRecovered(t, "article D, identity covariance", fixed.Mixture, truth, n, true)
	if fixed.NumParams != 2+6 {
		t.Errorf("fixed covariance: %d parameters, want 8", fixed.NumParams)
	}
	free, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitKMeans})
	if err != nil {
		t.Fatal(err)
	}
	checkRecovered(t, "article D, free covariance", free.Mixture, truth, n, true)
}
