package gmm_test

import (
	"fmt"
	"log"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// Cluster Old Faithful into two groups with k-means++ seeding and Lloyd's
// iterations.
func ExampleKMeans() {
	x := datasets.Faithful()
	r, err := gmm.KMeans(x, nil, 2, nil)
	if err != nil {
		log.Fatal(err)
	}
	for k := 0; k < 2; k++ {
		fmt.Printf("centre (%.3f, %.2f)\n", r.Centers.At(k, 0), r.Centers.At(k, 1))
	}
	fmt.Printf("inertia %.2f after %d iterations\n", r.Inertia, r.Iterations)
	// Output:
	// centre (2.094, 54.75)
	// centre (4.298, 80.28)
	// inertia 8901.77 after 3 iterations
}
