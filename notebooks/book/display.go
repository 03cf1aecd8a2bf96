package book

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"

	"github.com/janpfeifer/gonb/gonbui"
	"github.com/janpfeifer/gonb/gonbui/protocol"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"gmmbook/gmm/gmmplot"
)

// Must returns v, and stops the cell with a panic if err is not nil: in a
// notebook, an error is the end of the cell, shown with its message.
func Must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

// Must2 is Must for two results.
func Must2[T, U any](t T, u U, err error) (T, U) {
	if err != nil {
		panic(err)
	}
	return t, u
}

// Must3 is Must for three results.
func Must3[T, U, V any](t T, u U, v V, err error) (T, U, V) {
	if err != nil {
		panic(err)
	}
	return t, u, v
}

// Scale is how many pixels a figure has per pixel of its displayed size: the
// notebooks' PNGs are drawn at Scale × gmmplot.DPI and shown at gmmplot.DPI,
// so they stay sharp on a high-resolution screen.
const Scale = 2

// PNG returns fig drawn at w × h inches as PNG bytes at Scale × gmmplot.DPI,
// with the size in pixels at which it is to be displayed.
func PNG(fig gmmplot.Drawer, w, h float64) (png []byte, width, height int, err error) {
	if !(w > 0 && h > 0) {
		return nil, 0, 0, fmt.Errorf("book: figure size %v × %v inches, want positive", w, h)
	}
	c := vgimg.NewWith(vgimg.UseWH(vg.Length(w)*vg.Inch, vg.Length(h)*vg.Inch),
		vgimg.UseDPI(Scale*gmmplot.DPI))
	fig.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, 0, 0, fmt.Errorf("book: encoding png: %w", err)
	}
	b := c.Image().Bounds()
	return buf.Bytes(), b.Dx() / Scale, b.Dy() / Scale, nil
}

// Show displays a figure of w × h inches as a PNG image in the notebook, drawn
// at Scale times the resolution it is displayed at. It panics if the figure
// cannot be drawn.
func Show(fig gmmplot.Drawer, w, h float64) {
	png, width, height, err := PNG(fig, w, h)
	Must(0, err)
	gonbui.SendData(&protocol.DisplayData{
		Data: map[protocol.MIMEType]any{protocol.MIMEImagePNG: png},
		Metadata: map[string]any{
			string(protocol.MIMEImagePNG): map[string]int{"width": width, "height": height},
		},
	})
	gonbui.Sync() // wait until Jupyter has the image before the cell's program ends
}

// Markdown displays Markdown text, LaTeX included, in the notebook.
func Markdown(text string) {
	gonbui.DisplayMarkdown(text)
	gonbui.Sync()
}

// Sub returns the integer n in Unicode subscript digits, for names such as
// "μ" + Sub(1) = "μ₁" in text, tables and figures.
func Sub(n int) string {
	return subscripts.Replace(strconv.Itoa(n))
}

var subscripts = strings.NewReplacer("0", "₀", "1", "₁", "2", "₂", "3", "₃", "4", "₄",
	"5", "₅", "6", "₆", "7", "₇", "8", "₈", "9", "₉", "-", "₋")
