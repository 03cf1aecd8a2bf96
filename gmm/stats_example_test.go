package gmm_test

import (
	"fmt"
	"log"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// ExampleStats runs one EM iteration as a map and a reduce: the statistics of two
// halves of the data, computed apart (on two machines, say), merge into those of
// the whole, and the M-step gives the next mixture.
func ExampleStats() {
	x := datasets.Faithful()
	start, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{2, 55}, {4.5, 80}},
		[]mat.Symmetric{mat.NewDiagDense(2, []float64{1, 30}), mat.NewDiagDense(2, []float64{1, 30})})
	if err != nil {
		log.Fatal(err)
	}
	first, second := gmm.NewStats(start, gmm.Full), gmm.NewStats(start, gmm.Full)
	if err := first.Add(x.Slice(0, 136, 0, 2), nil); err != nil {
		log.Fatal(err)
	}
	if err := second.Add(x.Slice(136, 272, 0, 2), nil); err != nil {
		log.Fatal(err)
	}
	if err := first.Merge(second); err != nil {
		log.Fatal(err)
	}
	next, err := first.MStep(0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%d rows, log-likelihood under the start %.2f\n", first.Rows(), first.LogLikelihood())
	fmt.Printf("next weights %.3f\n", next.Weights())
	// Output:
	// 272 rows, log-likelihood under the start -1323.35
	// next weights [0.368 0.632]
}
