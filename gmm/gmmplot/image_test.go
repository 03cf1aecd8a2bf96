package gmmplot_test

import (
	"testing"

	"gonum.org/v1/plot/cmpimg"
)

// goldenDelta is the per-pixel colour tolerance of the image tests (cmpimg's
// normalised YIQ distance): anti-aliasing noise passes, a missing or moved
// line does not. Run `go test -regen` to rewrite the golden images after a
// deliberate change, and look at them before committing.
const goldenDelta = 0.05

func TestImageContourLines(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleNewComponentContours, t, goldenDelta, "contour_lines.png")
}

func TestImageFilledContour(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleNewFilledContour, t, goldenDelta, "filled_contour.png")
}

func TestImageEllipses(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleNewEllipses, t, goldenDelta, "ellipses.png")
}

func TestImageHistogramFrame(t *testing.T) {
	cmpimg.CheckPlotApprox(ExampleHistogramFrame, t, goldenDelta, "histogram_frame.png")
}
