package gmmplot

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// TextBox draws a box of text in a corner of the data area, on a
// translucent white background with a grey border: article A's parameter
// label (ggplot2's geom_label). The text may span several lines.
type TextBox struct {
	Text      string
	TextStyle text.Style
	// Left and Top choose the corner; the default is the bottom right.
	Left, Top bool
	// Background fills the box; nil leaves it clear.
	Background color.Color
}

// NewTextBox returns a box of text at the top left of the data area, in
// 10-point type on a white background of 80 % opacity.
func NewTextBox(txt string) *TextBox {
	return &TextBox{
		Text: txt,
		TextStyle: text.Style{
			Font:    font.From(plot.DefaultFont, 10),
			Handler: plot.DefaultTextHandler,
			Color:   color.Black,
		},
		Left: true, Top: true,
		Background: color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 204},
	}
}

// boxPad is the space between a text box's border and its text, and between
// the box and the data area's edge.
const boxPad = vg.Length(4)

// Plot draws the box; it implements plot.Plotter.
func (b *TextBox) Plot(c draw.Canvas, _ *plot.Plot) {
	sty := b.TextStyle
	sty.XAlign, sty.YAlign = text.XLeft, text.YBottom
	w, h := sty.Width(b.Text)+2*boxPad, sty.Height(b.Text)+2*boxPad
	x, y := c.Max.X-boxPad-w, c.Min.Y+boxPad
	if b.Left {
		x = c.Min.X + boxPad
	}
	if b.Top {
		y = c.Max.Y - boxPad - h
	}
	rect := vg.Rectangle{Min: vg.Point{X: x, Y: y}, Max: vg.Point{X: x + w, Y: y + h}}
	if b.Background != nil {
		c.SetColor(b.Background)
		c.Fill(rect.Path())
	}
	c.SetLineStyle(draw.LineStyle{Color: neutralMid, Width: vg.Points(0.75)})
	c.Stroke(rect.Path())
	c.FillText(sty, vg.Point{X: x + boxPad, Y: y + boxPad}, b.Text)
}
