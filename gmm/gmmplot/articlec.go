package gmmplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CriterionSeries is one line of a model-selection plot: a label (a covariance
// type, say) and the criterion's value (BIC or AIC) for each number of
// components.
type CriterionSeries struct {
	Label  string
	Values []float64
}

// LowestCriterion returns the series s and the position j of the lowest value
// over all series (the first one on ties): the model a criterion where smaller
// is better, as BIC and AIC, picks. It returns an error if there is no value,
// or a value is NaN or Inf.
func LowestCriterion(series []CriterionSeries) (s, j int, err error) {
	s, j = -1, -1
	best := math.Inf(1)
	for i, c := range series {
		for k, v := range c.Values {
			if !isFinite(v) {
				return -1, -1, fmt.Errorf("gmmplot: series %q value %d is %v", c.Label, k, v)
			}
			if v < best {
				best, s, j = v, i, k
			}
		}
	}
	if s < 0 {
		return -1, -1, fmt.Errorf("gmmplot: no criterion values")
	}
	return s, j, nil
}

// NewCriterionPlot plots a model-selection criterion against the number of
// components: series i is a line with points in Color(i), its value j drawn at
// K = ks[j]. Each series' lowest value is ringed in its colour, and the lowest
// value of all gets a larger black ring and the legend entry "lowest: <label>,
// K = <k>". Every series goes in the legend. It returns an error unless there
// is at least one series, every series has len(ks) finite values and ks is not
// empty.
func NewCriterionPlot(title, ylabel string, ks []int, series []CriterionSeries) (*plot.Plot, error) {
	if len(ks) == 0 || len(series) == 0 {
		return nil, fmt.Errorf("gmmplot: a criterion plot needs at least one K and one series")
	}
	for _, c := range series {
		if len(c.Values) != len(ks) {
			return nil, fmt.Errorf("gmmplot: series %q has %d values for %d values of K", c.Label, len(c.Values), len(ks))
		}
	}
	bs, bj, err := LowestCriterion(series)
	if err != nil {
		return nil, err
	}
	p := New(title, "number of components K", ylabel)
	p.Add(plotter.NewGrid())
	for i, c := range series {
		if err := addCriterionSeries(p, i, ks, c); err != nil {
			return nil, err
		}
	}
	best, err := ring(float64(ks[bj]), series[bs].Values[bj], color.Black, 9)
	if err != nil {
		return nil, err
	}
	p.Add(best)
	p.Legend.Add(fmt.Sprintf("lowest: %s, K = %d", series[bs].Label, ks[bj]), best)
	p.X.Min, p.X.Max = float64(ks[0])-0.5, float64(ks[len(ks)-1])+0.5
	return p, nil
}

// addCriterionSeries adds series i's line, points and ringed minimum to p.
func addCriterionSeries(p *plot.Plot, i int, ks []int, c CriterionSeries) error {
	xys := make(plotter.XYs, len(ks))
	low := 0
	for j, v := range c.Values {
		xys[j].X, xys[j].Y = float64(ks[j]), v
		if v < c.Values[low] {
			low = j
		}
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return fmt.Errorf("gmmplot: %w", err)
	}
	line.LineStyle = LineStyle(i, nil)
	points.GlyphStyle = draw.GlyphStyle{Color: Color(i), Radius: 2.5, Shape: draw.CircleGlyph{}}
	r, err := ring(xys[low].X, xys[low].Y, Color(i), 5.5)
	if err != nil {
		return err
	}
	p.Add(line, points, r)
	p.Legend.Add(c.Label, line, points)
	return nil
}

// ring returns a ring glyph of the given colour and radius at (x, y).
func ring(x, y float64, c color.Color, radius float64) (*plotter.Scatter, error) {
	s, err := plotter.NewScatter(plotter.XYs{{X: x, Y: y}})
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(radius), Shape: draw.RingGlyph{}}
	return s, nil
}
