package gmmplot_test

import (
	"fmt"
	"log"
	"os"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

// The volume check of article A: on its grid (±3σ, 201 points per axis) each
// weighted component integrates to about π_k and the mixture to about 1; the
// little that is missing lies outside the grid.
func ExampleWeightedComponentGrid() {
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
	for k := 0; k < m.K(); k++ {
		g, err := gmmplot.WeightedComponentGrid(m, k, xs, ys)
		if err != nil {
			log.Fatal(err)
		}
		fmt.Printf("k = %d: π_k = %.2f, volume = %.4f\n", k+1, m.Weight(k), g.Integral())
	}
	mix, err := gmmplot.MixtureGrid(m, xs, ys)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("mixture volume = %.4f\n", mix.Integral())
	// Output:
	// k = 1: π_k = 0.45, volume = 0.4488
	// k = 2: π_k = 0.25, volume = 0.2497
	// k = 3: π_k = 0.30, volume = 0.2996
	// mixture volume = 0.9980
}

// Article A's second figure: each component density (dot-dashed) and its
// π-weighted density (solid) on one shared set of contour levels, the
// parameters in a legend beside the plot.
func ExampleNewComponentContours() {
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
	comps, err := gmmplot.ComponentGrids(m, xs, ys, false)
	if err != nil {
		log.Fatal(err)
	}
	weighted, err := gmmplot.ComponentGrids(m, xs, ys, true)
	if err != nil {
		log.Fatal(err)
	}
	levels, err := gmmplot.SharedLevels(10, weighted...)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("levels:", levels)
	dotted, err := gmmplot.NewComponentContours(comps, levels, gmmplot.DotDashed)
	if err != nil {
		log.Fatal(err)
	}
	solid, err := gmmplot.NewComponentContours(weighted, levels, gmmplot.Solid)
	if err != nil {
		log.Fatal(err)
	}

	p := gmmplot.New("Components and weighted components, K = 3", "x₁", "x₂")
	for _, c := range append(dotted, solid...) {
		p.Add(c)
	}
	gmmplot.AddComponentLegend(p, m, true,
		gmmplot.LineKind{Label: "N(x | μ_k, Σ_k)", Dashes: gmmplot.DotDashed},
		gmmplot.LineKind{Label: "π_k N(x | μ_k, Σ_k)", Dashes: gmmplot.Solid})

	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p, EqualAspect: true}, 7*vg.Inch, 4.5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/contour_lines.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	// Output:
	// levels: [0 0.0005 0.001 0.0015 0.002 0.0025 0.003 0.0035]
}

// Article A's fourth figure: the mixture density as filled contour bands with
// a discrete colour bar beside the plot.
func ExampleNewFilledContour() {
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
	levels, err := gmmplot.PrettyLevels(mix.Min(), mix.Max(), 10)
	if err != nil {
		log.Fatal(err)
	}
	f, err := gmmplot.NewFilledContour(mix, levels)
	if err != nil {
		log.Fatal(err)
	}
	p := gmmplot.New("Gaussian mixture density, K = 3", "x₁", "x₂")
	p.Add(f)
	f.AddLegend(&p.Legend, "density")

	b, err := gmmplot.PNG(&gmmplot.Figure{Plot: p, EqualAspect: true}, 6*vg.Inch, 4.5*vg.Inch)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile("testdata/filled_contour.png", b, 0o644); err != nil {
		log.Fatal(err)
	}
	fmt.Println("bands:", len(levels)-1)
	// Output:
	// bands: 7
}
