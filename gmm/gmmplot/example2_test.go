package gmmplot_test

import (
	"fmt"
	"log"
	"math/rand/v2"
	"os"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

// Article A's third figure: the mixture density's contours (solid, pink)
// over the weighted components' (dashed) on shared levels, with the
// article's parameter box in the corner and the legend beside the plot.
func ExampleNewTextBox() {
	m, err := gmm.New( // article A's mixture: K = 3 components in D = 2
		[]float64{0.45, 0.25, 0.30},
		[][]float64{{0, 5}, {5, -10}, {-10, -5}},
		[]mat.Symmetric{
			mat.NewSymDense(2, []float64{36, 10, 10, 25}),
			mat.NewSymDense(2, []float64{9, -1.3, -1.3, 16}),
			mat.NewSymDense(2, []float64{25, -3.2, -3.2, 16}),
		})
	if err != nil {
		log.Fatal(err)
	}
	xs, ys, err := gmmplot.SigmaAxes(m, 3, 201)
	if err != nil {
		log.Fatal(err)
	}
	mix, err := gmmplot.MixtureGrid(m, xs, ys)
	if err != nil {
		log.Fatal(err)
	}
	levels, err := gmmplot.SharedLevels(10, mix)
	if err != nil {
		log.Fatal(err)
	}
	p := gmmplot.New("Gaussian mixture and its weighted components, K = 3", "x₁", "x₂")
	for k := 0; k < m.K(); k++ {
		w, err := gmmplot.WeightedComponentGrid(m, k, xs, ys)
		if err != nil {
			log.Fatal(err)
		}
		c, err := gmmplot.NewContourLines(w, levels, gmmplot.LineStyle(k, gmmplot.Dashed))
		if err != nil {
			log.Fatal(err)
		}
		p.Add(c)
	}
	style := gmmplot.LineStyle(0, gmmplot.Solid)
	style.Color = gmmplot.MixtureColor
	mc, err := gmmplot.NewContourLines(mix, levels, style)
	if err != nil {
		log.Fatal(err)
	}
	p.Add(mc, gmmplot.NewTextBox(gmmplot.MixtureLabel(m)))
	gmmplot.AddComponentLegend(p, m, true,
		gmmplot.LineKind{Label: "π_k N(x | μ_k, Σ_k)", Dashes: gmmplot.Dashed})
	p.Legend.Add("mixture p(x)", gmmplot.LegendLine(style))

	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p, EqualAspect: true}, 7*vg.Inch, 5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/mixture_contours.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println(gmmplot.MixtureLabel(m))
	// Output:
	// π = (0.45, 0.25, 0.3)
	// μ = ((0, 5), (5, -10), (-10, -5))
	// Σ = ([36 10; 10 25], [9 -1.3; -1.3 16], [25 -3.2; -3.2 16])
}

// Points drawn from article A's mixture, shaded by their responsibilities,
// with each component's 1σ, 2σ and 3σ covariance ellipses and its mean.
func ExampleNewEllipses() {
	m, err := gmm.New( // article A's mixture: K = 3 components in D = 2
		[]float64{0.45, 0.25, 0.30},
		[][]float64{{0, 5}, {5, -10}, {-10, -5}},
		[]mat.Symmetric{
			mat.NewSymDense(2, []float64{36, 10, 10, 25}),
			mat.NewSymDense(2, []float64{9, -1.3, -1.3, 16}),
			mat.NewSymDense(2, []float64{25, -3.2, -3.2, 16}),
		})
	if err != nil {
		log.Fatal(err)
	}
	x, _ := m.Sample(300, rand.NewPCG(1, 2))
	resp := m.ResponsibilitiesTo(nil, x)
	s, err := gmmplot.NewResponsibilityScatter(x, resp)
	if err != nil {
		log.Fatal(err)
	}
	ellipses, err := gmmplot.NewEllipses(m, 1, 2, 3)
	if err != nil {
		log.Fatal(err)
	}
	means, err := gmmplot.NewMeanMarkers(m)
	if err != nil {
		log.Fatal(err)
	}
	p := gmmplot.New("Samples and 1σ, 2σ, 3σ ellipses", "x₁", "x₂")
	p.Add(s)
	for _, e := range ellipses {
		p.Add(e)
	}
	p.Add(means...)
	for k := 0; k < m.K(); k++ {
		p.Legend.Add(fmt.Sprintf("k = %d", k+1), ellipses[3*k])
	}
	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p, EqualAspect: true}, 5.5*vg.Inch, 4.5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/ellipses.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("ellipses:", len(ellipses))
	// Output:
	// ellipses: 9
}

// article B's data and a mixture part-way through EM.
func articleBFrame() (data []float64, m *gmm.Mixture) {
	truth, err := gmm.New([]float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}}, // article B's mixture
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.15 * 0.15}), mat.NewSymDense(1, []float64{0.3 * 0.3})})
	if err != nil {
		log.Fatal(err)
	}
	x, _, err := truth.SampleCounts([]int{350, 650}, rand.NewPCG(3, 4))
	if err != nil {
		log.Fatal(err)
	}
	data = mat.Col(nil, 0, x)
	m, err = gmm.New([]float64{0.5, 0.5}, [][]float64{{-0.1}, {0.6}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.1}), mat.NewSymDense(1, []float64{0.05})})
	if err != nil {
		log.Fatal(err)
	}
	return data, m
}

// Article B's animation frame: the density histogram (20 bins), each
// weighted component and the mixture.
func ExampleHistogramFrame() {
	data, m := articleBFrame()
	p, err := gmmplot.HistogramFrame(data, 20, m, "log likelihood = -812.3")
	if err != nil {
		log.Fatal(err)
	}
	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p}, 7*vg.Inch, 3.5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/histogram_frame.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("points:", len(data))
	// Output:
	// points: 1000
}

// The log-likelihood after each EM iteration.
func ExampleNewLogLikelihoodPlot() {
	history := []float64{-950.2, -870.4, -841.9, -829.3, -825.0, -823.9, -823.6, -823.55}
	p, err := gmmplot.NewLogLikelihoodPlot(history, "EM log-likelihood")
	if err != nil {
		log.Fatal(err)
	}
	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p}, 5*vg.Inch, 3*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/loglik.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("iterations:", len(history))
	// Output:
	// iterations: 8
}
