package gmmplot

import (
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
	"gonum.org/v1/plot"
)

func TestLabelScatters(t *testing.T) {
	x := mat.NewDense(5, 2, []float64{0, 0, 1, 1, 2, 2, 3, 3, 4, 4})
	labels := []int{2, 0, 2, 0, 2}
	ss, err := NewLabelScatters(x, labels)
	if err != nil {
		t.Fatal(err)
	}
	if len(ss) != 3 || ss[1] != nil {
		t.Fatalf("%d scatters, scatter 1 = %v: want 3 with no points for label 1", len(ss), ss[1])
	}
	for k, want := range map[int][]float64{0: {1, 3}, 2: {0, 2, 4}} {
		if len(ss[k].XYs) != len(want) {
			t.Fatalf("label %d: %d points, want %d", k, len(ss[k].XYs), len(want))
		}
		for i, v := range want {
			if p := ss[k].XYs[i]; p.X != v || p.Y != v {
				t.Errorf("label %d point %d = %v, want (%v, %v)", k, i, p, v, v)
			}
		}
		if c := ss[k].GlyphStyle.Color.(color.NRGBA); c.R != Color(k).R || c.G != Color(k).G || c.B != Color(k).B {
			t.Errorf("label %d colour %v, want %v", k, c, Color(k))
		}
	}
	p := plot.New()
	if err := AddLabelScatters(p, x, labels); err != nil {
		t.Fatal(err)
	}
}

func TestResponsibilityScatter(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, 2})
	resp := mat.NewDense(3, 2, []float64{1, 0, 0, 1, 0.5, 0.5})
	s, err := NewResponsibilityScatter(x, resp)
	if err != nil {
		t.Fatal(err)
	}
	c0, c1 := Color(0), Color(1)
	mid := func(a, b uint8) uint8 { return uint8(math.Round((float64(a) + float64(b)) / 2)) }
	for i, want := range []color.NRGBA{
		{c0.R, c0.G, c0.B, 210}, {c1.R, c1.G, c1.B, 210},
		{mid(c0.R, c1.R), mid(c0.G, c1.G), mid(c0.B, c1.B), 210},
	} {
		if got := s.GlyphStyleFunc(i).Color; got != want {
			t.Errorf("point %d colour %v, want %v", i, got, want)
		}
	}
}

func TestScatterErrors(t *testing.T) {
	x := mat.NewDense(2, 2, []float64{0, 0, 1, 1})
	nan := mat.NewDense(2, 2, []float64{0, math.NaN(), 1, 1})
	good := mat.NewDense(2, 2, []float64{1, 0, 0, 1})
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"three columns", second(NewLabelScatters(mat.NewDense(1, 3, nil), []int{0})), "3 columns"},
		{"NaN point", second(NewLabelScatters(nan, []int{0, 0})), "row 0, column 1 is NaN"},
		{"nil data", second(NewLabelScatters(nil, nil)), "nil data"},
		{"label count", second(NewLabelScatters(x, []int{0})), "1 labels for 2 points"},
		{"negative label", second(NewLabelScatters(x, []int{0, -1})), "negative"},
		{"resp rows", second(NewResponsibilityScatter(x, mat.NewDense(1, 2, []float64{1, 0}))), "1 rows for 2 points"},
		{"resp sum", second(NewResponsibilityScatter(x, mat.NewDense(2, 2, []float64{1, 0, 0.5, 0.4}))), "sum to"},
		{"resp negative", second(NewResponsibilityScatter(x, mat.NewDense(2, 2, []float64{1.5, -0.5, 0, 1}))), "-0.5"},
		{"resp NaN", second(NewResponsibilityScatter(x, mat.NewDense(2, 2, []float64{math.NaN(), 1, 0, 1}))), "NaN"},
		{"resp columns", second(NewResponsibilityScatter(x, mat.NewDense(2, 11, nil))), "11 columns"},
		{"resp nil", second(NewResponsibilityScatter(good, nil)), "nil responsibilities"},
		{"means 1-D", second(NewMeanMarkers(articleB())), "dimension 1"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) || !strings.HasPrefix(c.err.Error(), "gmmplot: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func TestDensityHistogram(t *testing.T) {
	data := []float64{0, 0.1, 0.2, 0.25, 0.9, 1, 1, 2}
	h, err := NewDensityHistogram(data, 4)
	if err != nil {
		t.Fatal(err)
	}
	var area float64
	for _, b := range h.Bins {
		area += b.Weight * (b.Max - b.Min)
	}
	if len(h.Bins) != 4 || !scalar.EqualWithinAbs(area, 1, 1e-12) {
		t.Errorf("%d bins of area %v, want 4 of area 1", len(h.Bins), area)
	}
	// Bin [0, 0.5) holds 4 of 8 points: density 0.5/0.5 = 1.
	if !scalar.EqualWithinAbs(h.Bins[0].Weight, 1, 1e-12) {
		t.Errorf("first bin density %v, want 1", h.Bins[0].Weight)
	}
}

func TestPDFsAndFrame(t *testing.T) {
	m := articleB()
	for k, n := range []distuv.Normal{{Mu: -0.3, Sigma: 0.15}, {Mu: 0.5, Sigma: 0.3}} {
		f, err := NewComponentPDF(m, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range []float64{-1, -0.3, 0, 0.5, 1.2} {
			if got, want := f.F(x), m.Weight(k)*n.Prob(x); !scalar.EqualWithinAbsOrRel(got, want, 1e-14, 1e-12) {
				t.Errorf("component %d at %v: %v, want λ·N = %v", k, x, got, want)
			}
		}
	}
	mix, err := NewMixturePDF(m)
	if err != nil {
		t.Fatal(err)
	}
	x := 0.1
	want := 0.35*distuv.Normal{Mu: -0.3, Sigma: 0.15}.Prob(x) + 0.65*distuv.Normal{Mu: 0.5, Sigma: 0.3}.Prob(x)
	if got := mix.F(x); !scalar.EqualWithinRel(got, want, 1e-12) {
		t.Errorf("mixture at %v: %v, want %v", x, got, want)
	}
	data := []float64{-0.5, -0.3, -0.2, 0.4, 0.5, 0.6, 0.9}
	p, err := HistogramFrame(data, 5, m, "log likelihood = -1")
	if err != nil {
		t.Fatal(err)
	}
	// The y axis reaches the tallest curve: component 1's peak 0.35/(0.15√(2π)).
	if peak := 0.35 / (0.15 * math.Sqrt(2*math.Pi)); p.Y.Max < peak || p.Y.Max > 1.1*peak+1 {
		t.Errorf("y max %v, want just above the peak %v", p.Y.Max, peak)
	}
	if got := component1DLabel(m, 1); got != "λ₂ = 0.65, μ₂ = 0.5, σ₂ = 0.3" {
		t.Errorf("label %q", got)
	}
}

func TestHistogramErrors(t *testing.T) {
	m := articleB()
	m2 := articleA()
	data := []float64{0, 1, 2}
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"empty", second(NewDensityHistogram(nil, 5)), "no data"},
		{"NaN", second(NewDensityHistogram([]float64{0, math.NaN()}, 5)), "point 1 is NaN"},
		{"constant", second(NewDensityHistogram([]float64{2, 2}, 5)), "all data points equal"},
		{"bins", second(NewDensityHistogram(data, 0)), "0 bins"},
		{"2-D component", second(NewComponentPDF(m2, 0)), "dimension 2"},
		{"component range", second(NewComponentPDF(m, 2)), "out of range"},
		{"2-D mixture", second(NewMixturePDF(m2)), "dimension 2"},
		{"frame 2-D", second(HistogramFrame(data, 5, m2, "")), "dimension 2"},
		{"frame nil", second(HistogramFrame(data, 5, nil, "")), "nil mixture"},
		{"history empty", second(NewLogLikelihoodPlot(nil, "")), "empty"},
		{"history NaN", second(NewLogLikelihoodPlot([]float64{-3, math.Inf(-1)}, "")), "log-likelihood 1 is -Inf"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) || !strings.HasPrefix(c.err.Error(), "gmmplot: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}
