package gmm

import (
	"testing"

	"gonum.org/v1/gonum/mat"
)

// BenchmarkCheckData scans 10⁶ × 10 finite values, as Fit does before it starts.
func BenchmarkCheckData(b *testing.B) {
	x := mat.NewDense(1_000_000, 10, nil)
	b.SetBytes(1_000_000 * 10 * 8)
	for b.Loop() {
		if err := CheckData(x); err != nil {
			b.Fatal(err)
		}
	}
}
