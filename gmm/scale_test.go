package gmm_test

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestDefaultRegFollowsScale fits Old Faithful scaled by c with the default Reg.
// Scaling the data by c scales every density by c^−D, so the optimum's total
// log-likelihood is scikit-learn's optimum on the unscaled data
// (sklearnBest, from testdata/sklearn_faithful.py) less N·D·log c. With an
// absolute Reg of 1e-6, c = 1e-6 stopped at 3257.87 instead of 6385.37 (issue
// 12): Reg swamped variances of order 1e-12. The tolerance, 1e-3, allows for
// Reg itself: 1e-6 of the mean variance below unit scale, 1e-6 absolute above,
// it moves the optimum by some 1e-4.
func TestDefaultRegFollowsScale(t *testing.T) {
	const want = -1130.2639601925443 // sklearnBest, K = 2, full
	for _, c := range []float64{1, 1e-6, 1e-100, 1e6} {
		x := datasets.Faithful()
		x.Scale(c, x)
		n, d := x.Dims()
		r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Tol: 1e-9, MaxIter: 20000})
		if err != nil {
			t.Errorf("c = %g: %v", c, err)
			continue
		}
		scaled := want - float64(n*d)*math.Log(c)
		if !scalar.EqualWithinAbs(r.LogLikelihood, scaled, 1e-3) {
			t.Errorf("c = %g: log-likelihood %.6f, want %.6f", c, r.LogLikelihood, scaled)
		}
	}
}

// TestExplicitRegIsAbsolute: a positive Reg is added as given, as scikit-learn's
// reg_covar: on Faithful × 1e-6 a Reg of 1e-6 dominates both variances, and is
// their floor.
func TestExplicitRegIsAbsolute(t *testing.T) {
	x := datasets.Faithful()
	x.Scale(1e-6, x)
	r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Reg: 1e-6})
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 2; k++ {
		cov := r.Mixture.CovarianceMatrixTo(nil, k)
		for j := 0; j < 2; j++ {
			if v := cov.At(j, j); v < 1e-6 || v > 1e-6*(1+1e-3) {
				t.Errorf("component %d: variance %d is %v, want Reg 1e-6 plus at most 1e-9", k, j, v)
			}
		}
	}
}

// TestScaleErrors: data whose variance underflows, and sample weights too small
// to divide by, are errors wrapping ErrScale that say so (issue 12).
func TestScaleErrors(t *testing.T) {
	tiny := datasets.Faithful()
	tiny.Scale(1e-200, tiny)
	n, _ := tiny.Dims()
	w := make([]float64, n)
	for i := range w {
		w[i] = 5e-324
	}
	for _, c := range []struct {
		name string
		x    *mat.Dense
		w    []float64
		s    *gmm.Settings
		want string
	}{
		{"data × 1e-200, no Reg", tiny, nil, &gmm.Settings{Reg: gmm.NoReg}, "variance of column 0 underflows"},
		{"data × 1e-200, default Reg", tiny, nil, nil, "variance of column 0 underflows"},
		{"weights 5e-324", datasets.Faithful(), w, nil, "sample weights sum to"},
	} {
		_, err := gmm.Fit(c.x, c.w, 2, c.s)
		if !errors.Is(err, gmm.ErrScale) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want ErrScale saying %q", c.name, err, c.want)
		}
	}
}

// TestFitNilDense: a nil *mat.Dense is an error, not a nil-pointer panic.
func TestFitNilDense(t *testing.T) {
	var x *mat.Dense
	if _, err := gmm.Fit(x, nil, 2, nil); err == nil || !strings.Contains(err.Error(), "nil") {
		t.Errorf("Fit of a nil *mat.Dense: %v, want an error", err)
	}
}

// panicMessage returns what f panics with, or "" if it returns.
func panicMessage(f func()) (msg string) {
	defer func() {
		if r := recover(); r != nil {
			msg = fmt.Sprint(r)
		}
	}()
	f()
	return ""
}

// TestDocumentedPanics: the mistakes a caller can check panic with messages
// that start "gmm: " and say what is wrong.
func TestDocumentedPanics(t *testing.T) {
	m, err := gmm.New([]float64{1}, [][]float64{{0}}, []mat.Symmetric{mat.NewSymDense(1, []float64{1})})
	if err != nil {
		t.Fatal(err)
	}
	var zero gmm.Mixture
	src := rand.NewPCG(1, 2)
	for _, c := range []struct {
		name, want string
		f          func()
	}{
		{"Sample(3, nil)", "needs a rand.Source", func() { m.Sample(3, nil) }},
		{"SampleCounts(nil src)", "needs a rand.Source", func() { m.SampleCounts([]int{3}, nil) }},
		{"zero Sample", "zero Mixture", func() { zero.Sample(3, src) }},
		{"zero Mean", "zero Mixture", func() { zero.Mean(0) }},
		{"zero Moments", "zero Mixture", func() { zero.Moments() }},
		{"zero Rand", "zero Mixture", func() { zero.WithSource(src).Rand(nil) }},
	} {
		if msg := panicMessage(c.f); !strings.HasPrefix(msg, "gmm: ") || !strings.Contains(msg, c.want) {
			t.Errorf("%s: panic %q, want one starting \"gmm: \" saying %q", c.name, msg, c.want)
		}
	}
}
