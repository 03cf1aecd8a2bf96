package book

// Notebook 05: EM's bound picture as stacked bars, and figures drawn at twice
// the screen resolution.

import (
	"fmt"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm/gmmplot"
)

// BoundBars returns a bar chart of the bound picture: for each half-step
// (named by labels) a bar of 𝓛(q, θ) (written L: the plot fonts lack 𝓛) with KL(q ‖ p(Z | X, θ)) stacked on it,
// so that the top of each stack is ln p(X | θ). The bars rise from base,
// which must lie below every 𝓛; the y axis is labelled in the units of
// ln p(X | θ). It returns an error if labels and steps differ in length or a
// bound lies below base.
func BoundBars(steps []Bound, labels []string, base float64, title string) (*plot.Plot, error) {
	if len(steps) != len(labels) || len(steps) == 0 {
		return nil, fmt.Errorf("book: %d bounds and %d labels", len(steps), len(labels))
	}
	lowerBars, gapBars, err := boundBarCharts(steps, labels, base)
	if err != nil {
		return nil, err
	}
	p := gmmplot.New(title, "half-step", "ln p(X | θ)")
	p.Add(lowerBars, gapBars)
	p.Legend.Add("L(q, θ), the bound", lowerBars)
	p.Legend.Add("KL(q ‖ p(Z | X, θ)), the gap", gapBars)
	p.Legend.Top, p.Legend.Left = true, true
	p.NominalX(labels...)
	p.Y.Min = 0
	p.Y.Tick.Marker = shiftedTicks(base)
	return p, nil
}

// boundBarCharts returns the bars of 𝓛 − base and, stacked on them, of KL.
func boundBarCharts(steps []Bound, labels []string, base float64) (lower, gap *plotter.BarChart, err error) {
	lowerValues, gapValues := make(plotter.Values, len(steps)), make(plotter.Values, len(steps))
	for i, s := range steps {
		if s.Lower < base {
			return nil, nil, fmt.Errorf("book: bound %v of half-step %s below the base %v", s.Lower, labels[i], base)
		}
		lowerValues[i], gapValues[i] = s.Lower-base, s.KL
	}
	width := vg.Points(14)
	if lower, err = plotter.NewBarChart(lowerValues, width); err != nil {
		return nil, nil, err
	}
	if gap, err = plotter.NewBarChart(gapValues, width); err != nil {
		return nil, nil, err
	}
	lower.Color, gap.Color = gmmplot.Color(0), gmmplot.Color(1)
	lower.LineStyle.Width, gap.LineStyle.Width = 0, 0
	gap.StackOn(lower)
	return lower, gap, nil
}

// shiftedTicks labels the ticks of a bar chart drawn from a base: the value v
// on the axis is shown as v + base, at round values of v + base.
type shiftedTicks float64

// Ticks returns the ticks; it implements plot.Ticker.
func (s shiftedTicks) Ticks(lo, hi float64) []plot.Tick {
	base := float64(s)
	levels, err := gmmplot.PrettyLevels(lo+base, hi+base, 6)
	if err != nil {
		return plot.DefaultTicks{}.Ticks(lo, hi)
	}
	var ticks []plot.Tick
	for _, v := range levels {
		if at := v - base; at >= lo && at <= hi {
			ticks = append(ticks, plot.Tick{Value: at, Label: strconv.FormatFloat(v, 'g', 6, 64)})
		}
	}
	return ticks
}
