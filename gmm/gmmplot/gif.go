package gmmplot

// Animated GIFs, as article B makes with ImageMagick from numbered PNGs: GIF
// from frames in memory, GIFFromPNGFiles from the files WriteFrames writes.
// Both go through encodeGIF, so the same frames give the same bytes either way.

import (
	"bytes"
	"cmp"
	"fmt"
	"image"
	"image/color"
	"image/gif"
	"image/png"
	"os"
	"slices"

	"gonum.org/v1/plot/vg"
)

// GIF returns the frames drawn at w × h as an animated GIF, encoded as
// GIFFromPNGFiles encodes their PNG files (see there for the palette and the
// frames): GIF(frames, w, h, delay) has the bytes of GIFFromPNGFiles of the
// files WriteFrames(dir, pattern, frames, w, h) writes. It returns an error if
// frames is empty, the size is not positive or delay is less than 1.
func GIF[D Drawer](frames []D, w, h vg.Length, delay int) ([]byte, error) {
	if len(frames) == 0 {
		return nil, fmt.Errorf("gmmplot: no frames")
	}
	imgs := make([]image.Image, len(frames))
	for i, f := range frames {
		img, err := Render(f, w, h)
		if err != nil {
			return nil, err
		}
		imgs[i] = img
	}
	return encodeGIF(imgs, delay)
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
	imgs, err := readPNGs(paths)
	if err != nil {
		return nil, err
	}
	return encodeGIF(imgs, delay)
}

// encodeGIF returns imgs, all of one size, as the animated GIF GIFFromPNGFiles
// documents.
func encodeGIF(imgs []image.Image, delay int) ([]byte, error) {
	if delay < 1 {
		return nil, fmt.Errorf("gmmplot: gif delay %d, want at least 1", delay)
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

// packRGB packs the 8-bit red, green and blue of c.
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
		eachPixel(img, func(k uint32) { count[k]++ })
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
	p := image.NewPaletted(img.Bounds(), fp.palette)
	i := 0
	eachPixel(img, func(k uint32) {
		p.Pix[i] = fp.index[k]
		i++
	})
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

// eachPixel calls f with the packed colour (packRGB) of every pixel of img, row
// by row, reading an *image.RGBA's bytes directly (the same values At gives,
// faster).
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
			f(packRGB(img.At(x, y)))
		}
	}
}
