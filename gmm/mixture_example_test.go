package gmm_test

import (
	"fmt"
	"log"
	"math/rand/v2"

	"gmmbook/gmm"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// The two-component mixture of article B, in one dimension.
func ExampleNew() {
	m, err := gmm.New(
		[]float64{0.35, 0.65},
		[][]float64{{-0.3}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.15 * 0.15}), mat.NewSymDense(1, []float64{0.30 * 0.30})},
	)
	if err != nil {
		log.Fatal(err)
	}
	x := []float64{0.1}
	fmt.Printf("p(0.1) = %.4f\n", m.Prob(x))
	g := m.ResponsibilitiesTo(nil, mat.NewDense(1, 1, x))
	fmt.Printf("γ(0.1) = (%.4f, %.4f)\n", g.At(0, 0), g.At(0, 1))
	// Output:
	// p(0.1) = 0.3819
	// γ(0.1) = (0.0696, 0.9304)
}

// Weights that do not sum to 1 are an error that says so.
func ExampleNew_error() {
	_, err := gmm.New([]float64{0.5, 0.6}, [][]float64{{0}, {1}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{1}), mat.NewSymDense(1, []float64{1})})
	fmt.Println(err)
	// Output:
	// gmm: weights sum to 1.1000000000000001, want 1 (within 1e-09)
}

// Sampling by the latent-variable route: a component s ~ Cat(π), then x ~ N(μ_s, Σ_s).
func ExampleMixture_SampleCounts() {
	m, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{0, 5}, {5, 0}},
		[]mat.Symmetric{mat.NewSymDense(2, []float64{1, 0, 0, 1}), mat.NewSymDense(2, []float64{1, 0, 0, 1})})
	if err != nil {
		log.Fatal(err)
	}
	x, labels, err := m.SampleCounts([]int{3, 2}, rand.NewPCG(1, 2))
	if err != nil {
		log.Fatal(err)
	}
	for i, s := range labels {
		fmt.Printf("s=%d x=(%5.2f, %5.2f)\n", s, x.At(i, 0), x.At(i, 1))
	}
	// Output:
	// s=0 x=(-0.40,  1.91)
	// s=1 x=( 6.93,  1.73)
	// s=0 x=(-0.12,  4.07)
	// s=0 x=(-0.05,  5.22)
	// s=1 x=( 3.16,  0.73)
}

// Sampling by the latent-variable route draws each point's component s ~ Cat(π)
// first: over many draws the share of each label approaches its weight, and the
// mean of the points the mixture's mean Σ_k π_k μ_k (here (2, 3)).
func ExampleMixture_Sample() {
	m, err := gmm.New([]float64{0.2, 0.8}, [][]float64{{-2, 3}, {3, 3}},
		[]mat.Symmetric{mat.NewSymDense(2, []float64{1, 0.5, 0.5, 1}), mat.NewSymDense(2, []float64{2, 0, 0, 0.5})})
	if err != nil {
		log.Fatal(err)
	}
	x, labels := m.Sample(100000, rand.NewPCG(1, 2))
	var share float64
	for _, s := range labels {
		share += float64(s) / float64(len(labels))
	}
	fmt.Printf("share of component 1: %.3f (π_1 = 0.8)\n", share)
	fmt.Printf("sample mean: (%.2f, %.2f)\n", stat.Mean(mat.Col(nil, 0, x), nil), stat.Mean(mat.Col(nil, 1, x), nil))
	// Output:
	// share of component 1: 0.801 (π_1 = 0.8)
	// sample mean: (2.00, 3.00)
}
