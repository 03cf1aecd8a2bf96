package gmmplot

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

func TestResponsibilityPlotRangeAndBadInput(t *testing.T) {
	p, err := NewResponsibilityPlot(articleB(), "fitted", -2, 2.5)
	if err != nil {
		t.Fatal(err)
	}
	if p.Title.Text != "fitted" || p.X.Min != -2 || p.X.Max != 2.5 || p.Y.Min != 0 || p.Y.Max != 1 {
		t.Errorf("title %q, range [%v, %v] × [%v, %v]", p.Title.Text, p.X.Min, p.X.Max, p.Y.Min, p.Y.Max)
	}
	if _, err := PNG(p, 400, 300); err != nil {
		t.Errorf("rendering: %v", err)
	}
	if _, err := NewResponsibilityPlot(articleB(), "", 1, 0); err == nil {
		t.Error("reversed interval: no error")
	}
	if _, err := NewResponsibilityPlot(nil, "", 0, 1); err == nil {
		t.Error("nil mixture: no error")
	}
}

func TestIncreasePlotDrawsLog10OfTheIncreases(t *testing.T) {
	// Increases 1, 0.5 and 2⁻¹⁰ ≈ 0.000977: log10 from 0 down to −3.0103.
	history := []float64{-10, -9, -8.5, -8.5 + math.Pow(2, -10)}
	p, err := NewIncreasePlot(history, 1e-3)
	if err != nil {
		t.Fatal(err)
	}
	if p.Y.Min != -4 || p.Y.Max != 0 {
		t.Errorf("y range [%v, %v], want [-4, 0]", p.Y.Min, p.Y.Max)
	}
	if p.Y.Label.Text != "increase (dashed: 0.001)" {
		t.Errorf("y label %q", p.Y.Label.Text)
	}
	wantLabels := []string{"0.0001", "0.001", "0.01", "0.1", "1"}
	ticks := p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max)
	if len(ticks) != len(wantLabels) {
		t.Fatalf("%d ticks, want %d", len(ticks), len(wantLabels))
	}
	for i, tk := range ticks {
		if tk.Value != float64(i-4) || tk.Label != wantLabels[i] {
			t.Errorf("tick %d: %v %q, want %v %q", i, tk.Value, tk.Label, i-4, wantLabels[i])
		}
	}
	xys := logIncreases(history)
	wantY := []float64{0, math.Log10(0.5), -10 * math.Log10(2)}
	if len(xys) != len(wantY) {
		t.Fatalf("%d points, want %d", len(xys), len(wantY))
	}
	for i, xy := range xys {
		if xy.X != float64(i+1) || math.Abs(xy.Y-wantY[i]) > 1e-12 {
			t.Errorf("point %d: (%v, %v), want (%d, %v)", i, xy.X, xy.Y, i+1, wantY[i])
		}
	}
	if _, err := PNG(p, 400, 300); err != nil {
		t.Errorf("rendering: %v", err)
	}
}

func TestIncreasePlotRejectsBadInput(t *testing.T) {
	for _, c := range []struct {
		name    string
		history []float64
		tol     float64
	}{
		{"one value", []float64{-5}, 1e-3},
		{"no change", []float64{-5, -4, -4}, 1e-3},
		{"a decrease", []float64{-5, -4, -4.5}, 1e-3},
		{"NaN", []float64{-5, math.NaN()}, 1e-3},
		{"infinity", []float64{math.Inf(-1), -4}, 1e-3},
		{"zero tolerance", []float64{-5, -4}, 0},
		{"infinite tolerance", []float64{-5, -4}, math.Inf(1)},
		{"NaN tolerance", []float64{-5, -4}, math.NaN()},
	} {
		if _, err := NewIncreasePlot(c.history, c.tol); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
}

func TestEMFramesFromTheHook(t *testing.T) {
	x, _, err := articleB().SampleCounts([]int{350, 650}, rand.NewPCG(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	var seen []gmm.Iteration
	res, err := gmm.Fit(x, nil, 2, &gmm.Settings{
		Init: gmm.InitKMeans, Stop: gmm.TotalChange, Tol: 1e-3, Src: rand.NewPCG(2, 0),
		Hook: func(it gmm.Iteration) bool { seen = append(seen, it); return false },
	})
	if err != nil {
		t.Fatal(err)
	}
	data := mat.Col(nil, 0, x)
	plots, err := EMFrames(data, 20, seen)
	if err != nil {
		t.Fatal(err)
	}
	if len(plots) != res.Iterations+1 {
		t.Fatalf("%d frames for %d iterations, want one more (the start)", len(plots), res.Iterations)
	}
	lo, hi := minMax(data)
	for i, p := range plots {
		if p.Title.Text != EMFrameTitle(seen[i]) {
			t.Errorf("frame %d: title %q, want %q", i, p.Title.Text, EMFrameTitle(seen[i]))
		}
		x0, y0 := plots[0].X, plots[0].Y
		if p.X.Min != x0.Min || p.X.Max != x0.Max || p.Y.Min != y0.Min || p.Y.Max != y0.Max {
			t.Errorf("frame %d: range differs from frame 0's", i)
		}
		if p.X.Min > lo || p.X.Max < hi || p.Y.Min != 0 {
			t.Errorf("frame %d: range [%v, %v] × [%v, …] misses the data [%v, %v]", i, p.X.Min, p.X.Max, p.Y.Min, lo, hi)
		}
	}
	if figs := NewFigures(plots); len(figs) != len(plots) || figs[1].Plot != plots[1] {
		t.Error("NewFigures does not wrap the plots in order")
	}
	if _, err := EMFrames(data, 20, nil); err == nil {
		t.Error("no states: no error")
	}
	if _, err := EMFrames(data, 20, []gmm.Iteration{{}}); err == nil {
		t.Error("state without a mixture: no error")
	}
}

func TestEMFrameTitle(t *testing.T) {
	got := EMFrameTitle(gmm.Iteration{Iter: 62, LogLikelihood: -507.16021})
	if want := "iteration 62: log likelihood = -507.16"; got != want {
		t.Errorf("title %q, want %q", got, want)
	}
}
