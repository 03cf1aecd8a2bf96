package book

import (
	"image/color"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// glyphKey is a legend thumbnail of one glyph.
type glyphKey draw.GlyphStyle

// Thumbnail draws the glyph in the middle of c; it implements plot.Thumbnailer.
func (g glyphKey) Thumbnail(c *draw.Canvas) {
	c.DrawGlyph(draw.GlyphStyle(g), c.Center())
}

// GlyphKey returns a legend thumbnail of a glyph of colour c, radius r points
// and the given shape, for marks whose own glyph is too small or too varied to
// serve as their key (translucent dots, points shaded by responsibility).
func GlyphKey(c color.Color, r float64, shape draw.GlyphDrawer) plot.Thumbnailer {
	return glyphKey{Color: c, Radius: vg.Points(r), Shape: shape}
}

// MeanKey returns the legend thumbnails of gmmplot.NewMeanMarkers' marks in
// grey: a large filled circle with a black ring.
func MeanKey() []plot.Thumbnailer {
	grey := color.Gray{Y: 0x99}
	return []plot.Thumbnailer{
		GlyphKey(grey, 6, draw.CircleGlyph{}),
		GlyphKey(color.Black, 6, draw.RingGlyph{}),
	}
}
