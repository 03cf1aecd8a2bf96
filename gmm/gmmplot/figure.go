package gmmplot

import (
	"fmt"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// Drawer is anything that draws itself on a canvas: a *plot.Plot, a *Figure or
// a *Tiles. The rendering functions take a Drawer.
type Drawer interface {
	Draw(c draw.Canvas)
}

// Figure draws a plot with its legend outside the data area, to the right of
// the plot, so it never covers data; the legend's entries may span several
// lines (see ComponentLabel). With EqualAspect the x or y range is widened so
// one unit has the same length on both axes (circles look round). With
// KeepRanges as well, the ranges stay as they are and the data area is
// narrowed instead, as ggplot2's coord_fixed does: use it for a filled contour
// or an image, whose grid would otherwise leave blank bands at the sides.
type Figure struct {
	Plot        *plot.Plot
	EqualAspect bool
	KeepRanges  bool
}

// Draw draws the figure on c; it implements Drawer.
func (f *Figure) Draw(c draw.Canvas) {
	c = draw.Crop(c, figurePad, -figurePad, figurePad, -figurePad)
	q := *f.Plot // a shallow copy: axes and legend can change without touching f.Plot
	q.Legend = plot.NewLegend()
	legend := f.Plot.Legend
	lw := legendWidth(&legend, c)
	pc := draw.Crop(c, 0, -lw, 0, 0)
	if f.EqualAspect {
		pc = equalAspect(&q, pc, f.KeepRanges)
	}
	q.Draw(pc)
	if lw == 0 {
		return
	}
	data := q.DataCanvas(pc)
	lc := draw.Canvas{Canvas: c.Canvas, Rectangle: vg.Rectangle{
		Min: vg.Point{X: pc.Max.X + legendGap, Y: data.Min.Y},
		Max: vg.Point{X: c.Max.X, Y: data.Max.Y},
	}}
	legend.Top, legend.Left, legend.XOffs, legend.YOffs = true, true, 0, 0
	legend.Draw(lc)
}

// figurePad is the blank margin around a Figure.
const figurePad = vg.Length(5)

// legendGap is the space between the data area and an outside legend.
const legendGap = vg.Length(8)

// legendWidth returns the width an outside legend needs, with its gap, or 0
// for a legend without entries.
func legendWidth(l *plot.Legend, c draw.Canvas) vg.Length {
	r := l.Rectangle(c)
	w := r.Max.X - r.Min.X
	if w <= 0 {
		return 0
	}
	return w + 2*legendGap
}

// equalAspect widens the x or y range of p so a unit has the same length on
// both axes when p is drawn on c, and returns the canvas to draw it on. The
// data area depends on the tick labels, which depend on the ranges, so the
// widening is repeated for the data area of the last pass; the small
// mismatch left is removed by trimming the canvas, which keeps the ranges.
// With keepRanges nothing is widened: the canvas is trimmed all the way.
func equalAspect(p *plot.Plot, c draw.Canvas, keepRanges bool) draw.Canvas {
	x0, x1, y0, y1 := p.X.Min, p.X.Max, p.Y.Min, p.Y.Max
	widenings := 3
	if keepRanges {
		widenings = 0
	}
	for range widenings {
		w, h := dataSize(p, c)
		if w <= 0 || h <= 0 {
			return c
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = x0, x1, y0, y1
		if xr, yr := x1-x0, y1-y0; xr/w > yr/h { // x has more units per length: widen y
			grow(&p.Y.Min, &p.Y.Max, xr/w*h)
		} else {
			grow(&p.X.Min, &p.X.Max, yr/h*w)
		}
	}
	for range 3 {
		w, h := dataSize(p, c)
		if w <= 0 || h <= 0 {
			return c
		}
		ux, uy := (p.X.Max-p.X.Min)/w, (p.Y.Max-p.Y.Min)/h
		if ux < uy {
			cut := vg.Length(w-(p.X.Max-p.X.Min)/uy) / 2
			c = draw.Crop(c, cut, -cut, 0, 0)
		} else {
			cut := vg.Length(h-(p.Y.Max-p.Y.Min)/ux) / 2
			c = draw.Crop(c, 0, 0, cut, -cut)
		}
	}
	return c
}

// dataSize returns the width and height of p's data area when drawn on c.
func dataSize(p *plot.Plot, c draw.Canvas) (w, h float64) {
	d := p.DataCanvas(c)
	return float64(d.Max.X - d.Min.X), float64(d.Max.Y - d.Min.Y)
}

// grow widens [*lo, *hi] about its centre to width if it is narrower.
func grow(lo, hi *float64, width float64) {
	if *hi-*lo >= width {
		return
	}
	mid := (*lo + *hi) / 2
	*lo, *hi = mid-width/2, mid+width/2
}

// Tiles draws plots in a grid of Rows × Cols tiles, row by row, with
// plot.Align lining up their data areas; a nil plot leaves its tile empty.
// Each plot's legend is drawn inside its data area, as gonum/plot does.
// EqualAspect and KeepRanges act on every tile as on a Figure (a plot's own
// ranges are not modified); give the plots one range with CommonRange first.
type Tiles struct {
	Rows, Cols  int
	Plots       []*plot.Plot
	EqualAspect bool
	KeepRanges  bool
}

// NewTiles returns the plots laid out in rows × cols tiles. It returns an
// error unless rows, cols ≥ 1 and there are at most rows·cols plots.
func NewTiles(rows, cols int, plots ...*plot.Plot) (*Tiles, error) {
	if rows < 1 || cols < 1 {
		return nil, fmt.Errorf("gmmplot: %d×%d tiles, want at least 1×1", rows, cols)
	}
	if len(plots) > rows*cols {
		return nil, fmt.Errorf("gmmplot: %d plots do not fit in %d×%d tiles", len(plots), rows, cols)
	}
	return &Tiles{Rows: rows, Cols: cols, Plots: plots}, nil
}

// Draw draws the tiles on c; it implements Drawer.
func (t *Tiles) Draw(c draw.Canvas) {
	grid := make([][]*plot.Plot, t.Rows)
	for r := range grid {
		grid[r] = make([]*plot.Plot, t.Cols)
		for col := range grid[r] {
			if i := r*t.Cols + col; i < len(t.Plots) {
				grid[r][col] = t.Plots[i]
			}
		}
	}
	tiles := draw.Tiles{Rows: t.Rows, Cols: t.Cols, PadX: vg.Millimeter * 4, PadY: vg.Millimeter * 4,
		PadTop: vg.Millimeter * 2, PadBottom: vg.Millimeter * 2, PadLeft: vg.Millimeter * 2, PadRight: vg.Millimeter * 2}
	canvases := plot.Align(grid, tiles, c)
	for r := range grid {
		for col, p := range grid[r] {
			switch {
			case p == nil:
			case t.EqualAspect:
				q := *p // a shallow copy: the ranges can change without touching p
				q.Draw(equalAspect(&q, canvases[r][col], t.KeepRanges))
			default:
				p.Draw(canvases[r][col])
			}
		}
	}
}

// ComponentLabel returns a three-line legend label for component k (shown
// counted from 1, as in the articles): "k = 1,  π = 0.45" (the weight only if
// withWeight), "μ = (0, 5)", "Σ = [36 10; 10 25]". Numbers have at most four
// significant digits.
func ComponentLabel(m *gmm.Mixture, k int, withWeight bool) string {
	head := fmt.Sprintf("k = %d", k+1)
	if withWeight {
		head += ",  π = " + formatNumber(m.Weight(k))
	}
	return head + "\nμ = " + formatVector(m.Mean(k)) + "\nΣ = " + formatMatrix(m.CovarianceMatrixTo(nil, k))
}

// MixtureLabel returns article A's parameter box for the whole mixture:
// "π = (0.45, 0.25, 0.3)", "μ = ((0, 5), (5, -10), …)", "Σ = ([36 10; 10 25], …)".
func MixtureLabel(m *gmm.Mixture) string {
	mus, sigmas := make([]string, m.K()), make([]string, m.K())
	for k := range mus {
		mus[k] = formatVector(m.Mean(k))
		sigmas[k] = formatMatrix(m.CovarianceMatrixTo(nil, k))
	}
	return "π = " + formatVector(m.Weights()) +
		"\nμ = (" + strings.Join(mus, ", ") + ")" +
		"\nΣ = (" + strings.Join(sigmas, ", ") + ")"
}

func formatVector(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = formatNumber(x)
	}
	return "(" + strings.Join(s, ", ") + ")"
}

func formatMatrix(a mat.Matrix) string {
	r, c := a.Dims()
	rows := make([]string, r)
	for i := range rows {
		cells := make([]string, c)
		for j := range cells {
			cells[j] = formatNumber(a.At(i, j))
		}
		rows[i] = strings.Join(cells, " ")
	}
	return "[" + strings.Join(rows, "; ") + "]"
}

// AddComponentLegend adds the lines of each component's ComponentLabel to
// p's legend, the first beside a line of the component's colour, and then
// one entry per kind of line, a grey line in its dash pattern ("π_k N(x |
// μ_k, Σ_k)" for Solid, …). One line per entry keeps the legend compact:
// gonum/plot gives every entry the height of the tallest.
func AddComponentLegend(p *plot.Plot, m *gmm.Mixture, withWeight bool, kinds ...LineKind) {
	for k := 0; k < m.K(); k++ {
		for i, line := range strings.Split(ComponentLabel(m, k, withWeight), "\n") {
			if i == 0 {
				p.Legend.Add(line, LegendLine(LineStyle(k, nil)))
			} else {
				p.Legend.Add(line)
			}
		}
	}
	for _, kind := range kinds {
		p.Legend.Add(kind.Label, LegendLine(kind.Style()))
	}
}

// LineKind names a kind of density line for a legend: its label and dash
// pattern ("mixture", Solid).
type LineKind struct {
	Label  string
	Dashes []vg.Length
}

// Style returns the grey line style of the kind, for its legend entry.
func (lk LineKind) Style() draw.LineStyle {
	return draw.LineStyle{Color: neutral, Width: vg.Points(1.5), Dashes: lk.Dashes}
}

// New returns an empty plot with the book's look: a title, axis labels, and
// fonts of 13 points for the title and 11 for labels, ticks and legend.
func New(title, xlabel, ylabel string) *plot.Plot {
	p := plot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = font.Length(13)
	p.X.Label.Text, p.Y.Label.Text = xlabel, ylabel
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Label.TextStyle.Font.Size = 11
		a.Tick.Label.Font.Size = 10
		a.Tick.Marker = plainTicks{}
	}
	p.Legend.TextStyle.Font.Size = 10
	p.Legend.Padding = vg.Points(4)
	return p
}

// plainTicks are R-like axis ticks: labelled major ticks at PrettyLevels(lo,
// hi, 5) inside the range ("-20, -10, 0, 10", not "-25.00, -5.00, 15.00"),
// with unlabelled minor ticks halfway between.
type plainTicks struct{}

// Ticks returns the ticks; it implements plot.Ticker.
func (plainTicks) Ticks(lo, hi float64) []plot.Tick {
	levels, err := PrettyLevels(lo, hi, 5)
	if err != nil {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	step := levels[1] - levels[0]
	var ticks []plot.Tick
	for _, v := range levels {
		if v >= lo-1e-9*step && v <= hi+1e-9*step {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(v, 'g', 6, 64)})
		}
		if m := v + step/2; m >= lo && m <= hi {
			ticks = append(ticks, plot.Tick{Value: m})
		}
	}
	if len(ticks) < 2 {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	return ticks
}
