package gmmplot

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"sort"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// viridis holds viridisLite::viridis(9), the palette ggplot2's
// geom_contour_filled uses by default (article A's filled figure).
var viridis = []color.RGBA{
	{0x44, 0x01, 0x54, 0xff}, {0x47, 0x2d, 0x7b, 0xff}, {0x3b, 0x52, 0x8b, 0xff},
	{0x2c, 0x72, 0x8e, 0xff}, {0x21, 0x90, 0x8c, 0xff}, {0x27, 0xad, 0x81, 0xff},
	{0x5d, 0xc8, 0x63, 0xff}, {0xaa, 0xdc, 0x32, 0xff}, {0xfd, 0xe7, 0x25, 0xff},
}

// DensityColors returns n colours running evenly along the viridis scale
// from dark purple (low density) to yellow (high density). It panics if n < 1.
func DensityColors(n int) []color.Color {
	if n < 1 {
		panic("gmmplot: DensityColors needs at least one colour")
	}
	cols := make([]color.Color, n)
	for i := range cols {
		t := 0.5
		if n > 1 {
			t = float64(i) / float64(n-1)
		}
		cols[i] = viridisAt(t)
	}
	return cols
}

// viridisAt interpolates the viridis scale at t in [0, 1].
func viridisAt(t float64) color.RGBA {
	pos := t * float64(len(viridis)-1)
	i := int(math.Min(math.Floor(pos), float64(len(viridis)-2)))
	f := pos - float64(i)
	a, b := viridis[i], viridis[i+1]
	mix := func(u, v uint8) uint8 { return uint8(math.Round(float64(u) + f*(float64(v)-float64(u)))) }
	return color.RGBA{R: mix(a.R, b.R), G: mix(a.G, b.G), B: mix(a.B, b.B), A: 0xff}
}

// FilledContour fills the bands between consecutive contour levels of a grid:
// a point whose value lies in [Levels[i], Levels[i+1]) gets Colors[i]; points
// outside [Levels[0], Levels[len-1]] are left empty. The grid is interpolated
// bilinearly onto an image about Resolution pixels wide, so band edges are
// smooth. AddLegend adds one legend entry per band, a discrete colour bar.
type FilledContour struct {
	Grid       *Grid
	Levels     []float64
	Colors     []color.Color
	Resolution int
}

// NewFilledContour returns the filled bands of g between levels, coloured
// with DensityColors(len(levels)−1) and a resolution of 800 pixels. It
// returns an error if g is nil, there are fewer than two levels, or the levels
// are not finite and strictly increasing.
func NewFilledContour(g *Grid, levels []float64) (*FilledContour, error) {
	if g == nil {
		return nil, fmt.Errorf("gmmplot: nil grid")
	}
	if err := checkLevels(levels); err != nil {
		return nil, err
	}
	if len(levels) < 2 {
		return nil, fmt.Errorf("gmmplot: %d levels make no band, want at least 2", len(levels))
	}
	for i := 1; i < len(levels); i++ {
		if levels[i] <= levels[i-1] {
			return nil, fmt.Errorf("gmmplot: contour levels not strictly increasing at level %d", i)
		}
	}
	return &FilledContour{
		Grid:       g,
		Levels:     append([]float64(nil), levels...),
		Colors:     DensityColors(len(levels) - 1),
		Resolution: 800,
	}, nil
}

// Plot draws the bands; it implements plot.Plotter. It panics if Colors has
// fewer than len(Levels)−1 colours.
func (f *FilledContour) Plot(c draw.Canvas, p *plot.Plot) {
	if len(f.Colors) < len(f.Levels)-1 {
		panic("gmmplot: FilledContour has fewer colours than bands")
	}
	xmin, xmax, ymin, ymax := f.DataRange()
	plotter.NewImage(f.image(), xmin, ymin, xmax, ymax).Plot(c, p)
}

// image renders the bands, row 0 at the top (the largest y).
func (f *FilledContour) image() *image.RGBA {
	xmin, xmax, ymin, ymax := f.DataRange()
	res := max(f.Resolution, 2)
	w := res
	h := max(2, int(math.Round(float64(res)*(ymax-ymin)/(xmax-xmin))))
	h = min(h, 4*res)
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	xs, ys := pixelCentres(xmin, xmax, w), pixelCentres(ymin, ymax, h)
	for j, y := range ys {
		for i, x := range xs {
			if band := f.band(f.Grid.interpolate(x, y)); band >= 0 {
				img.Set(i, h-1-j, f.Colors[band])
			}
		}
	}
	return img
}

func pixelCentres(lo, hi float64, n int) []float64 {
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*(float64(i)+0.5)/float64(n)
	}
	return v
}

// band returns i with Levels[i] ≤ z < Levels[i+1], the top level included in
// the top band, or −1 outside the levels.
func (f *FilledContour) band(z float64) int {
	n := len(f.Levels)
	if z < f.Levels[0] || z > f.Levels[n-1] {
		return -1
	}
	i := sort.SearchFloat64s(f.Levels, z) // first level ≥ z
	if i < n && f.Levels[i] == z {
		i++
	}
	return min(i-1, n-2)
}

// interpolate returns the bilinear interpolation of the grid at (x, y) inside it.
func (g *Grid) interpolate(x, y float64) float64 {
	c, tx := locate(g.xs, x)
	r, ty := locate(g.ys, y)
	nx := len(g.xs)
	z00, z10 := g.zs[r*nx+c], g.zs[r*nx+c+1]
	z01, z11 := g.zs[(r+1)*nx+c], g.zs[(r+1)*nx+c+1]
	return (1-ty)*((1-tx)*z00+tx*z10) + ty*((1-tx)*z01+tx*z11)
}

// locate returns the cell i with v[i] ≤ x ≤ v[i+1] and x's fraction across it.
func locate(v []float64, x float64) (int, float64) {
	i := sort.SearchFloat64s(v, x) - 1
	i = max(0, min(i, len(v)-2))
	t := (x - v[i]) / (v[i+1] - v[i])
	return i, math.Max(0, math.Min(1, t))
}

// DataRange returns the grid's rectangle; it implements plot.DataRanger.
func (f *FilledContour) DataRange() (xmin, xmax, ymin, ymax float64) {
	return gridRange(f.Grid)
}

// AddLegend adds one entry per band to l, the highest band first, labelled
// with its range ("0.001 – 0.0015"): a discrete colour bar, headed by title
// unless it is empty. Draw the plot with a Figure to put it beside the data.
func (f *FilledContour) AddLegend(l *plot.Legend, title string) {
	if title != "" {
		l.Add(title)
	}
	for i := len(f.Levels) - 2; i >= 0; i-- {
		label := formatNumber(f.Levels[i]) + " – " + formatNumber(f.Levels[i+1])
		l.Add(label, plotter.PaletteThumbnailers(colorList{f.Colors[i]})[0])
	}
}

// colorList is a palette.Palette of fixed colours.
type colorList []color.Color

func (c colorList) Colors() []color.Color { return c }

// formatNumber formats v in at most 4 significant digits, without exponent
// for moderate magnitudes.
func formatNumber(v float64) string {
	if v == 0 {
		return "0"
	}
	return strconv.FormatFloat(v, 'g', 4, 64)
}
