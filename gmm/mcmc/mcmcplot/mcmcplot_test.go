package mcmcplot

import (
	"bytes"
	"image/color"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"gmmbook/gmm/gmmplot"
)

func TestRankCounts(t *testing.T) {
	// Chain 0 holds the 4 smallest draws, chain 1 the 4 largest: with 2 bins
	// each chain fills one bin.
	got := RankCounts([][]float64{{1, 3, 2, 4}, {7, 5, 8, 6}}, 2)
	want := [][]float64{{4, 0}, {0, 4}}
	for c := range want {
		for b := range want[c] {
			if got[c][b] != want[c][b] {
				t.Fatalf("RankCounts = %v, want %v", got, want)
			}
		}
	}
	// Interleaved chains share every bin equally.
	got = RankCounts([][]float64{{1, 3, 5, 7}, {2, 4, 6, 8}}, 4)
	for c := range got {
		for b, n := range got[c] {
			if n != 1 {
				t.Errorf("chain %d bin %d: %v draws, want 1", c, b, n)
			}
		}
	}
}

func TestPlotsRender(t *testing.T) {
	chains := [][]float64{{0.1, 0.4, -0.2, 0.3}, {0.0, -0.5, 0.2, 0.6}}
	tr, err := Trace(chains, "mu")
	if err != nil {
		t.Fatal(err)
	}
	rk, err := Rank(chains, 2, "mu")
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []gmmplot.Drawer{tr, rk} {
		b, err := gmmplot.PNG(p, 4*vg.Inch, 3*vg.Inch)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.HasPrefix(b, []byte("\x89PNG")) {
			t.Errorf("not a PNG")
		}
	}
	if tr.X.Max != 4 || rk.Y.Min != 0 {
		t.Errorf("trace x max %v, rank y min %v", tr.X.Max, rk.Y.Min)
	}
}

func TestPlotErrors(t *testing.T) {
	for _, chains := range [][][]float64{nil, {{}}, {{1, math.NaN()}}, {{1, math.Inf(1)}}} {
		if _, err := Trace(chains, ""); err == nil || !strings.HasPrefix(err.Error(), "mcmcplot: ") {
			t.Errorf("Trace(%v): error %v", chains, err)
		}
		if _, err := Rank(chains, 10, ""); err == nil {
			t.Errorf("Rank(%v): no error", chains)
		}
	}
	if _, err := Rank([][]float64{{1, 2}}, 0, ""); err == nil {
		t.Errorf("Rank with 0 bins: no error")
	}
}

// Trace lines are translucent, so that the last chain does not hide the others:
// where two chains coincide, the pixel is a blend, not the last chain's colour.
func TestTraceLinesAreTranslucent(t *testing.T) {
	p, err := Trace([][]float64{{1, 1, 1}, {1, 1, 1}}, "t")
	if err != nil {
		t.Fatal(err)
	}
	p.Y.Min, p.Y.Max = 0, 2
	c := vgimg.NewWith(vgimg.UseWH(3*vg.Inch, 2*vg.Inch), vgimg.UseDPI(600))
	p.Draw(draw.New(c))
	img := c.Image()
	b := img.Bounds()
	x := b.Min.X + b.Dx()*2/3
	darkest, sum := color.RGBA{}, 3*0xffff+1
	for y := b.Min.Y + b.Dy()/4; y < b.Max.Y-b.Dy()/4; y++ { // the data line, not the axes
		r, g, bl, _ := img.At(x, y).RGBA()
		if s := int(r + g + bl); s < sum {
			sum, darkest = s, color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
		}
	}
	last := gmmplot.Color(1)
	if darkest.R == last.R && darkest.G == last.G && darkest.B == last.B {
		t.Errorf("the line pixel is %v, the last chain's opaque colour: not translucent", darkest)
	}
	if darkest == (color.RGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xff}) {
		t.Error("no line drawn")
	}
}
