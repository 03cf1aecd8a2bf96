package gmmplot

import (
	"bytes"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"os"
	"path/filepath"
	"slices"

	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// DPI is the resolution of the raster images made here: a 6 × 4 inch figure
// is 576 × 384 pixels.
const DPI = 96

func checkSize(w, h vg.Length) error {
	if !(w > 0 && h > 0) {
		return fmt.Errorf("gmmplot: image size %v × %v, want positive", w, h)
	}
	return nil
}

// Render draws d on a w × h raster at DPI and returns the image.
func Render(d Drawer, w, h vg.Length) (image.Image, error) {
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	d.Draw(draw.New(c))
	return c.Image(), nil
}

// PNG returns d drawn at w × h as PNG bytes, for gonbui.DisplayPng or a file.
func PNG(d Drawer, w, h vg.Length) ([]byte, error) {
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	c := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(DPI))
	d.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := (vgimg.PngCanvas{Canvas: c}).WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("gmmplot: encoding png: %w", err)
	}
	return buf.Bytes(), nil
}

// SVG returns d drawn at w × h as SVG bytes, for gonbui.DisplaySvg.
func SVG(d Drawer, w, h vg.Length) ([]byte, error) {
	if err := checkSize(w, h); err != nil {
		return nil, err
	}
	c := vgsvg.New(w, h)
	d.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return nil, fmt.Errorf("gmmplot: encoding svg: %w", err)
	}
	return buf.Bytes(), nil
}

// WriteFrames writes each frame as a PNG of w × h into dir, named by pattern
// with the frame number counted from 0 (e.g. "frame%03d.png"), creating dir
// if needed, and returns the paths written.
func WriteFrames[D Drawer](dir, pattern string, frames []D, w, h vg.Length) ([]string, error) {
	if len(frames) == 0 {
		return nil, fmt.Errorf("gmmplot: no frames")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	paths := make([]string, len(frames))
	for i, f := range frames {
		b, err := PNG(f, w, h)
		if err != nil {
			return nil, err
		}
		paths[i] = filepath.Join(dir, fmt.Sprintf(pattern, i))
		if err := os.WriteFile(paths[i], b, 0o644); err != nil {
			return nil, fmt.Errorf("gmmplot: %w", err)
		}
	}
	return paths, nil
}

// GIF returns the frames drawn at w × h as an animated GIF that loops forever,
// showing each frame for delay hundredths of a second and the last one three
// times as long. All frames share one palette: the colours are grouped into
// buckets of 5 bits per channel, and the 256 buckets with the most pixels give
// their most frequent exact colour (so a plot's background, lines and fills
// keep their colours exactly; anti-aliased edges go to the nearest colour).
// Ties are broken by colour value, so the same frames always give the same
// bytes.
func GIF[D Drawer](frames []D, w, h vg.Length, delay int) ([]byte, error) {
	if len(frames) == 0 {
		return nil, fmt.Errorf("gmmplot: no frames")
	}
	if delay < 1 {
		return nil, fmt.Errorf("gmmplot: gif delay %d, want at least 1", delay)
	}
	imgs := make([]image.Image, len(frames))
	for i, f := range frames {
		img, err := Render(f, w, h)
		if err != nil {
			return nil, err
		}
		imgs[i] = img
	}
	q := newQuantizer(imgs)
	anim := &gif.GIF{LoopCount: 0}
	for i, img := range imgs {
		anim.Image = append(anim.Image, q.paletted(img))
		anim.Delay = append(anim.Delay, delay)
		if i == len(imgs)-1 {
			anim.Delay[i] = 3 * delay
		}
	}
	var buf bytes.Buffer
	if err := gif.EncodeAll(&buf, anim); err != nil {
		return nil, fmt.Errorf("gmmplot: encoding gif: %w", err)
	}
	return buf.Bytes(), nil
}

// quantizer maps colours to a shared palette through 5-bit-per-channel buckets.
type quantizer struct {
	palette color.Palette
	index   []uint8 // bucket → palette index
}

// rgbKey packs the 8-bit red, green and blue of c.
func rgbKey(c color.Color) uint32 {
	r, g, b, _ := c.RGBA()
	return (r>>8)<<16 | (g>>8)<<8 | b>>8
}

// bucketOf returns the 15-bit bucket of a packed colour.
func bucketOf(k uint32) int {
	return int(k>>19&31)<<10 | int(k>>11&31)<<5 | int(k>>3&31)
}

func unpack(k uint32) color.RGBA {
	return color.RGBA{R: uint8(k >> 16), G: uint8(k >> 8), B: uint8(k), A: 0xff}
}

// newQuantizer builds the palette of the most frequent buckets of imgs.
func newQuantizer(imgs []image.Image) *quantizer {
	counts := map[uint32]int{}
	for _, img := range imgs {
		eachPixel(img, func(k uint32) { counts[k]++ })
	}
	const nb = 1 << 15
	total := make([]int, nb)
	best := make([]uint32, nb)
	for k, n := range counts {
		b := bucketOf(k)
		total[b] += n
		if m := counts[best[b]]; n > m || (n == m && k < best[b]) || bucketOf(best[b]) != b {
			best[b] = k
		}
	}
	var used []int
	for b, n := range total {
		if n > 0 {
			used = append(used, b)
		}
	}
	slices.SortStableFunc(used, func(a, b int) int { return total[b] - total[a] })
	used = used[:min(len(used), 256)]
	q := &quantizer{index: make([]uint8, nb)}
	for _, b := range used {
		q.palette = append(q.palette, unpack(best[b]))
	}
	inPalette := make([]bool, nb)
	for j, b := range used { // a bucket in the palette maps to its own colour
		q.index[b] = uint8(j)
		inPalette[b] = true
	}
	for b, n := range total { // any other bucket seen maps to the nearest colour
		if n > 0 && !inPalette[b] {
			q.index[b] = uint8(q.palette.Index(unpack(best[b])))
		}
	}
	return q
}

func (q *quantizer) paletted(img image.Image) *image.Paletted {
	p := image.NewPaletted(img.Bounds(), q.palette)
	i := 0
	eachPixel(img, func(k uint32) {
		p.Pix[i] = q.index[bucketOf(k)]
		i++
	})
	return p
}

// eachPixel calls f with the packed colour of every pixel of img, row by row,
// reading an *image.RGBA's bytes directly (the same values At gives, faster).
func eachPixel(img image.Image, f func(k uint32)) {
	bd := img.Bounds()
	if rgba, ok := img.(*image.RGBA); ok {
		for y := bd.Min.Y; y < bd.Max.Y; y++ {
			row := rgba.Pix[rgba.PixOffset(bd.Min.X, y):rgba.PixOffset(bd.Max.X, y)]
			for x := 0; x < len(row); x += 4 {
				f(uint32(row[x])<<16 | uint32(row[x+1])<<8 | uint32(row[x+2]))
			}
		}
		return
	}
	for y := bd.Min.Y; y < bd.Max.Y; y++ {
		for x := bd.Min.X; x < bd.Max.X; x++ {
			f(rgbKey(img.At(x, y)))
		}
	}
}
