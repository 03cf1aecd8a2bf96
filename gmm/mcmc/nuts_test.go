package mcmc

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// gaussian is the target N(mu, Σ) given by its precision matrix P = Σ⁻¹.
type gaussian struct {
	mu   []float64
	prec *mat.SymDense
}

func (g gaussian) Dim() int { return len(g.mu) }

func (g gaussian) LogDensityGradient(x, grad []float64) float64 {
	d := len(x)
	diff := make([]float64, d)
	for i := range x {
		diff[i] = x[i] - g.mu[i]
	}
	var lp float64
	for i := 0; i < d; i++ {
		var s float64
		for j := 0; j < d; j++ {
			s += g.prec.At(i, j) * diff[j]
		}
		grad[i] = -s
		lp -= 0.5 * diff[i] * s
	}
	return lp
}

// independentGaussian is N(mu, diag(sd²)), cheap in high dimension.
type independentGaussian struct{ mu, sd []float64 }

func (g independentGaussian) Dim() int { return len(g.mu) }

func (g independentGaussian) LogDensityGradient(x, grad []float64) float64 {
	var lp float64
	for i := range x {
		z := (x[i] - g.mu[i]) / g.sd[i]
		lp -= 0.5 * z * z
		grad[i] = -z / g.sd[i]
	}
	return lp
}

// checkMoments asserts that every mean and every (co)variance of the draws is
// within nsigma Monte Carlo standard errors of the truth, and R-hat < 1.01.
func checkMoments(t *testing.T, res *Result, mu []float64, cov func(i, j int) float64, pairs [][2]int, nsigma float64) {
	t.Helper()
	for i := range mu {
		x := res.Param(i)
		if r := Rhat(x); !(r < 1.01) {
			t.Errorf("coordinate %d: R-hat %.4f, want < 1.01", i, r)
		}
		mean, _ := meanVar(allDraws(x))
		if se := MCSE(x); math.Abs(mean-mu[i]) > nsigma*se {
			t.Errorf("coordinate %d: mean %.4g, want %.4g ± %.2g (%g MCSE)", i, mean, mu[i], nsigma*se, nsigma)
		}
	}
	for _, pr := range pairs {
		xi, xj := res.Param(pr[0]), res.Param(pr[1])
		prod := make([][]float64, len(xi))
		for c := range xi {
			prod[c] = make([]float64, len(xi[c]))
			for k := range xi[c] {
				prod[c][k] = (xi[c][k] - mu[pr[0]]) * (xj[c][k] - mu[pr[1]])
			}
		}
		got, _ := meanVar(allDraws(prod))
		want := cov(pr[0], pr[1])
		if se := MCSE(prod); math.Abs(got-want) > nsigma*se {
			t.Errorf("covariance %v: %.4g, want %.4g ± %.2g (%g MCSE)", pr, got, want, nsigma*se, nsigma)
		}
	}
}

func TestNUTSCorrelatedGaussian2D(t *testing.T) {
	// Σ = [[1, 1.8], [1.8, 4]]: sd 1 and 2, correlation 0.9.
	sigma := mat.NewSymDense(2, []float64{1, 1.8, 1.8, 4})
	var chol mat.Cholesky
	if !chol.Factorize(sigma) {
		t.Fatal("Σ not positive definite")
	}
	prec := mat.NewSymDense(2, nil)
	if err := chol.InverseTo(prec); err != nil {
		t.Fatal(err)
	}
	mu := []float64{1, -2}
	res, err := NUTS(gaussian{mu: mu, prec: prec}, &Settings{Src: rand.NewPCG(11, 12)})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Divergences(); n != 0 {
		t.Errorf("%d divergences on a Gaussian", n)
	}
	checkMoments(t, res, mu, sigma.At, [][2]int{{0, 0}, {1, 1}, {0, 1}}, 4)
	// On a Gaussian the energy is well explored: E-BFMI far above Betancourt's 0.3.
	for c, e := range res.EBFMI() {
		if !(e > 0.5) {
			t.Errorf("chain %d: E-BFMI %.3f on a Gaussian", c, e)
		}
	}
}

func TestNUTSScaledGaussian100D(t *testing.T) {
	const d = 100
	mu := make([]float64, d)
	sd := make([]float64, d)
	pairs := make([][2]int, d)
	for i := range sd {
		sd[i] = math.Pow(10, -2+4*float64(i)/(d-1)) // 0.01 … 100
		mu[i] = float64(i%5) - 2
		pairs[i] = [2]int{i, i}
	}
	res, err := NUTS(independentGaussian{mu: mu, sd: sd}, &Settings{Src: rand.NewPCG(21, 22)})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Divergences(); n != 0 {
		t.Errorf("%d divergences on a Gaussian", n)
	}
	cov := func(i, j int) float64 { return sd[i] * sd[j] }
	checkMoments(t, res, mu, cov, pairs, 4)
	// The adapted inverse metric should have learned the scales.
	for _, ch := range res.Chains {
		for _, i := range []int{0, d / 2, d - 1} {
			if r := ch.InvMetric[i] / (sd[i] * sd[i]); r < 0.7 || r > 1.4 {
				t.Errorf("inverse metric %d is %.3g of the variance, want about 1", i, r)
			}
		}
	}
}

// funnel is Neal's funnel: v ~ N(0, 3²), x_i | v ~ N(0, exp(v)) for i < d−1.
type funnel struct{ d int }

func (f funnel) Dim() int { return f.d }

func (f funnel) LogDensityGradient(x, grad []float64) float64 {
	v := x[0]
	lp := -v * v / 18
	grad[0] = -v / 9
	for i := 1; i < f.d; i++ {
		e := math.Exp(-v)
		lp += -0.5*x[i]*x[i]*e - 0.5*v
		grad[i] = -x[i] * e
		grad[0] += 0.5*x[i]*x[i]*e - 0.5
	}
	return lp
}

func TestNUTSFunnelReportsDivergences(t *testing.T) {
	res, err := NUTS(funnel{d: 10}, &Settings{Src: rand.NewPCG(1, 32)})
	if err != nil {
		t.Fatal(err)
	}
	if n := res.Divergences(); n == 0 {
		t.Errorf("no divergences reported on the funnel")
	}
	// The diagnostics must flag the poorly explored neck as well.
	if r := Rhat(res.Param(0)); !(r > 1.01) {
		t.Errorf("R-hat of the funnel's log scale %.4f, want > 1.01 (the neck is not explored)", r)
	}
	divergent := 0
	for _, ch := range res.Chains {
		for i, div := range ch.Divergent {
			if div {
				divergent++
				if ch.Draws.At(i, 0) > 10 {
					t.Errorf("a divergence at v = %.2f: expected in the neck (v small)", ch.Draws.At(i, 0))
				}
			}
		}
	}
	if divergent != res.Divergences() {
		t.Errorf("Divergences() = %d, per-draw flags count %d", res.Divergences(), divergent)
	}
}

func TestNUTSDeterministic(t *testing.T) {
	target := independentGaussian{mu: []float64{0, 1, 2}, sd: []float64{1, 2, 3}}
	run := func(workers int) *Result {
		res, err := NUTS(target, &Settings{Warmup: 200, Draws: 200, Workers: workers, Src: rand.NewPCG(5, 6)})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := run(1)
	for _, workers := range []int{2, 3, 7} {
		b := run(workers)
		for c := range a.Chains {
			if !mat.Equal(a.Chains[c].Draws, b.Chains[c].Draws) {
				t.Fatalf("chain %d differs between 1 and %d workers", c, workers)
			}
		}
	}
	if mat.Equal(a.Chains[0].Draws, a.Chains[1].Draws) {
		t.Errorf("chains 0 and 1 are identical: sources not independent")
	}
}

func TestNUTSErrors(t *testing.T) {
	g := independentGaussian{mu: []float64{0, 0}, sd: []float64{1, 1}}
	bad := TargetFunc{N: 1, F: func(x, grad []float64) float64 { return math.NaN() }}
	for _, tc := range []struct {
		name   string
		target Target
		s      *Settings
		want   string
	}{
		{"accept", g, &Settings{TargetAccept: 1.5}, "target acceptance"},
		{"metric length", g, &Settings{InvMetric: []float64{1}}, "inverse metric of length"},
		{"metric sign", g, &Settings{InvMetric: []float64{1, -1}}, "inverse metric element 1"},
		{"inits", g, &Settings{Chains: 2, Inits: [][]float64{{0, 0}}}, "initial points"},
		{"init length", g, &Settings{Chains: 1, Inits: [][]float64{{0}}}, "initial point 0"},
		{"depth", g, &Settings{MaxTreeDepth: -1}, "tree depth"},
		{"draws", g, &Settings{Draws: -3}, "positive counts"},
		{"nan target", bad, &Settings{Chains: 1}, "no finite log density"},
		{"dimension", TargetFunc{}, nil, "dimension 0"},
	} {
		_, err := NUTS(tc.target, tc.s)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}
