package book

import (
	"bytes"
	"errors"
	"image/color"
	"image/png"
	"testing"

	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"gmmbook/gmm/gmmplot"
)

func TestMustPassesValuesAndPanicsOnError(t *testing.T) {
	if got := Must(3, nil); got != 3 {
		t.Errorf("Must(3, nil) = %v", got)
	}
	if a, b := Must2("a", 2, nil); a != "a" || b != 2 {
		t.Errorf("Must2 = %v, %v", a, b)
	}
	if a, b, c := Must3("a", 2, 3.5, nil); a != "a" || b != 2 || c != 3.5 {
		t.Errorf("Must3 = %v, %v, %v", a, b, c)
	}
	bad := errors.New("bad")
	for name, f := range map[string]func(){
		"Must":  func() { Must(0, bad) },
		"Must2": func() { Must2(0, 0, bad) },
		"Must3": func() { Must3(0, 0, 0, bad) },
	} {
		func() {
			defer func() {
				if r := recover(); r != bad {
					t.Errorf("%s: recovered %v, want the error", name, r)
				}
			}()
			f()
		}()
	}
}

// A figure is drawn at Scale × gmmplot.DPI and displayed at gmmplot.DPI.
func TestPNGIsDrawnAtScale(t *testing.T) {
	p := gmmplot.New("t", "x", "y")
	b, w, h, err := PNG(p, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if w != 3*gmmplot.DPI || h != 2*gmmplot.DPI {
		t.Errorf("display size %d×%d, want %d×%d", w, h, 3*gmmplot.DPI, 2*gmmplot.DPI)
	}
	if got := img.Bounds().Size(); got.X != Scale*w || got.Y != Scale*h {
		t.Errorf("PNG of %v pixels, want %d×%d", got, Scale*w, Scale*h)
	}
	if _, _, _, err := PNG(p, 0, 2); err == nil {
		t.Error("zero width: no error")
	}
}

// Cached computes once per session folder and reads the result back after.
func TestCachedComputesOnceInASession(t *testing.T) {
	calls := 0
	compute := func() []float64 { calls++; return []float64{1, 2} }
	t.Setenv("GONB_TMP_DIR", "")
	Cached("k", compute)
	Cached("k", compute)
	if calls != 2 {
		t.Errorf("outside GoNB: %d calls, want 2 (no caching)", calls)
	}
	calls = 0
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	a, b := Cached("k", compute), Cached("k", compute)
	if calls != 1 || len(b) != 2 || b[1] != 2 || a[0] != 1 {
		t.Errorf("in a session: %d calls (want 1), results %v %v", calls, a, b)
	}
	t.Setenv("GONB_TMP_DIR", t.TempDir()) // a new session starts empty
	Cached("k", compute)
	if calls != 2 {
		t.Errorf("new session: %d calls in all, want 2", calls)
	}
}

// Importing book makes DejaVu Serif, which has ₖ, the figures' font.
func TestFigureFontHasSubscriptK(t *testing.T) {
	p := gmmplot.New("μₖ", "x", "y")
	if f := p.Title.TextStyle.Font; f.Typeface != FigureFont.Typeface || f.Variant != FigureFont.Variant {
		t.Errorf("a new plot's title font is %v, want %v", p.Title.TextStyle.Font, FigureFont)
	}
	face := font.DefaultCache.Lookup(FigureFont, 12)
	if i, err := face.Face.GlyphIndex(nil, '\u2096'); err != nil || i == 0 {
		t.Errorf("the figure font has no glyph for ₖ (index %d, error %v)", i, err)
	}
}

// GlyphKey draws its glyph, in its colour, in the middle of the thumbnail.
func TestGlyphKeyDrawsItsGlyph(t *testing.T) {
	red := color.NRGBA{R: 0xff, A: 0xff}
	c := vgimg.New(20, 20)
	GlyphKey(red, 4, draw.CircleGlyph{}).Thumbnail(&draw.Canvas{Canvas: c,
		Rectangle: vg.Rectangle{Max: vg.Point{X: 20, Y: 20}}})
	img := c.Image()
	b := img.Bounds()
	r, g, _, _ := img.At(b.Dx()/2, b.Dy()/2).RGBA()
	if r>>8 != 0xff || g>>8 != 0 {
		t.Errorf("centre pixel %v, want the glyph's red", img.At(b.Dx()/2, b.Dy()/2))
	}
	if len(MeanKey()) != 2 {
		t.Errorf("MeanKey has %d thumbnails, want a fill and a ring", len(MeanKey()))
	}
}

func TestSub(t *testing.T) {
	for n, want := range map[int]string{0: "₀", 1: "₁", 12: "₁₂", 3456789: "₃₄₅₆₇₈₉", -2: "₋₂"} {
		if got := Sub(n); got != want {
			t.Errorf("Sub(%d) = %q, want %q", n, got, want)
		}
	}
}
