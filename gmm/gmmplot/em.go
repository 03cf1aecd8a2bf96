package gmmplot

// Figures of EM on one-dimensional data: the frames of an animation from the
// states gmm.Fit's hook hands over (a legend of fixed width, so the layout
// does not move from frame to frame), the log-likelihood's increase per
// iteration on a log scale, and the responsibilities over x.

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// EMFrameTitle is the title of the animation frame of one hook call:
// "iteration 3: log likelihood = -633.76".
func EMFrameTitle(it gmm.Iteration) string {
	return fmt.Sprintf("iteration %d: log likelihood = %.2f", it.Iter, it.LogLikelihood)
}

// EMFrames returns one EMFrame per state in states (as gmm.Settings.Hook sees
// them: the start, then one per iteration), each titled by EMFrameTitle and
// all on one range (CommonRange), so that only the curves move from frame to
// frame. It returns an error if states is empty or a state's mixture is nil,
// and for the inputs EMFrame rejects.
func EMFrames(data []float64, bins int, states []gmm.Iteration) ([]*plot.Plot, error) {
	if len(states) == 0 {
		return nil, fmt.Errorf("gmmplot: no EM states to draw")
	}
	plots := make([]*plot.Plot, len(states))
	for i, it := range states {
		if it.Mixture == nil {
			return nil, fmt.Errorf("gmmplot: EM state %d has no mixture", i)
		}
		p, err := EMFrame(data, bins, it.Mixture, EMFrameTitle(it))
		if err != nil {
			return nil, err
		}
		plots[i] = p
	}
	CommonRange(plots...)
	return plots, nil
}

// NewFigures wraps each plot in a Figure, which draws the legend beside the
// data area: the frames for WriteFrames and GIF.
func NewFigures(plots []*plot.Plot) []*Figure {
	figs := make([]*Figure, len(plots))
	for i, p := range plots {
		figs[i] = &Figure{Plot: p}
	}
	return figs
}

// NewIncreasePlot draws the increase of EM's log-likelihood per iteration,
//
//	ℓ_t − ℓ_{t−1},  t = 1, …, len(history)−1,
//
// against t on a log scale (log10 of the increases, ticks labelled in plain
// numbers at every power of ten), with the stopping tolerance tol as a dashed
// line. history is gmm.Result.History. Since EM's log-likelihood never
// decreases, the increases span many decades and show how slowly EM crawls
// where it does. It returns an error if history has fewer than two values,
// holds NaN or Inf, does not increase strictly at every step (a log scale
// cannot show a zero or negative increase), or if tol is not positive and
// finite.
func NewIncreasePlot(history []float64, tol float64) (*plot.Plot, error) {
	if err := checkIncreasing(history); err != nil {
		return nil, err
	}
	if !(tol > 0) || math.IsInf(tol, 1) {
		return nil, fmt.Errorf("gmmplot: tolerance %v is not positive and finite", tol)
	}
	p := New("increase per iteration", "iteration", fmt.Sprintf("increase (dashed: %g)", tol))
	xys := logIncreases(history)
	lo, hi := math.Log10(tol), math.Log10(tol)
	for _, xy := range xys {
		lo, hi = math.Min(lo, xy.Y), math.Max(hi, xy.Y)
	}
	p.Y.Min, p.Y.Max = math.Floor(lo), math.Ceil(hi)
	p.Y.Tick.Marker = plot.ConstantTicks(powerTicks(p.Y.Min, p.Y.Max))
	line, points, err := plotter.NewLinePoints(xys)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	line.LineStyle = LineStyle(0, nil)
	points.Color, points.Radius = Color(0), 2
	tolY, lastT := math.Log10(tol), float64(len(history)-1)
	stop, err := plotter.NewLine(plotter.XYs{{X: 1, Y: tolY}, {X: lastT, Y: tolY}})
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	stop.LineStyle = LineStyle(3, Dashed)
	p.Add(plotter.NewGrid(), line, points, stop)
	return p, nil
}

// checkIncreasing returns an error unless history has at least two finite
// values, each larger than the one before.
func checkIncreasing(history []float64) error {
	if len(history) < 2 {
		return fmt.Errorf("gmmplot: %d log-likelihood values, need at least 2", len(history))
	}
	for t, v := range history {
		if !isFinite(v) {
			return fmt.Errorf("gmmplot: log-likelihood %d is %v", t, v)
		}
		if t > 0 && v <= history[t-1] {
			return fmt.Errorf("gmmplot: log-likelihood %d does not increase (%v after %v)", t, v, history[t-1])
		}
	}
	return nil
}

// logIncreases returns the points (t, log10(history[t] − history[t−1])) for
// t = 1, …, len(history)−1.
func logIncreases(history []float64) plotter.XYs {
	xys := make(plotter.XYs, 0, len(history)-1)
	for t := 1; t < len(history); t++ {
		xys = append(xys, plotter.XY{X: float64(t), Y: math.Log10(history[t] - history[t-1])})
	}
	return xys
}

// powerTicks returns a tick at every integer e in [lo, hi], labelled 10^e in
// plain notation ("0.001", "1", "100").
func powerTicks(lo, hi float64) []plot.Tick {
	var ticks []plot.Tick
	for e := lo; e <= hi; e++ {
		label := strconv.FormatFloat(math.Pow(10, e), 'f', -1, 64)
		ticks = append(ticks, plot.Tick{Value: e, Label: label})
	}
	return ticks
}

// NewResponsibilityPlot draws the responsibilities P̄(h | x) of every
// component of the 1-D mixture m over [lo, hi] (NewResponsibilityCurves, with
// a legend "h = 1", "h = 2", ...), on a y axis from 0 to 1 with the level 1/2
// dashed: where a curve crosses it a point is as likely to come from that
// component as from all the others. It returns an error if m is nil or not
// one-dimensional, or if lo < hi does not hold for finite lo and hi.
func NewResponsibilityPlot(m *gmm.Mixture, title string, lo, hi float64) (*plot.Plot, error) {
	if err := checkInterval(lo, hi); err != nil {
		return nil, err
	}
	curves, err := NewResponsibilityCurves(m)
	if err != nil {
		return nil, err
	}
	p := New(title, "x", "posterior P(h | x)")
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = lo, hi, 0, 1
	half, err := plotter.NewLine(plotter.XYs{{X: lo, Y: 0.5}, {X: hi, Y: 0.5}})
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	half.LineStyle = LineStyle(7, Dashed)
	p.Add(plotter.NewGrid(), half)
	for h, c := range curves {
		p.Add(c)
		p.Legend.Add(fmt.Sprintf("h = %d", h+1), c)
	}
	p.Legend.Top, p.Legend.Left = false, false
	return p, nil
}

// checkInterval returns an error unless lo and hi are finite and lo < hi.
func checkInterval(lo, hi float64) error {
	if !isFinite(lo) || !isFinite(hi) || !(lo < hi) {
		return fmt.Errorf("gmmplot: interval [%v, %v] is not finite with lo < hi", lo, hi)
	}
	return nil
}

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
