package gmmplot

// Helpers for notebook 02 (article B): an animation frame whose layout does not
// move from frame to frame, the responsibilities as curves over x, and an
// animated GIF assembled from numbered PNG files, as the article does with
// ImageMagick.

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"math"
	"os"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
)

// EMFrame returns one frame of an EM animation for a 1-D mixture: the density
// histogram of data with bins bins, each weighted component λ_h N(x | μ_h, σ_h²)
// (dashed, in its colour), the mixture density (solid) and the title, like
// HistogramFrame. Its legend gives λ_h, μ_h and σ_h with three decimals in a
// monospaced font, so the legend, and with it the data area of a Figure, keeps
// the same width in every frame and the animation does not jitter. Give all
// frames one range with CommonRange. It returns an error for the inputs
// HistogramFrame rejects.
func EMFrame(data []float64, bins int, m *gmm.Mixture, title string) (*plot.Plot, error) {
	p, err := histogramFrame(data, bins, m, title, fixedComponentLabel)
	if err != nil {
		return nil, err
	}
	p.Legend.TextStyle.Font = font.Font{Typeface: "Liberation", Variant: "Mono", Size: 10}
	return p, nil
}

// fixedComponentLabel is "λ₁= 0.350  μ₁=-0.300  σ₁= 0.150", each number in a
// field of the same width (six characters, enough up to ±99.999).
func fixedComponentLabel(m *gmm.Mixture, k int) string {
	sub := subscript(k + 1)
	sd := math.Sqrt(m.CovarianceMatrix(k, nil).At(0, 0))
	return fmt.Sprintf("λ%s=%s  μ%s=%s  σ%s=%s", sub, field(m.Weight(k)), sub, field(m.Mean(k)[0]), sub, field(sd))
}

// field formats v with three decimals right-aligned in 6 characters.
func field(v float64) string { return fmt.Sprintf("%6.3f", v) }

// NewResponsibilityCurves returns, for each component h of the 1-D mixture m,
// the curve of its responsibility (posterior probability)
//
//	P̄(h | x) = λ_h N(x | μ_h, σ_h²) / Σ_g λ_g N(x | μ_g, σ_g²)
//
// over x, solid, in Color(h). The curves sum to 1 at every x. They are computed
// with Mixture.LogResponsibilitiesTo, in log space, so they stay finite far from
// every component. Set the x range of the plot they are added to. It returns an
// error if m is nil or not one-dimensional.
func NewResponsibilityCurves(m *gmm.Mixture) ([]*plotter.Function, error) {
	if err := checkDim(m, 1); err != nil {
		return nil, err
	}
	curves := make([]*plotter.Function, m.K())
	for k := range curves {
		f := plotter.NewFunction(func(x float64) float64 { return responsibility(m, k, x) })
		f.LineStyle = draw.LineStyle{Color: Color(k), Width: vg.Points(2)}
		f.Samples = 400
		curves[k] = f
	}
	return curves, nil
}

// responsibility is P̄(k | x) under m.
func responsibility(m *gmm.Mixture, k int, x float64) float64 {
	lr, _ := m.LogResponsibilitiesTo(nil, mat.NewDense(1, 1, []float64{x}))
	return math.Exp(lr.At(0, k))
}

// GIFFromPNGFiles reads the PNG files at paths, all of one size, and returns
// them as an animated GIF that loops forever, showing each frame for delay
// hundredths of a second and the last one three times as long. It is what the
// article does with ImageMagick to its numbered PNGs.
//
// All frames share one palette: the 255 colours most frequent over all frames
// (ties broken by colour), every other colour mapped to the nearest of them,
// and one transparent entry. Each frame after the first holds only the
// rectangle that changed since the previous one, its unchanged pixels
// transparent, so an animation of plots that differ in a few curves stays
// small. The same files always give the same bytes. It returns an error if
// paths is empty, a file cannot be read or decoded, the sizes differ, or delay
// is less than 1.
func GIFFromPNGFiles(paths []string, delay int) ([]byte, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("gmmplot: no frames")
	}
	if delay < 1 {
		return nil, fmt.Errorf("gmmplot: gif delay %d, want at least 1", delay)
	}
	imgs, err := readPNGs(paths)
	if err != nil {
		return nil, err
	}
	pal := newFramePalette(imgs)
	anim := &gif.GIF{LoopCount: 0}
	var prev *image.Paletted
	for i, img := range imgs {
		full := pal.paletted(img)
		frame := full
		if prev != nil {
			frame = changedPart(prev, full)
		}
		anim.Image = append(anim.Image, frame)
		anim.Delay = append(anim.Delay, delay)
		anim.Disposal = append(anim.Disposal, gif.DisposalNone)
		if i == len(imgs)-1 {
			anim.Delay[i] = 3 * delay
		}
		prev = full
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return nil, fmt.Errorf("gmmplot: encoding gif: %w", err)
	}
	return buf.Bytes(), nil
}

func readPNGs(paths []string) ([]image.Image, error) {
	imgs := make([]image.Image, len(paths))
	for i, path := range paths {
		b, err := os.ReadFile(path)
		if err != nil {
			return nil, fmt.Errorf("gmmplot: %w", err)
		}
		img, err := png.Decode(bytes.NewReader(b))
		if err != nil {
			return nil, fmt.Errorf("gmmplot: %s: %w", path, err)
		}
		if i > 0 && img.Bounds() != imgs[0].Bounds() {
			return nil, fmt.Errorf("gmmplot: %s is %v, the first frame is %v", path, img.Bounds().Size(), imgs[0].Bounds().Size())
		}
		imgs[i] = img
	}
	return imgs, nil
}

// transparentIndex is the palette entry of a pixel that did not change.
const transparentIndex = 255

// framePalette maps the opaque colours of a set of frames to 255 palette entries.
type framePalette struct {
	palette color.Palette
	index   map[uint32]uint8 // packed RGB → palette index
}

func packRGB(c color.Color) uint32 {
	r, g, b, _ := c.RGBA()
	return (r>>8)<<16 | (g>>8)<<8 | b>>8
}

func unpackRGB(k uint32) color.RGBA {
	return color.RGBA{R: uint8(k >> 16), G: uint8(k >> 8), B: uint8(k), A: 0xff}
}

func newFramePalette(imgs []image.Image) *framePalette {
	count := map[uint32]int{}
	for _, img := range imgs {
		b := img.Bounds()
		for y := b.Min.Y; y < b.Max.Y; y++ {
			for x := b.Min.X; x < b.Max.X; x++ {
				count[packRGB(img.At(x, y))]++
			}
		}
	}
	colours := make([]uint32, 0, len(count))
	for c := range count {
		colours = append(colours, c)
	}
	slices.SortFunc(colours, func(a, b uint32) int {
		if c := cmp.Compare(count[b], count[a]); c != 0 {
			return c
		}
		return cmp.Compare(a, b)
	})
	used := colours[:min(len(colours), transparentIndex)]
	fp := &framePalette{index: make(map[uint32]uint8, len(colours))}
	for _, c := range used {
		fp.palette = append(fp.palette, unpackRGB(c))
	}
	for len(fp.palette) < transparentIndex {
		fp.palette = append(fp.palette, color.RGBA{A: 0xff})
	}
	fp.palette = append(fp.palette, color.RGBA{})
	opaque := fp.palette[:transparentIndex]
	for _, c := range colours {
		fp.index[c] = uint8(opaque.Index(unpackRGB(c)))
	}
	for i, c := range used { // a palette colour maps to itself, whatever Index says about duplicates
		fp.index[c] = uint8(i)
	}
	return fp
}

func (fp *framePalette) paletted(img image.Image) *image.Paletted {
	b := img.Bounds()
	p := image.NewPaletted(b, fp.palette)
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			p.SetColorIndex(x, y, fp.index[packRGB(img.At(x, y))])
		}
	}
	return p
}

// changedPart returns the smallest rectangle of next that differs from prev
// (at least one pixel), with the pixels equal to prev's made transparent.
func changedPart(prev, next *image.Paletted) *image.Paletted {
	b := next.Bounds()
	r := image.Rectangle{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			if prev.ColorIndexAt(x, y) != next.ColorIndexAt(x, y) {
				r = r.Union(image.Rect(x, y, x+1, y+1))
			}
		}
	}
	if r.Empty() {
		r = image.Rect(b.Min.X, b.Min.Y, b.Min.X+1, b.Min.Y+1)
	}
	part := image.NewPaletted(r, next.Palette)
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := next.ColorIndexAt(x, y)
			if i == prev.ColorIndexAt(x, y) {
				i = transparentIndex
			}
			part.SetColorIndex(x, y, i)
		}
	}
	return part
}
