package gmmplot

import (
	"math"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// pch is one of R's plotting symbols (its pch number), those that mclust's BIC
// plot uses: 0 square, 1 circle, 2 triangle, 5 diamond, 7 square with a cross,
// 8 asterisk, 9 diamond with a plus, 10 circle with a plus, 12 square with a
// plus, 13 circle with a cross, 14 square with a triangle, 15 filled square,
// 16 filled circle, 17 filled triangle. It is a draw.GlyphDrawer; its lines are
// 1 point wide (gonum's outline glyphs are 0.5).
type pch int

// The parts of a symbol.
type pchParts struct {
	outline         func(pt vg.Point, r vg.Length) vg.Path
	filled          bool
	plus, cross, in bool // a plus, a cross, a triangle inside (14)
}

var pchShapes = map[pch]pchParts{
	0:  {outline: squarePath},
	1:  {outline: circlePath},
	2:  {outline: trianglePath},
	5:  {outline: diamondPath},
	7:  {outline: squarePath, cross: true},
	8:  {plus: true, cross: true},
	9:  {outline: diamondPath, plus: true},
	10: {outline: circlePath, plus: true},
	12: {outline: squarePath, plus: true},
	13: {outline: circlePath, cross: true},
	14: {outline: squarePath, in: true},
	15: {outline: squarePath, filled: true},
	16: {outline: circlePath, filled: true},
	17: {outline: trianglePath, filled: true},
}

// DrawGlyph implements draw.GlyphDrawer. It panics for a symbol that is not
// one of pch's.
func (g pch) DrawGlyph(c *draw.Canvas, sty draw.GlyphStyle, pt vg.Point) {
	parts, ok := pchShapes[g]
	if !ok {
		panic("gmmplot: unknown plotting symbol")
	}
	c.SetLineStyle(draw.LineStyle{Color: sty.Color, Width: vg.Points(1)})
	r := sty.Radius
	if parts.outline != nil {
		p := parts.outline(pt, r)
		if parts.filled {
			c.SetColor(sty.Color)
			c.Fill(p)
		} else {
			c.Stroke(p)
		}
	}
	// A square's half side is r·0.8, so that its corners reach about as far
	// as a circle of radius r; the strokes inside reach its sides or corners.
	h := r * 0.8
	if parts.plus {
		strokeSegment(c, vg.Point{X: pt.X - r, Y: pt.Y}, vg.Point{X: pt.X + r, Y: pt.Y})
		strokeSegment(c, vg.Point{X: pt.X, Y: pt.Y - r}, vg.Point{X: pt.X, Y: pt.Y + r})
	}
	if parts.cross {
		d := r * vg.Length(math.Sqrt2/2)
		if parts.outline != nil && !parts.plus {
			d = h // a square's diagonals
		}
		strokeSegment(c, vg.Point{X: pt.X - d, Y: pt.Y - d}, vg.Point{X: pt.X + d, Y: pt.Y + d})
		strokeSegment(c, vg.Point{X: pt.X - d, Y: pt.Y + d}, vg.Point{X: pt.X + d, Y: pt.Y - d})
	}
	if parts.in {
		var p vg.Path
		p.Move(vg.Point{X: pt.X - h, Y: pt.Y - h})
		p.Line(vg.Point{X: pt.X, Y: pt.Y + h})
		p.Line(vg.Point{X: pt.X + h, Y: pt.Y - h})
		c.Stroke(p)
	}
}

func squarePath(pt vg.Point, r vg.Length) vg.Path {
	h := r * 0.8
	return polygon(pt, []vg.Point{{X: -h, Y: -h}, {X: h, Y: -h}, {X: h, Y: h}, {X: -h, Y: h}})
}

func diamondPath(pt vg.Point, r vg.Length) vg.Path {
	return polygon(pt, []vg.Point{{X: 0, Y: -r}, {X: r, Y: 0}, {X: 0, Y: r}, {X: -r, Y: 0}})
}

func trianglePath(pt vg.Point, r vg.Length) vg.Path {
	s := r * vg.Length(math.Sqrt(3)/2)
	return polygon(pt, []vg.Point{{X: 0, Y: r}, {X: -s, Y: -r / 2}, {X: s, Y: -r / 2}})
}

func circlePath(pt vg.Point, r vg.Length) vg.Path {
	var p vg.Path
	p.Move(vg.Point{X: pt.X + r, Y: pt.Y})
	p.Arc(pt, r, 0, 2*math.Pi)
	p.Close()
	return p
}

// polygon returns the closed path through the vertices, offset by pt.
func polygon(pt vg.Point, vertices []vg.Point) vg.Path {
	var p vg.Path
	for i, v := range vertices {
		q := vg.Point{X: pt.X + v.X, Y: pt.Y + v.Y}
		if i == 0 {
			p.Move(q)
		} else {
			p.Line(q)
		}
	}
	p.Close()
	return p
}

// strokeSegment strokes the segment from a to b in the canvas' line style.
func strokeSegment(c *draw.Canvas, a, b vg.Point) {
	var p vg.Path
	p.Move(a)
	p.Line(b)
	c.Stroke(p)
}
