package gmmplot

import (
	"bytes"
	"image"
	"image/color"
	"image/draw"
	"image/gif"
	"image/png"
	"math"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"unicode/utf8"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"gmmbook/gmm"
)

func TestResponsibilityCurvesMatchBayesRule(t *testing.T) {
	m := articleB()
	curves, err := NewResponsibilityCurves(m)
	if err != nil {
		t.Fatal(err)
	}
	if len(curves) != 2 {
		t.Fatalf("%d curves, want 2", len(curves))
	}
	lambda, mu, sigma := []float64{0.35, 0.65}, []float64{-0.3, 0.5}, []float64{0.15, 0.3}
	for x := -1.0; x <= 1.5; x += 0.05 {
		var joint [2]float64
		for h := range joint {
			joint[h] = lambda[h] * distuv.Normal{Mu: mu[h], Sigma: sigma[h]}.Prob(x)
		}
		for h, c := range curves {
			want := joint[h] / (joint[0] + joint[1]) // Bayes' rule, the E-step's P̄(h | x)
			if got := c.F(x); math.Abs(got-want) > 1e-12 {
				t.Errorf("P̄(%d | %v) = %v, want %v", h, x, got, want)
			}
		}
	}
	// Far in the tails every density underflows; the log-space curves stay finite
	// and still sum to 1 (the narrow component 0 loses both tails).
	for _, x := range []float64{-60, 60} {
		s := curves[0].F(x) + curves[1].F(x)
		if math.Abs(s-1) > 1e-12 || curves[0].F(x) > 1e-12 {
			t.Errorf("at x = %v: P̄(0) = %v, P̄(1) = %v: want 0 and 1", x, curves[0].F(x), curves[1].F(x))
		}
	}
}

func TestResponsibilityCurvesRejectTwoDimensions(t *testing.T) {
	m, err := gmm.New([]float64{1}, [][]float64{{0, 0}}, []mat.Symmetric{mat.NewSymDense(2, []float64{1, 0, 0, 1})})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := NewResponsibilityCurves(m); err == nil {
		t.Error("no error for a 2-D mixture")
	}
	if _, err := EMFrame([]float64{0, 1}, 2, m, ""); err == nil {
		t.Error("EMFrame: no error for a 2-D mixture")
	}
}

// TestEMFrameLegendKeepsItsWidth: the legend labels of very different mixtures
// have the same number of characters (in a monospaced font: the same width).
func TestEMFrameLegendKeepsItsWidth(t *testing.T) {
	a := articleB()
	b, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{1}, {-0.771}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{2.68 * 2.68}), mat.NewSymDense(1, []float64{12.3 * 12.3})})
	if err != nil {
		t.Fatal(err)
	}
	want := utf8.RuneCountInString(fixedComponentLabel(a, 0))
	for _, m := range []*gmm.Mixture{a, b} {
		for k := 0; k < 2; k++ {
			if l := fixedComponentLabel(m, k); utf8.RuneCountInString(l) != want {
				t.Errorf("label %q has %d characters, want %d", l, utf8.RuneCountInString(l), want)
			}
		}
	}
	if got := fixedComponentLabel(a, 0); got != "λ₁= 0.350  μ₁=-0.300  σ₁= 0.150" {
		t.Errorf("label %q", got)
	}
	p, err := EMFrame([]float64{-0.5, 0, 0.2, 0.7}, 4, b, "t")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := PNG(&Figure{Plot: p}, 4*72, 2*72); err != nil {
		t.Fatal(err)
	}
}

// writeTestFrames writes frames of w×h with a moving square of a few colours
// (and one frame identical to its predecessor) and returns the images and paths.
func writeTestFrames(t *testing.T, dir string, w, h int) ([]*image.RGBA, []string) {
	t.Helper()
	colours := []color.RGBA{{0xff, 0, 0, 0xff}, {0, 0x80, 0, 0xff}, {0, 0, 0xff, 0xff}, {0, 0, 0xff, 0xff}}
	xs := []int{2, 10, 20, 20}
	var imgs []*image.RGBA
	var paths []string
	for i, c := range colours {
		img := image.NewRGBA(image.Rect(0, 0, w, h))
		draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
		draw.Draw(img, image.Rect(xs[i], 5, xs[i]+8, 13), image.NewUniform(c), image.Point{}, draw.Src)
		img.Set(0, h-1, color.RGBA{0x12, 0x34, 0x56, 0xff})
		var buf bytes.Buffer
		if err := png.Encode(&buf, img); err != nil {
			t.Fatal(err)
		}
		path := filepath.Join(dir, "frame"+string(rune('0'+i))+".png")
		if err := os.WriteFile(path, buf.Bytes(), 0o644); err != nil {
			t.Fatal(err)
		}
		imgs, paths = append(imgs, img), append(paths, path)
	}
	return imgs, paths
}

// TestGIFFromPNGFilesRoundTrip decodes the GIF, composes its frames as a viewer
// does (each drawn over the last, transparent pixels keeping what was there) and
// requires every composed frame to equal its PNG exactly (these have only a few
// colours, all in the palette).
func TestGIFFromPNGFilesRoundTrip(t *testing.T) {
	const w, h = 40, 20
	imgs, paths := writeTestFrames(t, t.TempDir(), w, h)
	b, err := GIFFromPNGFiles(paths, 7)
	if err != nil {
		t.Fatal(err)
	}
	again, err := GIFFromPNGFiles(paths, 7)
	if err != nil || !bytes.Equal(b, again) {
		t.Fatalf("not deterministic (err %v)", err)
	}
	anim, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	if len(anim.Image) != len(imgs) {
		t.Fatalf("%d frames, want %d", len(anim.Image), len(imgs))
	}
	if want := []int{7, 7, 7, 21}; !slices.Equal(anim.Delay, want) {
		t.Errorf("delays %v, want %v", anim.Delay, want)
	}
	canvas := image.NewRGBA(image.Rect(0, 0, w, h))
	for i, frame := range anim.Image {
		if i > 0 && frame.Bounds().Dx()*frame.Bounds().Dy() >= w*h {
			t.Errorf("frame %d is the whole image %v, want only the changed part", i, frame.Bounds())
		}
		draw.Draw(canvas, frame.Bounds(), frame, frame.Bounds().Min, draw.Over)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				if got, want := canvas.RGBAAt(x, y), imgs[i].RGBAAt(x, y); got != want {
					t.Fatalf("frame %d pixel (%d, %d) = %v, want %v", i, x, y, got, want)
				}
			}
		}
	}
}

func TestGIFFromPNGFilesErrors(t *testing.T) {
	dir := t.TempDir()
	_, paths := writeTestFrames(t, dir, 40, 20)
	small := filepath.Join(dir, "small.png")
	var buf bytes.Buffer
	if err := png.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 3, 3))); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(small, buf.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	notPNG := filepath.Join(dir, "text.png")
	if err := os.WriteFile(notPNG, []byte("not a png"), 0o644); err != nil {
		t.Fatal(err)
	}
	for name, c := range map[string]struct {
		paths []string
		delay int
	}{
		"no frames":  {nil, 5},
		"zero delay": {paths, 0},
		"sizes":      {append(paths[:1:1], small), 5},
		"missing":    {[]string{filepath.Join(dir, "none.png")}, 5},
		"not a png":  {[]string{notPNG}, 5},
	} {
		if _, err := GIFFromPNGFiles(c.paths, c.delay); err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}
