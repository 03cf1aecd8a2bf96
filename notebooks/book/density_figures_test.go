package book

import (
	"bytes"
	"image/png"
	"testing"

	"gmmbook/gmm/gmmplot"
)

func TestPNG2xHasTwiceThePixels(t *testing.T) {
	p := gmmplot.New("a title", "x", "y")
	b, err := PNG2x(p, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	// 3 × 2 inches at 2 · 96 dpi.
	if s := img.Bounds().Size(); s.X != 576 || s.Y != 384 {
		t.Errorf("image %v, want 576×384", s)
	}
	if CSSWidth(3) != 288 {
		t.Errorf("CSS width %d, want 288", CSSWidth(3))
	}
	if _, err := PNG2x(p, 0, 2); err == nil {
		t.Error("zero width: no error")
	}
}
