package gmmplot

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// pointRadius is the radius of a data point's glyph.
const pointRadius = vg.Length(2)

// checkPoints returns an error unless x is an n×2 matrix of finite values with n ≥ 1.
func checkPoints(x mat.Matrix) (int, error) {
	if x == nil {
		return 0, fmt.Errorf("gmmplot: nil data")
	}
	n, d := x.Dims()
	if d != 2 {
		return 0, fmt.Errorf("gmmplot: data has %d columns, want 2", d)
	}
	if n == 0 {
		return 0, fmt.Errorf("gmmplot: no data points")
	}
	for i := 0; i < n; i++ {
		for j := 0; j < 2; j++ {
			if !isFinite(x.At(i, j)) {
				return 0, fmt.Errorf("gmmplot: data row %d, column %d is %v", i, j, x.At(i, j))
			}
		}
	}
	return n, nil
}

func rowsXY(x mat.Matrix, rows []int) plotter.XYs {
	xys := make(plotter.XYs, len(rows))
	for i, r := range rows {
		xys[i].X, xys[i].Y = x.At(r, 0), x.At(r, 1)
	}
	return xys
}

// translucent returns c with alpha a (0–255), for overlapping points.
func translucent(c color.RGBA, a uint8) color.NRGBA {
	return color.NRGBA{R: c.R, G: c.G, B: c.B, A: a}
}

// NewLabelScatters returns one scatter per label for the n×2 points x: entry k
// holds the points labelled k, drawn as filled circles of Color(k); it is nil
// when no point has label k. Add them to a plot, and to its legend
// ("k = 1", …) when they stand for clusters. It returns an error unless x is
// n×2 with finite values and n ≥ 1, and labels has n non-negative entries.
func NewLabelScatters(x mat.Matrix, labels []int) ([]*plotter.Scatter, error) {
	n, err := checkPoints(x)
	if err != nil {
		return nil, err
	}
	if len(labels) != n {
		return nil, fmt.Errorf("gmmplot: %d labels for %d points", len(labels), n)
	}
	var rows [][]int
	for i, l := range labels {
		if l < 0 {
			return nil, fmt.Errorf("gmmplot: label %d of point %d is negative", l, i)
		}
		for len(rows) <= l {
			rows = append(rows, nil)
		}
		rows[l] = append(rows[l], i)
	}
	out := make([]*plotter.Scatter, len(rows))
	for k, r := range rows {
		if len(r) == 0 {
			continue
		}
		s, err := plotter.NewScatter(rowsXY(x, r))
		if err != nil {
			return nil, fmt.Errorf("gmmplot: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: translucent(Color(k), 190), Radius: pointRadius, Shape: draw.CircleGlyph{}}
		out[k] = s
	}
	return out, nil
}

// AddLabelScatters adds NewLabelScatters(x, labels) to p, with one legend
// entry "k = 1", "k = 2", … per label present.
func AddLabelScatters(p *plot.Plot, x mat.Matrix, labels []int) error {
	ss, err := NewLabelScatters(x, labels)
	if err != nil {
		return err
	}
	for k, s := range ss {
		if s != nil {
			p.Add(s)
			p.Legend.Add(fmt.Sprintf("k = %d", k+1), s)
		}
	}
	return nil
}

// NewResponsibilityScatter returns the n×2 points x as one scatter whose
// point i has the colour Σ_k γ_ik Color(k), the mix of the component colours
// weighted by its responsibilities (the n×K matrix resp, as from
// Mixture.ResponsibilitiesTo): a point sure of its component has that
// component's colour, a point between two has a blend. It returns an error
// unless x is n×2 and finite, and resp has n rows of finite non-negative
// values summing to 1 (within 1e-6) with at most 10 columns.
func NewResponsibilityScatter(x, resp mat.Matrix) (*plotter.Scatter, error) {
	n, err := checkPoints(x)
	if err != nil {
		return nil, err
	}
	if err := checkResponsibilities(resp, n); err != nil {
		return nil, err
	}
	all := make([]int, n)
	for i := range all {
		all[i] = i
	}
	s, err := plotter.NewScatter(rowsXY(x, all))
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	colors := make([]color.NRGBA, n)
	_, k := resp.Dims()
	for i := range colors {
		var r, g, b float64
		for j := 0; j < k; j++ {
			c, w := Color(j), resp.At(i, j)
			r, g, b = r+w*float64(c.R), g+w*float64(c.G), b+w*float64(c.B)
		}
		colors[i] = color.NRGBA{R: uint8(math.Round(r)), G: uint8(math.Round(g)), B: uint8(math.Round(b)), A: 210}
	}
	s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: colors[i], Radius: pointRadius, Shape: draw.CircleGlyph{}}
	}
	return s, nil
}

func checkResponsibilities(resp mat.Matrix, n int) error {
	if resp == nil {
		return fmt.Errorf("gmmplot: nil responsibilities")
	}
	r, k := resp.Dims()
	if r != n {
		return fmt.Errorf("gmmplot: responsibilities have %d rows for %d points", r, n)
	}
	if k == 0 || k > len(componentColors) {
		return fmt.Errorf("gmmplot: responsibilities have %d columns, want 1 to %d", k, len(componentColors))
	}
	return checkResponsibilityRows(resp)
}

// checkResponsibilityRows checks that every row of resp holds finite
// non-negative values summing to 1 (within 1e-6).
func checkResponsibilityRows(resp mat.Matrix) error {
	n, k := resp.Dims()
	for i := 0; i < n; i++ {
		var sum float64
		for j := 0; j < k; j++ {
			v := resp.At(i, j)
			if !isFinite(v) || v < 0 {
				return fmt.Errorf("gmmplot: responsibility (%d, %d) is %v", i, j, v)
			}
			sum += v
		}
		if math.Abs(sum-1) > 1e-6 {
			return fmt.Errorf("gmmplot: responsibilities of point %d sum to %v, want 1", i, sum)
		}
	}
	return nil
}

// NewMeanMarkers returns markers at the means μ_k of a 2-D mixture: a filled
// circle of Color(k) with a black ring, large enough to stand out over a
// scatter. Add both plotters to the plot.
func NewMeanMarkers(m *gmm.Mixture) ([]plot.Plotter, error) {
	if err := checkDim(m, 2); err != nil {
		return nil, err
	}
	xys := make(plotter.XYs, m.K())
	for k := range xys {
		mu := m.Mean(k)
		xys[k].X, xys[k].Y = mu[0], mu[1]
	}
	fill, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	fill.GlyphStyleFunc = func(k int) draw.GlyphStyle {
		return draw.GlyphStyle{Color: Color(k), Radius: 6, Shape: draw.CircleGlyph{}}
	}
	ring, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	ring.GlyphStyle = draw.GlyphStyle{Color: color.Black, Radius: 6, Shape: draw.RingGlyph{}}
	return []plot.Plotter{fill, ring}, nil
}
