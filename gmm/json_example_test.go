package gmm_test

import (
	"fmt"
	"log"
	"os"
	"strings"

	"gmmbook/gmm"

	"gonum.org/v1/gonum/mat"
)

func ExampleMixture_Save() {
	m, err := gmm.NewTyped(gmm.Diagonal, []float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.0225}), mat.NewSymDense(1, []float64{0.09})})
	if err != nil {
		log.Fatal(err)
	}
	if err := m.Save(os.Stdout); err != nil {
		log.Fatal(err)
	}
	// Output:
	// {
	//   "k": 2,
	//   "dim": 1,
	//   "covariance": "diag",
	//   "weights": [0.35,0.65],
	//   "means": [[-0.3],[0.5]],
	//   "covariances": [[[0.0225]],[[0.09]]]
	// }
}

func ExampleLoad() {
	model := `{
  "covariance": "spherical",
  "weights": [0.5, 0.5],
  "means": [[0, 0], [3, 3]],
  "covariances": [[[1, 0], [0, 1]], [[4, 0], [0, 4]]]
}`
	m, err := gmm.Load(strings.NewReader(model))
	if err != nil {
		log.Fatal(err)
	}
	// Closed form: log(0.5/(2π) + 0.5/(8π)·exp(−18/8)) = −2.505016.
	fmt.Printf("K=%d D=%d %v, log p(0,0) = %.6f\n", m.K(), m.Dim(), m.CovarianceType(), m.LogProb([]float64{0, 0}))

	_, err = gmm.Load(strings.NewReader(`{"weights":[1],"means":[[0,0]],"covariances":[[[1,2],[2,1]]]}`))
	fmt.Println(err)
	// Output:
	// K=2 D=2 spherical, log p(0,0) = -2.505016
	// gmm: component 0: covariance is not positive definite
}

// ExampleLoad_model loads a mixture under one of mclust's models: EEV, one
// volume and shape with each component's own orientation. Component 1 is
// component 0 turned by 90° (the same eigenvalues 4 and 1), so the file
// satisfies EEV; turning one of its variances from 4 to 5 breaks that.
func ExampleLoad_model() {
	model := `{
  "covariance": "EEV",
  "weights": [0.5, 0.5],
  "means": [[0, 0], [6, 0]],
  "covariances": [[[4, 0], [0, 1]], [[1, 0], [0, 4]]]
}`
	m, err := gmm.Load(strings.NewReader(model))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(m.Model(), m.CovarianceType())

	_, err = gmm.Load(strings.NewReader(strings.Replace(model, "[0, 4]", "[0, 5]", 1)))
	fmt.Println(err)
	// Output:
	// EEV full
	// gmm: component 1: EEV covariances do not have equal eigenvalues: eigenvalue 0 is 5, component 0's 4 (tolerance 1e-06 relative)
}
