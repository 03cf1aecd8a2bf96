package gmmplot

import (
	"image/color"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"
)

// The text box sits in the chosen corner of the data area, its background
// fills a rectangle holding every line, and each line is written inside it.
func TestTextBoxPlacement(t *testing.T) {
	for _, c := range []struct{ left, top bool }{{true, true}, {false, false}} {
		b := NewTextBox("π = (0.45, 0.25, 0.3)\nμ = ((0, 5), (5, -10))")
		b.Left, b.Top = c.left, c.top
		rec := &recorder.Canvas{}
		canvas := draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 400, Y: 300}}}
		b.Plot(canvas, New("", "", ""))
		var box vg.Rectangle
		var lines []vg.Point
		for _, a := range rec.Actions {
			switch a := a.(type) {
			case *recorder.Fill:
				box = pathBounds(a.Path)
			case *recorder.FillString:
				lines = append(lines, a.Point)
			}
		}
		if len(lines) != 2 {
			t.Fatalf("%d lines written, want 2", len(lines))
		}
		wantX, wantY := box.Min.X == boxPad, box.Max.Y == 300-boxPad
		if !c.left {
			wantX = box.Max.X == 400-boxPad
		}
		if !c.top {
			wantY = box.Min.Y == boxPad
		}
		if !wantX || !wantY {
			t.Errorf("left %v top %v: box %v not in its corner", c.left, c.top, box)
		}
		for _, p := range lines {
			if p.X <= box.Min.X || p.X >= box.Max.X || p.Y <= box.Min.Y || p.Y >= box.Max.Y {
				t.Errorf("text at %v outside the box %v", p, box)
			}
		}
	}
}

func pathBounds(p vg.Path) vg.Rectangle {
	r := vg.Rectangle{Min: p[0].Pos, Max: p[0].Pos}
	for _, c := range p {
		if c.Type == vg.CloseComp {
			continue
		}
		r.Min.X, r.Min.Y = min(r.Min.X, c.Pos.X), min(r.Min.Y, c.Pos.Y)
		r.Max.X, r.Max.Y = max(r.Max.X, c.Pos.X), max(r.Max.Y, c.Pos.Y)
	}
	return r
}

// A Figure draws the legend to the right of the data: the legend's text
// starts right of the rightmost point of the plotted line (drawn in
// Color(1); the legend's own line is Color(0)).
func TestFigureLegendOutside(t *testing.T) {
	p := linePlot(t, 3)
	p.X.Max = 1 // the line ends at the right edge of the data area
	p.Legend.Add("a long legend entry", LegendLine(LineStyle(0, nil)))
	rec := &recorder.Canvas{}
	(&Figure{Plot: p}).Draw(draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 400, Y: 300}}})
	var legendX, lineX vg.Length = -1, -1
	var current color.Color
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.SetColor:
			current = a.Color
		case *recorder.FillString:
			if a.String == "a long legend entry" {
				legendX = a.Point.X
			}
		case *recorder.Stroke:
			if current == color.Color(Color(1)) {
				lineX = max(lineX, pathBounds(a.Path).Max.X)
			}
		}
	}
	if legendX < 0 || lineX < 0 {
		t.Fatalf("legend text at %v, data line at %v: not drawn", legendX, lineX)
	}
	if legendX <= lineX || lineX < 200 {
		t.Errorf("legend text at x = %v, data line up to x = %v", legendX, lineX)
	}
	if end := legendX + p.Legend.TextStyle.Width("a long legend entry"); end > 400 {
		t.Errorf("legend text ends at x = %v, outside the 400-point canvas", end)
	}
}
