package gmmplot

import (
	"bytes"
	"fmt"
	"image"
	"os"
	"path/filepath"

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
