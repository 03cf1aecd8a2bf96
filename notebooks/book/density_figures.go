package book

// Figures drawn at twice the screen's resolution (notebooks 06 and 07).

import (
	"bytes"
	"encoding/gob"
	"fmt"
	"image/png"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"

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

// init registers the type of ShowHiDPI's image metadata with gob, which GoNB
// uses to pass display data from the cell's program to the kernel.
func init() { gob.Register(map[string]any{}) }

// ShowHiDPI displays a figure of w × h inches in the notebook as Show does, but
// drawn at HiDPI and shown at CSSWidth(w) pixels wide: the same size on the
// page, sharp on a high-resolution screen. It panics if the figure cannot be
// drawn.
func ShowHiDPI(fig gmmplot.Drawer, w, h float64) {
	gonbui.SendData(&protocol.DisplayData{
		Data:     map[protocol.MIMEType]any{protocol.MIMEImagePNG: Must(PNG2x(fig, w, h))},
		Metadata: map[string]any{string(protocol.MIMEImagePNG): map[string]any{"width": CSSWidth(w)}},
	})
	gonbui.Sync() // wait until Jupyter has the image before the cell's program ends
}
