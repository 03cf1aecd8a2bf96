package book

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmv"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

func TestTableAlignsNamesLeftAndNumbersRight(t *testing.T) {
	got := Table([]string{"name", "value"}, [][]string{{"a", "1"}, {"b", "2"}})
	want := "| name | value |\n| :--- | ---: |\n| a | 1 |\n| b | 2 |\n"
	if got != want {
		t.Errorf("Table =\n%s\nwant\n%s", got, want)
	}
}

func TestDifference(t *testing.T) {
	for _, c := range []struct {
		v, limit float64
		want     string
	}{{1e-13, 1e-10, "< 1e-10"}, {2.345e-7, 1e-10, "2.3e-07"}, {0, 1e-12, "< 1e-12"}} {
		if got := Difference(c.v, c.limit); got != c.want {
			t.Errorf("Difference(%g, %g) = %q, want %q", c.v, c.limit, got, c.want)
		}
	}
}

// twoBlobs returns 200 points from two well-separated round clusters.
func twoBlobs(t *testing.T) *mat.Dense {
	t.Helper()
	m, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{0, 0}, {6, 0}},
		[]mat.Symmetric{mat.NewSymDense(2, []float64{1, 0, 0, 1}), mat.NewSymDense(2, []float64{1, 0.5, 0.5, 1})})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := m.Sample(200, rand.NewPCG(1, 1))
	return x
}

// The BIC of full covariances with K = 1 is that of the single Gaussian with the
// sample mean and the (divisor-N) sample covariance, computed here with gonum's
// stat and distmv: −2 log L + p log N with p = 2 + 3.
func TestCriteriaAgainstOneGaussian(t *testing.T) {
	x := twoBlobs(t)
	n, _ := x.Dims()
	mean := []float64{stat.Mean(mat.Col(nil, 0, x), nil), stat.Mean(mat.Col(nil, 1, x), nil)}
	var cov mat.SymDense
	stat.CovarianceMatrix(&cov, x, nil)
	cov.ScaleSym(float64(n-1)/float64(n), &cov)
	normal, ok := distmv.NewNormal(mean, &cov, nil)
	if !ok {
		t.Fatal("sample covariance not positive definite")
	}
	var ll float64
	for i := range n {
		ll += normal.LogProb(x.RawRowView(i))
	}
	wantBIC := -2*ll + 5*math.Log(float64(n))

	leaveOut := func(c gmm.Candidate) bool { return c.Covariance == gmm.Tied && c.K == 2 }
	ks, bic, aic, err := Criteria(x, 3, &gmm.Settings{Src: rand.NewPCG(2, 2)}, leaveOut)
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 3 || len(bic) != 4 || len(aic) != 4 || bic[0].Label != "full" {
		t.Fatalf("ks %v, %d BIC and %d AIC series, first %q", ks, len(bic), len(aic), bic[0].Label)
	}
	if got := bic[0].Values[0]; math.Abs(got-wantBIC) > 1e-6*math.Abs(wantBIC) {
		t.Errorf("BIC of full K = 1: %v, want %v", got, wantBIC)
	}
	if got, want := aic[0].Values[0], -2*ll+2*5; math.Abs(got-want) > 1e-6*math.Abs(want) {
		t.Errorf("AIC of full K = 1: %v, want %v", got, want)
	}
	tied := bic[3]
	if tied.Label != "tied" || !math.IsNaN(tied.Values[1]) || math.IsNaN(tied.Values[0]) {
		t.Errorf("left-out fit: series %q values %v, want NaN at K = 2 only", tied.Label, tied.Values)
	}
	table, err := CriterionTable(ks, bic)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(table, "**") != 2 || !strings.Contains(table, "—") {
		t.Errorf("table without one bold lowest value or the left-out dash:\n%s", table)
	}
	pick, err := Pick(ks, bic)
	if err != nil || !strings.HasSuffix(pick, "covariances with K = 2") {
		t.Errorf("Pick = %q, %v; want K = 2 for two clusters", pick, err)
	}
}

func TestClusterAndDensityPlots(t *testing.T) {
	x := twoBlobs(t)
	res, err := gmm.Fit(x, nil, 2, &gmm.Settings{Src: rand.NewPCG(3, 3)})
	if err != nil {
		t.Fatal(err)
	}
	p, err := ClusterPlot("c", x, res.Mixture, 1, 2)
	if err != nil {
		t.Fatal(err)
	}
	ClusterKeys(p, res.Mixture, 1, 2)
	if _, _, _, err := PNG(&gmmplot.Figure{Plot: p}, 4, 3); err != nil {
		t.Error(err)
	}
	if _, err := ClusterPlot("c", x, res.Mixture); err == nil {
		t.Error("no σ level: no error")
	}
	d, err := DensityPlot("d", x, res.Mixture)
	if err != nil {
		t.Fatal(err)
	}
	if d.X.Min > -3 || d.X.Max < 9 {
		t.Errorf("density plot x range %v–%v does not cover the data", d.X.Min, d.X.Max)
	}
	if _, err := Dots(mat.NewDense(1, 2, []float64{math.NaN(), 0}), nil, 1); err == nil {
		t.Error("NaN point: no error")
	}
}

// TestCriterionTableHeader: the rows' header and Pick name what the series are:
// covariance types, mclust's models, or anything else.
func TestCriterionTableHeader(t *testing.T) {
	ks := []int{1, 2}
	rows := []gmm.ModelFit{{Model: gmm.VEV, K: 1, BIC: 5}, {Model: gmm.VEV, K: 2, BIC: 3}, {Model: gmm.EII, K: 1, BIC: 6}, {Model: gmm.EII, K: 2, BIC: 4}}
	models, mks, err := gmmplot.ModelCriterionSeries(rows, func(r gmm.ModelFit) float64 { return r.BIC })
	if err != nil {
		t.Fatal(err)
	}
	types := []gmmplot.CriterionSeries{{Label: "full", Values: []float64{5, 3}}, {Label: "tied", Values: []float64{6, 4}}}
	other := []gmmplot.CriterionSeries{{Label: "BIC", Values: []float64{5, 3}}, {Label: "VEV", Values: []float64{6, 4}}}
	for _, c := range []struct {
		series       []gmmplot.CriterionSeries
		header, pick string
	}{
		{models, "| model |", "model VEV with K = 2"},
		{types, "| covariance |", "full covariances with K = 2"},
		{other, "| series |", "BIC with K = 2"},
	} {
		table, err := CriterionTable(mks, c.series)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(table, c.header) {
			t.Errorf("table of %s…: header\n%s\nwant it to start with %q", c.series[0].Label, table, c.header)
		}
		if pick, err := Pick(ks, c.series); err != nil || pick != c.pick {
			t.Errorf("Pick = %q, %v; want %q", pick, err, c.pick)
		}
	}
}
