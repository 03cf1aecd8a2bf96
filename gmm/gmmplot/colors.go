package gmmplot

import (
	"image/color"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// neutral is the colour of legend lines that stand for a dash pattern.
var neutral = color.RGBA{R: 0x44, G: 0x44, B: 0x44, A: 0xff}

// componentColors is the Tableau 10 palette, the default of matplotlib, so a
// reader meets the same colour for component k in every figure of the book.
var componentColors = []color.RGBA{
	{R: 0x1f, G: 0x77, B: 0xb4, A: 0xff}, // blue
	{R: 0xff, G: 0x7f, B: 0x0e, A: 0xff}, // orange
	{R: 0x2c, G: 0xa0, B: 0x2c, A: 0xff}, // green
	{R: 0xd6, G: 0x27, B: 0x28, A: 0xff}, // red
	{R: 0x94, G: 0x67, B: 0xbd, A: 0xff}, // purple
	{R: 0x8c, G: 0x56, B: 0x4b, A: 0xff}, // brown
	{R: 0xe3, G: 0x77, B: 0xc2, A: 0xff}, // pink
	{R: 0x7f, G: 0x7f, B: 0x7f, A: 0xff}, // grey
	{R: 0xbc, G: 0xbd, B: 0x22, A: 0xff}, // olive
	{R: 0x17, G: 0xbe, B: 0xcf, A: 0xff}, // cyan
}

// MixtureColor is the colour of a mixture density drawn over its components
// (the article's "hotpink").
var MixtureColor = color.RGBA{R: 0xff, G: 0x69, B: 0xb4, A: 0xff}

// Color returns the colour of component k (counted from 0). The ten colours of
// the Tableau 10 palette repeat for k ≥ 10. It panics if k < 0.
func Color(k int) color.RGBA {
	if k < 0 {
		panic("gmmplot: negative component index")
	}
	return componentColors[k%len(componentColors)]
}

// Dash patterns for telling densities apart on one plot: Solid for the
// mixture or the weighted components, Dashed and DotDashed for the others.
var (
	Solid     []vg.Length
	Dashed    = []vg.Length{vg.Points(6), vg.Points(3)}
	DotDashed = []vg.Length{vg.Points(1), vg.Points(3), vg.Points(6), vg.Points(3)}
)

// LineStyle returns a line style of the colour of component k, width 1.5 points
// and the given dash pattern (nil for a solid line).
func LineStyle(k int, dashes []vg.Length) draw.LineStyle {
	return draw.LineStyle{Color: Color(k), Width: vg.Points(1.5), Dashes: dashes}
}

// Light and middle greys for histograms and frames.
var (
	neutralLight = color.RGBA{R: 0xd9, G: 0xd9, B: 0xd9, A: 0xff}
	neutralMid   = color.RGBA{R: 0x99, G: 0x99, B: 0x99, A: 0xff}
)
