package gmmplot_test

import (
	"bytes"
	"fmt"
	"image/gif"
	"log"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

// Article B's animation: EM's hook collects the mixture after every
// iteration; each becomes a histogram frame, all frames share one range, and
// they are written as numbered PNGs and assembled into an animated GIF.
func ExampleGIF() {
	data, start := articleBFrame()
	var plots []*plot.Plot
	hook := func(it gmm.Iteration) bool {
		title := fmt.Sprintf("iteration %d: log likelihood = %.2f", it.Iter, it.LogLikelihood)
		p, err := gmmplot.HistogramFrame(data, 20, it.Mixture, title)
		if err != nil {
			log.Fatal(err)
		}
		plots = append(plots, p)
		return false
	}
	res, err := gmm.Fit(mat.NewDense(len(data), 1, data), nil, 2, &gmm.Settings{
		Init: gmm.InitMixture, Start: start, Stop: gmm.TotalChange, Tol: 1e-3, Hook: hook,
	})
	if err != nil {
		log.Fatal(err)
	}
	gmmplot.CommonRange(plots...)
	frames := make([]*gmmplot.Figure, len(plots))
	for i, p := range plots {
		frames[i] = &gmmplot.Figure{Plot: p}
	}

	dir, err := os.MkdirTemp("", "frames")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	paths, err := gmmplot.WriteFrames(dir, "frame%03d.png", frames, 5*vg.Inch, 2.5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	b, err := gmmplot.GIF(frames, 5*vg.Inch, 2.5*vg.Inch, 25)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/em.gif", b, 0o644); err != nil {
		log.Fatal(err)
	}
	anim, err := gif.DecodeAll(bytes.NewReader(b))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("one frame per iteration and the start:", len(anim.Image) == res.Iterations+1)
	fmt.Println("first file:", filepath.Base(paths[0]))
	// Output:
	// one frame per iteration and the start: true
	// first file: frame000.png
}
