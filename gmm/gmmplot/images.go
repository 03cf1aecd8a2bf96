package gmmplot

import (
	"fmt"
	"image"
	"image/color"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ImageGrid draws small greyscale images, one per row of a matrix, as one
// figure: a grid of tiles, Cols to a line, separated by a light grey gap. A
// value Lo or below is white and Hi or above is black (ink on paper, as
// matplotlib's gray_r), linearly in between. It implements Drawer: the grid
// keeps its aspect ratio, centred in the canvas, each pixel a square.
type ImageGrid struct {
	images        *mat.Dense
	width, height int
	cols, rows    int
	lo, hi        float64
}

// gridGap is the gap between tiles, in image pixels, and gapGrey its grey level.
const (
	gridGap = 1
	gapGrey = 200
)

// NewImageGrid returns the rows of x, each an h×w image stored row by row
// (pixel (r, c) in column w·r + c, as the 8×8 digits of datasets.Digits), in a
// grid of cols columns and as many lines as needed, with the grey scale from lo
// (white) to hi (black). It returns an error unless x is non-empty and finite
// with w·h columns, w, h and cols are positive and lo < hi are finite.
func NewImageGrid(x mat.Matrix, w, h, cols int, lo, hi float64) (*ImageGrid, error) {
	if x == nil {
		return nil, fmt.Errorf("gmmplot: nil images")
	}
	n, d := x.Dims()
	if w < 1 || h < 1 || cols < 1 {
		return nil, fmt.Errorf("gmmplot: image grid of %d×%d images, %d columns: want positive sizes", h, w, cols)
	}
	if n == 0 || d != w*h {
		return nil, fmt.Errorf("gmmplot: %d×%d matrix for %d×%d images, want rows of %d", n, d, h, w, w*h)
	}
	if !isFinite(lo) || !isFinite(hi) || !(lo < hi) {
		return nil, fmt.Errorf("gmmplot: grey scale [%v, %v], want finite lo < hi", lo, hi)
	}
	images := mat.DenseCopyOf(x)
	for _, v := range images.RawMatrix().Data {
		if !isFinite(v) {
			return nil, fmt.Errorf("gmmplot: image pixel %v, want finite", v)
		}
	}
	return &ImageGrid{images: images, width: w, height: h, cols: min(cols, n),
		rows: (n + cols - 1) / cols, lo: lo, hi: hi}, nil
}

// Image returns the grid as a greyscale image, each image pixel drawn as a
// scale×scale square and the gaps scale pixels wide. Panics if scale < 1.
func (g *ImageGrid) Image(scale int) *image.Gray {
	if scale < 1 {
		panic("gmmplot: image grid scale below 1")
	}
	pw, ph := g.pixelSize()
	img := image.NewGray(image.Rect(0, 0, pw*scale, ph*scale))
	for i := range img.Pix {
		img.Pix[i] = gapGrey
	}
	n, _ := g.images.Dims()
	for i := 0; i < n; i++ {
		x0 := gridGap + (i%g.cols)*(g.width+gridGap)
		y0 := gridGap + (i/g.cols)*(g.height+gridGap)
		row := g.images.RawRowView(i)
		for r := 0; r < g.height; r++ {
			for c := 0; c < g.width; c++ {
				fillSquare(img, (x0+c)*scale, (y0+r)*scale, scale, g.grey(row[r*g.width+c]))
			}
		}
	}
	return img
}

// pixelSize returns the grid's size in image pixels, gaps included.
func (g *ImageGrid) pixelSize() (w, h int) {
	return gridGap + g.cols*(g.width+gridGap), gridGap + g.rows*(g.height+gridGap)
}

// grey maps v to a grey level: lo and below white, hi and above black.
func (g *ImageGrid) grey(v float64) color.Gray {
	t := math.Min(1, math.Max(0, (v-g.lo)/(g.hi-g.lo)))
	return color.Gray{Y: uint8(math.Round(255 * (1 - t)))}
}

func fillSquare(img *image.Gray, x, y, side int, c color.Gray) {
	for yy := y; yy < y+side; yy++ {
		for xx := x; xx < x+side; xx++ {
			img.SetGray(xx, yy, c)
		}
	}
}

// Draw draws the grid as large as fits in c, centred, with square pixels; it
// implements Drawer.
func (g *ImageGrid) Draw(c draw.Canvas) {
	pw, ph := g.pixelSize()
	size := c.Size()
	unit := math.Min(float64(size.X)/float64(pw), float64(size.Y)/float64(ph))
	w, h := vg.Length(unit*float64(pw)), vg.Length(unit*float64(ph))
	min := vg.Point{X: c.Min.X + (size.X-w)/2, Y: c.Min.Y + (size.Y-h)/2}
	// 16 image pixels per data pixel: sharp edges after the canvas's resampling.
	c.DrawImage(vg.Rectangle{Min: min, Max: min.Add(vg.Point{X: w, Y: h})}, g.Image(16))
}
