package gmmplot

import (
	"fmt"
	"image/color"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// CriterionSeries is one line of a model-selection plot: a label (a covariance
// type, say) and the criterion's value (BIC or AIC) for each number of
// components, and how to draw it.
type CriterionSeries struct {
	Label  string
	Values []float64
	// Style is how NewCriterionPlot draws the series; its zero fields take the
	// defaults of series i (see SeriesStyle).
	Style SeriesStyle
}

// SeriesStyle is the look of a criterion series: its colour, the glyph at each
// value and the dash pattern of its line. A nil field takes the default of
// series i: Color(i), a filled circle and a solid line. ModelStyle gives each
// of mclust's models its own.
type SeriesStyle struct {
	Color  color.Color
	Glyph  draw.GlyphDrawer
	Dashes []vg.Length
}

// resolve returns the line and glyph styles of series i drawn in style s.
func (s SeriesStyle) resolve(i int) (draw.LineStyle, draw.GlyphStyle) {
	line := LineStyle(i, s.Dashes)
	glyph := draw.GlyphStyle{Color: Color(i), Radius: 2.5, Shape: draw.CircleGlyph{}}
	if s.Color != nil {
		line.Color, glyph.Color = s.Color, s.Color
	}
	if s.Glyph != nil {
		glyph.Shape, glyph.Radius = s.Glyph, 3
	}
	return line, glyph
}

// LowestCriterion returns the series s and the position j of the lowest value
// over all series (the first one on ties): the model a criterion where smaller
// is better, as BIC and AIC, picks. A NaN value is a model left out (a failed
// or rejected fit) and is skipped. It returns an error if no value is left, or
// a value is infinite.
func LowestCriterion(series []CriterionSeries) (s, j int, err error) {
	s, j = -1, -1
	best := math.Inf(1)
	for i, c := range series {
		for k, v := range c.Values {
			if math.IsNaN(v) {
				continue
			}
			if math.IsInf(v, 0) {
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
// components: series i is a line with points in its Style (default: Color(i),
// filled circles, solid), its value j drawn at K = ks[j]. Each series' lowest
// value is ringed in its colour, and the lowest
// value of all gets a larger black ring and the legend entry "lowest: <label>,
// K = <k>". Every series goes in the legend, and every K gets a labelled tick. A NaN value is a model left out:
// it is not drawn and the line has a gap there. It returns an error unless ks
// is not empty, there is at least one series, every series has len(ks) values,
// none infinite, and at least one value is not NaN.
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
	ticks := make(plot.ConstantTicks, len(ks))
	for j, k := range ks {
		ticks[j] = plot.Tick{Value: float64(k), Label: strconv.Itoa(k)}
	}
	p.X.Tick.Marker = ticks
	return p, nil
}

// addCriterionSeries adds series i's lines, points and ringed minimum to p:
// one line per run of values that are not NaN.
func addCriterionSeries(p *plot.Plot, i int, ks []int, c CriterionSeries) error {
	style, glyph := c.Style.resolve(i)
	var run plotter.XYs
	var legend []plot.Thumbnailer
	low := -1
	flush := func() error {
		if len(run) == 0 {
			return nil
		}
		line, points, err := plotter.NewLinePoints(run)
		if err != nil {
			return fmt.Errorf("gmmplot: %w", err)
		}
		line.LineStyle, points.GlyphStyle = style, glyph
		p.Add(line, points)
		legend = []plot.Thumbnailer{line, points}
		run = nil
		return nil
	}
	for j, v := range c.Values {
		if math.IsNaN(v) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		run = append(run, plotter.XY{X: float64(ks[j]), Y: v})
		if low < 0 || v < c.Values[low] {
			low = j
		}
	}
	if err := flush(); err != nil {
		return err
	}
	if low < 0 {
		p.Legend.Add(c.Label+" (no fit)", LegendLine(style))
		return nil
	}
	r, err := ring(float64(ks[low]), c.Values[low], style.Color, 5.5)
	if err != nil {
		return err
	}
	p.Add(r)
	p.Legend.Add(c.Label, legend...)
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
