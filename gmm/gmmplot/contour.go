package gmmplot

import (
	"fmt"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// PrettyLevels returns about n round, evenly spaced contour levels covering
// [lo, hi]: the multiples of a step of 1, 2 or 5 times a power of ten from
// below lo to above hi, as R's pretty(c(lo, hi), n) and ggplot2's contour
// breaks give (R's extra rule for fewer than n/3 intervals is left out).
// Article A's shared levels for its weighted components are
// PrettyLevels(0, 0.00333, 10) = 0, 0.0005, …, 0.0035. It returns an error
// unless lo < hi are finite and n ≥ 1.
func PrettyLevels(lo, hi float64, n int) ([]float64, error) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo >= hi {
		return nil, fmt.Errorf("gmmplot: bad level range [%v, %v]", lo, hi)
	}
	if n < 1 {
		return nil, fmt.Errorf("gmmplot: %d levels, want at least 1", n)
	}
	step := niceStep((hi - lo) / float64(n))
	first, last := math.Floor(lo/step+1e-9), math.Ceil(hi/step-1e-9)
	levels := make([]float64, 0, int(last-first)+1)
	for i := first; i <= last; i++ {
		levels = append(levels, roundTo(i*step, step))
	}
	return levels, nil
}

// niceStep returns the step of R's pretty() for a cell (range/n): 1, 2, 5 or
// 10 times the power of ten below cell, chosen with R's high.u.bias = 1.5
// (src/appl/pretty.c).
func niceStep(cell float64) float64 {
	const h, h5 = 1.5, 0.5 + 1.5*1.5
	base := math.Pow(10, math.Floor(math.Log10(cell)))
	unit := base
	if ns := 2 * base; ns-cell < h*(cell-unit) {
		unit = ns
		if ns := 5 * base; ns-cell < h5*(cell-unit) {
			unit = ns
			if ns := 10 * base; ns-cell < h*(cell-unit) {
				unit = ns
			}
		}
	}
	return unit
}

// roundTo removes the floating-point noise of a multiple of step.
func roundTo(v, step float64) float64 {
	digits := math.Pow(10, math.Max(0, 3-math.Floor(math.Log10(step))))
	return math.Round(v*digits) / digits
}

// SharedLevels returns PrettyLevels(min, max, n) over the values of all the
// grids, so that contours of several densities drawn with them are comparable:
// the same line means the same density everywhere on the plot.
func SharedLevels(n int, grids ...*Grid) ([]float64, error) {
	if len(grids) == 0 {
		return nil, fmt.Errorf("gmmplot: no grids")
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for i, g := range grids {
		if g == nil {
			return nil, fmt.Errorf("gmmplot: grid %d is nil", i)
		}
		lo, hi = math.Min(lo, g.Min()), math.Max(hi, g.Max())
	}
	return PrettyLevels(lo, hi, n)
}

// ContourLines draws the contour lines of a grid at the given levels, all in
// one line style. Several ContourLines with shared levels, one colour per
// component and a dash pattern per kind of density, make article A's figures.
// It is a plot.Plotter, a plot.DataRanger and a plot.Thumbnailer (a line in its
// style), so it can be added to a plot and to its legend.
type ContourLines struct {
	Grid   *Grid
	Levels []float64
	draw.LineStyle
}

// NewContourLines returns contour lines of g at levels drawn in style. It
// returns an error if g is nil, levels is empty or a level is NaN or infinite.
func NewContourLines(g *Grid, levels []float64, style draw.LineStyle) (*ContourLines, error) {
	if g == nil {
		return nil, fmt.Errorf("gmmplot: nil grid")
	}
	if err := checkLevels(levels); err != nil {
		return nil, err
	}
	return &ContourLines{Grid: g, Levels: append([]float64(nil), levels...), LineStyle: style}, nil
}

func checkLevels(levels []float64) error {
	if len(levels) == 0 {
		return fmt.Errorf("gmmplot: no contour levels")
	}
	for i, l := range levels {
		if math.IsNaN(l) || math.IsInf(l, 0) {
			return fmt.Errorf("gmmplot: contour level %d is %v", i, l)
		}
	}
	return nil
}

// Plot draws the contour lines; it implements plot.Plotter.
func (cl *ContourLines) Plot(c draw.Canvas, p *plot.Plot) {
	// A level outside [Min, Max] has no contour: plotter.Contour colours such
	// levels with Underflow/Overflow, which are nil, so nothing is drawn.
	pc := &plotter.Contour{
		GridXYZ:    cl.Grid,
		Levels:     cl.Levels,
		LineStyles: []draw.LineStyle{cl.LineStyle},
		Min:        cl.Grid.Min(),
		Max:        cl.Grid.Max(),
	}
	pc.Plot(c, p)
}

// DataRange returns the grid's rectangle; it implements plot.DataRanger.
func (cl *ContourLines) DataRange() (xmin, xmax, ymin, ymax float64) {
	return gridRange(cl.Grid)
}

// Thumbnail draws a line in the contour style; it implements plot.Thumbnailer.
func (cl *ContourLines) Thumbnail(c *draw.Canvas) { lineThumbnail(c, cl.LineStyle) }

func gridRange(g *Grid) (xmin, xmax, ymin, ymax float64) {
	nc, nr := g.Dims()
	return g.X(0), g.X(nc - 1), g.Y(0), g.Y(nr - 1)
}

// lineThumbnail draws a horizontal line in style across the middle of c.
func lineThumbnail(c *draw.Canvas, style draw.LineStyle) {
	y := c.Center().Y
	c.StrokeLine2(style, c.Min.X, y, c.Max.X, y)
}

// LegendLine is a plot.Thumbnailer that draws a line in its style: a legend
// entry for a kind of line ("weighted component, dashed") rather than a
// particular plotter.
type LegendLine draw.LineStyle

// Thumbnail draws the line; it implements plot.Thumbnailer.
func (l LegendLine) Thumbnail(c *draw.Canvas) {
	lineThumbnail(c, draw.LineStyle(l))
}

// NewComponentContours returns the contour lines of grids[k] in LineStyle(k,
// dashes) for every k, all at the same levels: one colour per component, the
// dash pattern telling the kind of density.
func NewComponentContours(grids []*Grid, levels []float64, dashes []vg.Length) ([]*ContourLines, error) {
	if len(grids) == 0 {
		return nil, fmt.Errorf("gmmplot: no grids")
	}
	lines := make([]*ContourLines, len(grids))
	for k, g := range grids {
		var err error
		if lines[k], err = NewContourLines(g, levels, LineStyle(k, dashes)); err != nil {
			return nil, err
		}
	}
	return lines, nil
}
