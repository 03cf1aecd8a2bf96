// Package book holds the notebooks' own helpers: code that serves only the
// notebooks in this folder, kept out of the library (gmm, gmmplot, bayes, mcmc).
package book

import (
	"bytes"
	"fmt"
	"image/png"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"gmmbook/gmm/gmmplot"
)

// HiDPI is the resolution of the notebooks' figures: twice gmmplot.DPI, so that
// a figure shown at its size in inches (CSSWidth) stays sharp on a
// high-resolution screen.
const HiDPI = 2 * gmmplot.DPI

// PNG2x returns d drawn on a w × h inch canvas at HiDPI, as PNG bytes: twice
// the pixels of gmmplot.PNG in each direction.
func PNG2x(d gmmplot.Drawer, w, h float64) ([]byte, error) {
	if !(w > 0 && h > 0) {
		return nil, fmt.Errorf("book: figure size %v × %v inches, want positive", w, h)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch), vgimg.UseDPI(HiDPI))
	d.Draw(draw.New(c))
	var buf bytes.Buffer
	if err := png.Encode(&buf, c.Image()); err != nil {
		return nil, fmt.Errorf("book: encoding png: %w", err)
	}
	return buf.Bytes(), nil
}

// CSSWidth is the width in CSS pixels at which a figure w inches wide is shown:
// gmmplot.DPI pixels per inch, half its PNG2x pixels.
func CSSWidth(w float64) int { return int(w * gmmplot.DPI) }
