package gmmplot

// Helpers for notebook 02 (article B): an animation frame whose layout does not
// move from frame to frame, and the responsibilities as curves over x. The
// animated GIF is in gif.go.

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// EMFrame returns one frame of an EM animation for a 1-D mixture: the density
// histogram of data with bins bins, each weighted component λ_h N(x | μ_h, σ_h²)
// (dashed, in its colour), the mixture density (solid) and the title, like
// HistogramFrame. Its legend gives λ_h, μ_h and σ_h with three decimals in a
// monospaced font, so the legend, and with it the data area of a Figure, keeps
// the same width in every frame and the animation does not jitter. Give all
// frames one range with CommonRange. It returns an error for the inputs
// HistogramFrame rejects.
func EMFrame(data []float64, bins int, m *gmm.Mixture, title string) (*plot.Plot, error) {
	p, err := histogramFrame(data, bins, m, title, fixedComponentLabel)
	if err != nil {
		return nil, err
	}
	p.Legend.TextStyle.Font = font.Font{Typeface: "Liberation", Variant: "Mono", Size: 10}
	return p, nil
}

// fixedComponentLabel is "λ₁= 0.350  μ₁=-0.300  σ₁= 0.150", each number in a
// field of the same width (six characters, enough up to ±99.999).
func fixedComponentLabel(m *gmm.Mixture, k int) string {
	return label1D(m, k, "λ%s=%s  μ%s=%s  σ%s=%s", field)
}

// field formats v with three decimals right-aligned in 6 characters.
func field(v float64) string { return fmt.Sprintf("%6.3f", v) }

// NewResponsibilityCurves returns, for each component h of the 1-D mixture m,
// the curve of its responsibility (posterior probability)
//
//	P̄(h | x) = λ_h N(x | μ_h, σ_h²) / Σ_g λ_g N(x | μ_g, σ_g²)
//
// over x, solid, in Color(h). The curves sum to 1 at every x. They are computed
// with Mixture.LogResponsibilitiesTo, in log space, so they stay finite far from
// every component. Set the x range of the plot they are added to. It returns an
// error if m is nil or not one-dimensional.
func NewResponsibilityCurves(m *gmm.Mixture) ([]*plotter.Function, error) {
	if err := checkDim(m, 1); err != nil {
		return nil, err
	}
	curves := make([]*plotter.Function, m.K())
	for k := range curves {
		f := plotter.NewFunction(func(x float64) float64 { return responsibility(m, k, x) })
		f.LineStyle = draw.LineStyle{Color: Color(k), Width: vg.Points(2)}
		f.Samples = 400
		curves[k] = f
	}
	return curves, nil
}

// responsibility is P̄(k | x) under m.
func responsibility(m *gmm.Mixture, k int, x float64) float64 {
	lr, _ := m.LogResponsibilitiesTo(nil, mat.NewDense(1, 1, []float64{x}))
	return math.Exp(lr.At(0, k))
}
