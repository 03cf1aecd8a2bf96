package gmmplot

import (
	"bytes"
	"image/png"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

func TestLowestCriterion(t *testing.T) {
	series := []CriterionSeries{
		{Label: "full", Values: []float64{10, 4, 6}},
		{Label: "diag", Values: []float64{9, 5, 3}},
		{Label: "tied", Values: []float64{8, 3, 7}},                   // ties with diag's 3: the first one found wins
		{Label: "gaps", Values: []float64{math.NaN(), 5, math.NaN()}}, // NaN: models left out
	}
	s, j, err := LowestCriterion(series)
	if err != nil {
		t.Fatal(err)
	}
	if s != 1 || j != 2 {
		t.Errorf("lowest at series %d, position %d: want 1, 2", s, j)
	}
	for _, bad := range [][]CriterionSeries{
		nil,
		{{Label: "empty", Values: nil}},
		{{Label: "all nan", Values: []float64{math.NaN(), math.NaN()}}},
		{{Label: "inf", Values: []float64{math.Inf(-1)}}},
	} {
		if _, _, err := LowestCriterion(bad); err == nil {
			t.Errorf("LowestCriterion(%v): no error", bad)
		}
	}
}

func TestNewCriterionPlot(t *testing.T) {
	ks := []int{1, 2, 3}
	// diag's 2 at K = 2 is a model left out (NaN): the lowest is its 3 at K = 3.
	series := []CriterionSeries{{Label: "full", Values: []float64{10, 4, 6}}, {Label: "diag", Values: []float64{9, math.NaN(), 3}}, {Label: "none", Values: []float64{math.NaN(), math.NaN(), math.NaN()}}}
	p, err := NewCriterionPlot("BIC", "BIC", ks, series)
	if err != nil {
		t.Fatal(err)
	}
	// The legend names each series and the overall lowest value.
	rec := &recorder.Canvas{}
	p.Draw(draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 400, Y: 300}}})
	texts := map[string]bool{}
	for _, a := range rec.Actions {
		if a, ok := a.(*recorder.FillString); ok {
			texts[a.String] = true
		}
	}
	for _, want := range []string{"full", "diag", "none (no fit)", "lowest: diag, K = 3", "number of components K", "1", "2", "3"} {
		if !texts[want] {
			t.Errorf("no text %q drawn", want)
		}
	}
	if p.X.Min != 0.5 || p.X.Max != 3.5 {
		t.Errorf("x range [%v, %v], want [0.5, 3.5]", p.X.Min, p.X.Max)
	}
	b, err := PNG(&Figure{Plot: p}, 5*vg.Inch, 3*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
}

func TestNewCriterionPlotErrors(t *testing.T) {
	for name, c := range map[string]struct {
		ks     []int
		series []CriterionSeries
		want   string
	}{
		"no K":        {nil, []CriterionSeries{{Label: "a", Values: nil}}, "at least one"},
		"no series":   {[]int{1}, nil, "at least one"},
		"short":       {[]int{1, 2}, []CriterionSeries{{Label: "a", Values: []float64{1}}}, "1 values for 2"},
		"infinite":    {[]int{1, 2}, []CriterionSeries{{Label: "a", Values: []float64{1, math.Inf(1)}}}, "+Inf"},
		"all NaN":     {[]int{1}, []CriterionSeries{{Label: "a", Values: []float64{math.NaN()}}}, "no criterion values"},
		"second long": {[]int{1}, []CriterionSeries{{Label: "a", Values: []float64{1}}, {Label: "b", Values: []float64{1, 2}}}, "2 values for 1"},
	} {
		_, err := NewCriterionPlot("t", "y", c.ks, c.series)
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "gmmplot: ") {
			t.Errorf("%s: error %v, want one containing %q", name, err, c.want)
		}
	}
}
