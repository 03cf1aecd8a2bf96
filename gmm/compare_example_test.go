package gmm_test

import (
	"fmt"

	"gmmbook/gmm"
)

// A clustering is right up to the names of its clusters: LabelAgreement scores
// it under the best renaming.
func ExampleLabelAgreement() {
	truth := []int{0, 0, 0, 1, 1, 1, 2, 2}
	found := []int{2, 2, 1, 0, 0, 0, 1, 1} // clusters renamed, one point misplaced
	fmt.Printf("%.3f\n", gmm.LabelAgreement(found, truth, 3))
	// Output: 0.875
}
