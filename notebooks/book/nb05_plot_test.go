package book

import (
	"testing"

	"gonum.org/v1/plot/plotter"
)

func TestBoundBarsStackTheGapOnTheBound(t *testing.T) {
	steps := []Bound{{LogLikelihood: -605, Lower: -611, KL: 6}, {LogLikelihood: -605, Lower: -605, KL: 0}}
	p, err := BoundBars(steps, []string{"M₁", "E₁"}, -620, "bound")
	if err != nil {
		t.Fatal(err)
	}
	if p == nil {
		t.Fatal("no plot")
	}
	lower, gap, err := boundBarCharts(steps, []string{"M₁", "E₁"}, -620)
	if err != nil {
		t.Fatal(err)
	}
	bars := []*plotter.BarChart{lower, gap}
	// The top of the stack is ln p, measured from the base.
	for i, s := range steps {
		if top := bars[0].Values[i] + bars[1].Values[i]; top != s.LogLikelihood+620 {
			t.Errorf("half-step %d: stack reaches %v, want ln p − base = %v", i, top, s.LogLikelihood+620)
		}
	}
	for _, tick := range shiftedTicks(-620).Ticks(0, 20) {
		if tick.Label == "-610" && tick.Value != 10 {
			t.Errorf("tick -610 at %v, want 10 above the base", tick.Value)
		}
	}
	if _, err := BoundBars(steps, []string{"M₁"}, -620, ""); err == nil {
		t.Error("BoundBars accepted fewer labels than bounds")
	}
	if _, err := BoundBars(steps, []string{"M₁", "E₁"}, -606, ""); err == nil {
		t.Error("BoundBars accepted a bound below the base")
	}
}
