package gmmplot

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// histogramFill is the fill of a density histogram: a light grey that lets
// the coloured curves stand out.
var histogramFill = neutralLight

// NewDensityHistogram returns a histogram of data with the given number of
// equal bins between the data's minimum and maximum, normalised so its area
// is 1 (a density, as matplotlib's density=True). It returns an error unless
// data has at least two distinct finite values and bins ≥ 1.
func NewDensityHistogram(data []float64, bins int) (*plotter.Histogram, error) {
	if err := checkSample(data); err != nil {
		return nil, err
	}
	if bins < 1 {
		return nil, fmt.Errorf("gmmplot: %d bins, want at least 1", bins)
	}
	h, err := plotter.NewHist(plotter.Values(data), bins)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	h.Normalize(1)
	h.FillColor = histogramFill
	h.LineStyle.Color = neutralMid
	h.LineStyle.Width = vg.Points(0.5)
	return h, nil
}

func checkSample(data []float64) error {
	if len(data) == 0 {
		return fmt.Errorf("gmmplot: no data")
	}
	for i, v := range data {
		if !isFinite(v) {
			return fmt.Errorf("gmmplot: data point %d is %v", i, v)
		}
	}
	lo, hi := minMax(data)
	if lo == hi {
		return fmt.Errorf("gmmplot: all data points equal %v", lo)
	}
	return nil
}

func minMax(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	return lo, hi
}

// NewComponentPDF returns the curve of π_k N(x | μ_k, σ_k²), component k of a
// 1-D mixture times its weight, in Color(k), dashed.
func NewComponentPDF(m *gmm.Mixture, k int) (*plotter.Function, error) {
	if err := checkDim(m, 1); err != nil {
		return nil, err
	}
	if k < 0 || k >= m.K() {
		return nil, fmt.Errorf("gmmplot: component %d out of range [0, %d)", k, m.K())
	}
	w := m.Weight(k)
	f := plotter.NewFunction(func(x float64) float64 {
		return w * math.Exp(m.ComponentLogProb(k, []float64{x}))
	})
	f.LineStyle = draw.LineStyle{Color: Color(k), Width: vg.Points(2), Dashes: Dashed}
	f.Samples = 200
	return f, nil
}

// NewMixturePDF returns the curve of the density p(x) = Σ_k π_k N(x | μ_k, σ_k²)
// of a 1-D mixture, solid, in MixtureColor.
func NewMixturePDF(m *gmm.Mixture) (*plotter.Function, error) {
	if err := checkDim(m, 1); err != nil {
		return nil, err
	}
	f := plotter.NewFunction(func(x float64) float64 { return m.Prob([]float64{x}) })
	f.LineStyle = draw.LineStyle{Color: MixtureColor, Width: vg.Points(2)}
	f.Samples = 200
	return f, nil
}

// HistogramFrame returns article B's frame: the density histogram of data
// with bins bins, each weighted component π_k N(x | μ_k, σ_k²) of the 1-D
// mixture m (dashed, in its colour) and the mixture density (solid), a legend
// entry per curve with the component's λ, μ, σ (the article's notation, λ for
// the weights), and the title. The y axis reaches the highest bar or curve.
// Wrap it in a Figure to put the legend beside the data; for an animation,
// give all frames one range with CommonRange.
func HistogramFrame(data []float64, bins int, m *gmm.Mixture, title string) (*plot.Plot, error) {
	return histogramFrame(data, bins, m, title, component1DLabel)
}

// histogramFrame is HistogramFrame with label(m, k) as component k's legend entry.
func histogramFrame(data []float64, bins int, m *gmm.Mixture, title string, label func(m *gmm.Mixture, k int) string) (*plot.Plot, error) {
	h, err := NewDensityHistogram(data, bins)
	if err != nil {
		return nil, err
	}
	if err := checkDim(m, 1); err != nil {
		return nil, err
	}
	p := New(title, "x", "density")
	p.Add(h)
	lo, hi := minMax(data)
	pad := 0.05 * (hi - lo)
	p.X.Min, p.X.Max = lo-pad, hi+pad
	top := 0.0
	for _, b := range h.Bins {
		top = math.Max(top, b.Weight)
	}
	for k := 0; k < m.K(); k++ {
		f, err := NewComponentPDF(m, k)
		if err != nil {
			return nil, err
		}
		p.Add(f)
		p.Legend.Add(label(m, k), f)
	}
	mix, err := NewMixturePDF(m)
	if err != nil {
		return nil, err
	}
	p.Add(mix)
	p.Legend.Add("mixture", mix)
	p.Legend.Add("data", h)
	for i := 0; i <= 400; i++ {
		x := p.X.Min + (p.X.Max-p.X.Min)*float64(i)/400
		top = math.Max(top, mix.F(x))
		for k := 0; k < m.K(); k++ {
			top = math.Max(top, m.Weight(k)*math.Exp(m.ComponentLogProb(k, []float64{x})))
		}
	}
	p.Y.Min, p.Y.Max = 0, 1.05*top
	return p, nil
}

// component1DLabel is "λ₁ = 0.35, μ₁ = -0.3, σ₁ = 0.15".
func component1DLabel(m *gmm.Mixture, k int) string {
	return label1D(m, k, "λ%s = %s, μ%s = %s, σ%s = %s", format3)
}

// label1D formats component k of the 1-D mixture m by format, whose verbs take
// in turn a subscript and λ_k, a subscript and μ_k, a subscript and σ_k, each
// number written by num.
func label1D(m *gmm.Mixture, k int, format string, num func(float64) string) string {
	sub := subscript(k + 1)
	sd := math.Sqrt(m.CovarianceMatrixTo(nil, k).At(0, 0))
	return fmt.Sprintf(format, sub, num(m.Weight(k)), sub, num(m.Mean(k)[0]), sub, num(sd))
}

// format3 formats v with three significant digits.
func format3(v float64) string { return strconv.FormatFloat(v, 'g', 3, 64) }

// subscript writes a non-negative integer in Unicode subscript digits.
func subscript(n int) string {
	var b strings.Builder
	for _, r := range strconv.Itoa(n) {
		b.WriteRune('₀' + (r - '0'))
	}
	return b.String()
}

// NewLogLikelihoodPlot returns the log-likelihood against the EM iteration
// as a line with points, history[i] being the value after i iterations
// (history[0] at the start), as in gmm.Result.History: the curve on which
// EM's monotone ascent shows. It returns an error if history is empty or holds
// NaN or Inf.
func NewLogLikelihoodPlot(history []float64, title string) (*plot.Plot, error) {
	if len(history) == 0 {
		return nil, fmt.Errorf("gmmplot: empty log-likelihood history")
	}
	xys := make(plotter.XYs, len(history))
	for i, v := range history {
		if !isFinite(v) {
			return nil, fmt.Errorf("gmmplot: log-likelihood %d is %v", i, v)
		}
		xys[i].X, xys[i].Y = float64(i), v
	}
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	line.LineStyle = LineStyle(0, nil)
	points.GlyphStyle = draw.GlyphStyle{Color: Color(0), Radius: 2.5, Shape: draw.CircleGlyph{}}
	p := New(title, "iteration", "log-likelihood")
	p.Add(plotter.NewGrid(), line, points)
	return p, nil
}

// CommonRange sets every plot's axes to the union of their ranges, so that
// animation frames or tiles side by side share their scales. Call it after
// the plots are complete.
func CommonRange(plots ...*plot.Plot) {
	if len(plots) == 0 {
		return
	}
	xmin, xmax, ymin, ymax := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	for _, p := range plots {
		xmin, xmax = math.Min(xmin, p.X.Min), math.Max(xmax, p.X.Max)
		ymin, ymax = math.Min(ymin, p.Y.Min), math.Max(ymax, p.Y.Max)
	}
	for _, p := range plots {
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = xmin, xmax, ymin, ymax
	}
}
