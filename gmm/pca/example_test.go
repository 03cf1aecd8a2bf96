package pca_test

import (
	"fmt"
	"log"

	"gmmbook/gmm/datasets"
	"gmmbook/gmm/pca"
)

// The 64 pixels of the 8×8 digits reduced to the components holding 99 % of
// their variance, and mapped back.
func Example() {
	x, _ := datasets.Digits()
	p, err := pca.Fit(x, 0.99)
	if err != nil {
		log.Fatal(err)
	}
	z := p.ProjectTo(nil, x)
	back := p.ReconstructTo(nil, z)
	r, c := z.Dims()
	fmt.Printf("%d digits in %d of %d dimensions (%.1f %% of the variance)\n",
		r, c, p.Dim(), 100*p.KeptShare())
	fmt.Printf("first pixels of digit 0 after the round trip: %.1f %.1f %.1f\n",
		back.At(0, 2), back.At(0, 3), back.At(0, 4))
	// Output:
	// 1797 digits in 41 of 64 dimensions (99.0 % of the variance)
	// first pixels of digit 0 after the round trip: 5.3 12.9 9.1
}
