package book

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"

	"gmmbook/gmm/gmmplot"
)

func TestPullMeansMovesMeansTowardTheMixtureMean(t *testing.T) {
	m := articleA()
	half, err := PullMeans(m, 0.5)
	if err != nil {
		t.Fatal(err)
	}
	// μ̄ = 0.45 (0, 5) + 0.25 (5, −10) + 0.30 (−10, −5) = (−1.75, −1.75), by hand.
	want := [][]float64{{-1.75 + 0.5*1.75, -1.75 + 0.5*6.75}, {-1.75 + 0.5*6.75, -1.75 - 0.5*8.25}, {-1.75 - 0.5*8.25, -1.75 - 0.5*3.25}}
	for k, w := range want {
		got := half.Mean(k)
		if math.Abs(got[0]-w[0]) > 1e-12 || math.Abs(got[1]-w[1]) > 1e-12 {
			t.Errorf("component %d: mean %v, want %v", k, got, w)
		}
		if half.Weight(k) != m.Weight(k) || !mat.Equal(half.CovarianceMatrixTo(nil, k), m.CovarianceMatrixTo(nil, k)) {
			t.Errorf("component %d: weight or covariance changed", k)
		}
	}
}

// The law of total covariance: Cov = W + B with W = Σ π_k Σ_k and B the
// between-component part, which pulling by f multiplies by f².
func TestPullMeansScalesTheBetweenCovarianceByFSquared(t *testing.T) {
	m := articleA()
	within := mat.NewSymDense(2, nil)
	for k := range m.K() {
		var scaled mat.SymDense
		scaled.ScaleSym(m.Weight(k), m.CovarianceMatrixTo(nil, k))
		within.AddSym(within, &scaled)
	}
	mean0, cov0 := m.Moments()
	for _, f := range []float64{0, 0.5, 0.7, 1, 2} {
		pulled, err := PullMeans(m, f)
		if err != nil {
			t.Fatal(err)
		}
		mean, cov := pulled.Moments()
		for i := range 2 {
			if math.Abs(mean[i]-mean0[i]) > 1e-12 {
				t.Errorf("f = %g: mean %v, want %v", f, mean, mean0)
			}
			for j := range 2 {
				want := within.At(i, j) + f*f*(cov0.At(i, j)-within.At(i, j))
				if math.Abs(cov.At(i, j)-want) > 1e-9 {
					t.Errorf("f = %g: Cov[%d,%d] = %v, want %v", f, i, j, cov.At(i, j), want)
				}
			}
		}
	}
}

func TestPullMeansRejectsBadInput(t *testing.T) {
	for _, f := range []float64{-0.1, math.NaN(), math.Inf(1)} {
		if _, err := PullMeans(articleA(), f); err == nil {
			t.Errorf("f = %v: no error", f)
		}
	}
	if _, err := PullMeans(nil, 1); err == nil {
		t.Error("nil mixture: no error")
	}
}

// gaussianSum returns a grid of the sum of unit bumps N(x | μ, I) at the centres.
func gaussianSum(t *testing.T, centres ...[]float64) *gmmplot.Grid {
	t.Helper()
	var bumps []*distmv.Normal
	for _, c := range centres {
		n, ok := distmv.NewNormal(c, mat.NewSymDense(2, []float64{1, 0, 0, 1}), nil)
		if !ok {
			t.Fatal("identity covariance rejected")
		}
		bumps = append(bumps, n)
	}
	axis, err := gmmplot.Linspace(-10, 10, 81)
	if err != nil {
		t.Fatal(err)
	}
	g, err := gmmplot.NewGrid(axis, axis, func(x, y float64) float64 {
		z := 0.0
		for _, b := range bumps {
			z += b.Prob([]float64{x, y})
		}
		return z
	})
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestPeaksCountsSeparateBumps(t *testing.T) {
	cases := []struct {
		centres [][]float64
		want    int
	}{
		{[][]float64{{0, 0}}, 1},
		{[][]float64{{-4, 0}, {4, 0}}, 2},
		{[][]float64{{-5, -5}, {5, -5}, {0, 5}}, 3},
		{[][]float64{{-0.5, 0}, {0.5, 0}}, 1}, // closer than 2σ: one peak
	}
	for _, c := range cases {
		if got := Peaks(gaussianSum(t, c.centres...)); got != c.want {
			t.Errorf("bumps at %v: %d peaks, want %d", c.centres, got, c.want)
		}
	}
}

func TestPeaksIgnoresBordersAndPlateaus(t *testing.T) {
	axis := []float64{0, 1, 2, 3, 4}
	slope, err := gmmplot.NewGrid(axis, axis, func(x, y float64) float64 { return x + y })
	if err != nil {
		t.Fatal(err)
	}
	flat, err := gmmplot.NewGrid(axis, axis, func(x, y float64) float64 { return 1 })
	if err != nil {
		t.Fatal(err)
	}
	if n := Peaks(slope); n != 0 {
		t.Errorf("a slope with its top on the border: %d peaks, want 0", n)
	}
	if n := Peaks(flat); n != 0 {
		t.Errorf("a plateau: %d peaks, want 0", n)
	}
}

func TestMeanStdErrMatchesClosedForm(t *testing.T) {
	e, err := MeanStdErr([]float64{1, 2, 3, 4})
	if err != nil {
		t.Fatal(err)
	}
	// Mean 2.5; squared deviations 2.25 + 0.25 + 0.25 + 2.25 = 5, variance 5/3.
	if math.Abs(e.Mean-2.5) > 1e-15 || math.Abs(e.StdErr-math.Sqrt(5.0/3)/2) > 1e-15 {
		t.Fatalf("got %+v, want mean 2.5, standard error √(5/3)/2", e)
	}
	for _, bad := range [][]float64{nil, {1}, {1, math.NaN()}, {math.Inf(-1), 2}} {
		if _, err := MeanStdErr(bad); err == nil {
			t.Errorf("%v: no error", bad)
		}
	}
}

func TestCentredProductsAverageToTheCovariance(t *testing.T) {
	x := mat.NewDense(5, 2, []float64{1, 2, 3, 7, -2, 0, 4, 4, 0, -1})
	ps, err := CentredProducts(x, 0, 1)
	if err != nil {
		t.Fatal(err)
	}
	// stat.Covariance divides by N − 1; the products' average divides by N.
	want := stat.Covariance(mat.Col(nil, 0, x), mat.Col(nil, 1, x), nil) * 4 / 5
	if got := stat.Mean(ps, nil); math.Abs(got-want) > 1e-12 {
		t.Fatalf("mean of products %v, want %v", got, want)
	}
	// Column 0 has mean 1.2 and column 1 mean 2.4: the first row gives (−0.2)(−0.4).
	if math.Abs(ps[0]-0.08) > 1e-12 {
		t.Errorf("first product %v, want 0.08", ps[0])
	}
	if _, err := CentredProducts(x, 0, 2); err == nil {
		t.Error("column 2 of a 5×2 matrix: no error")
	}
	x.Set(3, 1, math.NaN())
	if _, err := CentredProducts(x, 0, 1); err == nil {
		t.Error("NaN in the data: no error")
	}
}
