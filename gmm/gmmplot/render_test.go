package gmmplot

import (
	"bytes"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// linePlot returns a small plot of a line from (0, 0) to (1, slope).
func linePlot(t *testing.T, slope float64) *plot.Plot {
	t.Helper()
	p := New("frame", "x", "y")
	l, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: slope}})
	if err != nil {
		t.Fatal(err)
	}
	l.LineStyle = LineStyle(1, nil)
	p.Add(l)
	p.Y.Min, p.Y.Max = 0, 3
	return p
}

func TestPNGAndSVG(t *testing.T) {
	p := linePlot(t, 1)
	b, err := PNG(p, 3*vg.Inch, 2*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if got := img.Bounds().Size(); got.X != 3*DPI || got.Y != 2*DPI {
		t.Errorf("PNG is %v pixels, want %d×%d", got, 3*DPI, 2*DPI)
	}
	if r, g, bl, _ := img.At(0, 0).RGBA(); r != 0xffff || g != 0xffff || bl != 0xffff {
		t.Errorf("corner pixel %v, want white background", img.At(0, 0))
	}
	s, err := SVG(p, 3*vg.Inch, 2*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(s, []byte("<svg")) || !bytes.Contains(s, []byte("frame")) {
		t.Errorf("SVG lacks an <svg> element or the title: %.200s", s)
	}
	for _, size := range [][2]vg.Length{{0, 1}, {1, -1}, {vg.Length(math.NaN()), 1}} {
		if _, err := PNG(p, size[0], size[1]); err == nil {
			t.Errorf("PNG at %v: no error", size)
		}
		if _, err := SVG(p, size[0], size[1]); err == nil {
			t.Errorf("SVG at %v: no error", size)
		}
	}
}

func TestWriteFrames(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "frames")
	frames := []*plot.Plot{linePlot(t, 1), linePlot(t, 2), linePlot(t, 3)}
	paths, err := WriteFrames(dir, "frame%03d.png", frames, 2*vg.Inch, 1.5*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []string{"frame000.png", "frame001.png", "frame002.png"} {
		if filepath.Base(paths[i]) != want {
			t.Errorf("path %d = %s, want %s", i, paths[i], want)
		}
		b, err := os.ReadFile(paths[i])
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(bytes.NewReader(b)); err != nil {
			t.Errorf("%s: %v", paths[i], err)
		}
	}
	if _, err := WriteFrames(dir, "f%d.png", []*plot.Plot{}, vg.Inch, vg.Inch); err == nil {
		t.Error("no frames: no error")
	}
}

func TestGIF(t *testing.T) {
	frames := []*Figure{{Plot: linePlot(t, 1)}, {Plot: linePlot(t, 2)}, {Plot: linePlot(t, 3)}}
	b, err := GIF(frames, 2*vg.Inch, 1.5*vg.Inch, 20)
	if err != nil {
		t.Fatal(err)
	}
	again, err := GIF(frames, 2*vg.Inch, 1.5*vg.Inch, 20)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, again) {
		t.Error("two GIFs of the same frames differ")
	}
	g, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(g.Image) != 3 || g.Delay[0] != 20 || g.Delay[2] != 60 || g.LoopCount != 0 {
		t.Errorf("%d frames, delays %v, loop %d: want 3, [20 20 60], 0", len(g.Image), g.Delay, g.LoopCount)
	}
	// The frames' most common colours, white and the line's orange, are kept
	// exactly; other pixels go to the nearest of at most 256 colours.
	first, err := Render(frames[0], 2*vg.Inch, 1.5*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	pal := g.Image[0].Palette
	if len(pal) > 256 || !hasColor(pal, color.RGBA{255, 255, 255, 255}) || !hasColor(pal, Color(1)) {
		t.Errorf("palette of %d colours, white %v, orange %v", len(pal), hasColor(pal, color.White), hasColor(pal, Color(1)))
	}
	bd := first.Bounds()
	var off int
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			if !near(first.At(x, y), g.Image[0].At(x, y), 24) {
				off++
			}
		}
	}
	if off > 0 {
		t.Errorf("%d pixels of frame 0 off by more than 24 levels", off)
	}
	if _, err := GIF([]*Figure{}, vg.Inch, vg.Inch, 10); err == nil {
		t.Error("no frames: no error")
	}
	if _, err := GIF(frames, vg.Inch, vg.Inch, 0); err == nil {
		t.Error("zero delay: no error")
	}
}

// TestGIFIsGIFFromPNGFiles: GIF of frames in memory has exactly the bytes of
// GIFFromPNGFiles of the PNG files WriteFrames writes for them (PNG is
// lossless, and both go through one encoder).
func TestGIFIsGIFFromPNGFiles(t *testing.T) {
	frames := []*Figure{{Plot: linePlot(t, 1)}, {Plot: linePlot(t, 2)}, {Plot: linePlot(t, 2)}, {Plot: linePlot(t, 3)}}
	b, err := GIF(frames, 2*vg.Inch, 1.5*vg.Inch, 9)
	if err != nil {
		t.Fatal(err)
	}
	paths, err := WriteFrames(t.TempDir(), "%d.png", frames, 2*vg.Inch, 1.5*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	fromFiles, err := GIFFromPNGFiles(paths, 9)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(b, fromFiles) {
		t.Errorf("GIF gives %d bytes, GIFFromPNGFiles of the same frames %d different ones", len(b), len(fromFiles))
	}
}

func hasColor(pal color.Palette, c color.Color) bool {
	for _, p := range pal {
		if near(p, c, 0) {
			return true
		}
	}
	return false
}

func near(a, b color.Color, tol int) bool {
	r1, g1, b1, _ := a.RGBA()
	r2, g2, b2, _ := b.RGBA()
	d := func(u, v uint32) bool { return int(math.Abs(float64(u>>8)-float64(v>>8))) <= tol }
	return d(r1, r2) && d(g1, g2) && d(b1, b2)
}

// With EqualAspect a unit has the same length on both axes.
func TestFigureEqualAspect(t *testing.T) {
	p := linePlot(t, 1)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 10, 0, 2
	c := draw.New(vgimg.New(6*vg.Inch, 4*vg.Inch))
	q := *p
	d := q.DataCanvas(equalAspect(&q, c, false))
	xPer := (q.X.Max - q.X.Min) / float64(d.Max.X-d.Min.X)
	yPer := (q.Y.Max - q.Y.Min) / float64(d.Max.Y-d.Min.Y)
	if math.Abs(xPer-yPer) > 1e-3*xPer {
		t.Errorf("units per point: x %v, y %v, want equal", xPer, yPer)
	}
	if q.X.Min != 0 || q.X.Max != 10 || p.Y.Max != 2 || q.Y.Max-q.Y.Min < 5 {
		t.Errorf("x range %v–%v changed, y range %v–%v not widened, or the original plot was modified (y max %v)",
			q.X.Min, q.X.Max, q.Y.Min, q.Y.Max, p.Y.Max)
	}
	if math.Abs((q.Y.Min+q.Y.Max)/2-1) > 1e-12 {
		t.Errorf("y range %v–%v not centred on 1", q.Y.Min, q.Y.Max)
	}
}

// With KeepRanges the ranges stay and the data area is narrowed to equal units.
func TestFigureEqualAspectKeepRanges(t *testing.T) {
	for _, size := range [][2]vg.Length{{6 * vg.Inch, 4 * vg.Inch}, {3 * vg.Inch, 6 * vg.Inch}} {
		p := linePlot(t, 1)
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 10, 0, 4
		q := *p
		d := q.DataCanvas(equalAspect(&q, draw.New(vgimg.New(size[0], size[1])), true))
		xPer := (q.X.Max - q.X.Min) / float64(d.Max.X-d.Min.X)
		yPer := (q.Y.Max - q.Y.Min) / float64(d.Max.Y-d.Min.Y)
		if math.Abs(xPer-yPer) > 1e-3*xPer {
			t.Errorf("%v: units per point: x %v, y %v, want equal", size, xPer, yPer)
		}
		if q.X.Min != 0 || q.X.Max != 10 || q.Y.Min != 0 || q.Y.Max != 4 {
			t.Errorf("%v: ranges changed to x %v–%v, y %v–%v", size, q.X.Min, q.X.Max, q.Y.Min, q.Y.Max)
		}
	}
}

// Equal-aspect tiles draw every plot with equal units and leave the plots as they were.
func TestTilesEqualAspect(t *testing.T) {
	a, b := linePlot(t, 1), linePlot(t, 2)
	a.X.Max, b.X.Max = 1, 1
	tiles, err := NewTiles(1, 2, a, b)
	if err != nil {
		t.Fatal(err)
	}
	tiles.EqualAspect = true
	img, err := Render(tiles, 8*vg.Inch, 2*vg.Inch)
	if err != nil {
		t.Fatal(err)
	}
	if img.Bounds().Dx() != 8*DPI || a.X.Max != 1 || a.Y.Max != 3 {
		t.Errorf("image %v, plot a's ranges changed: x max %v, y max %v", img.Bounds(), a.X.Max, a.Y.Max)
	}
}

func TestTilesAndCommonRange(t *testing.T) {
	a, b := linePlot(t, 1), linePlot(t, 2)
	a.X.Max, b.Y.Min = 4, -1
	CommonRange(a, b)
	if a.X.Max != 4 || b.X.Max != 4 || a.Y.Min != -1 || a.Y.Max != 3 {
		t.Errorf("ranges after CommonRange: a x %v–%v y %v–%v", a.X.Min, a.X.Max, a.Y.Min, a.Y.Max)
	}
	tiles, err := NewTiles(1, 3, a, b)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(tiles, 6*vg.Inch, 2*vg.Inch); err != nil {
		t.Error(err)
	}
	if _, err := NewTiles(0, 2); err == nil || !strings.Contains(err.Error(), "tiles") {
		t.Errorf("0 rows: error %v", err)
	}
	if _, err := NewTiles(1, 1, a, b); err == nil || !strings.Contains(err.Error(), "do not fit") {
		t.Errorf("2 plots in 1 tile: error %v", err)
	}
}
