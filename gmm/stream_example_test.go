package gmm_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// ExampleFitStream fits Old Faithful from a CSV file that FitStream reads once
// per iteration instead of holding it; its 272 rows all fit in the reservoir
// sample, so the fit is Fit's.
func ExampleFitStream() {
	dir, err := os.MkdirTemp("", "gmm")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "faithful.csv")
	f, err := os.Create(path)
	if err != nil {
		log.Fatal(err)
	}
	x := datasets.Faithful()
	fmt.Fprintln(f, "eruptions,waiting")
	for i := 0; i < x.RawMatrix().Rows; i++ {
		fmt.Fprintf(f, "%v,%v\n", x.At(i, 0), x.At(i, 1))
	}
	if err := f.Close(); err != nil {
		log.Fatal(err)
	}
	s := gmm.Settings{Init: gmm.InitKMeans}
	res, err := gmm.FitStream(gmm.CSVFile(path), 2, &gmm.StreamSettings{Settings: s})
	if err != nil {
		log.Fatal(err)
	}
	inMemory, err := gmm.Fit(x, nil, 2, &s)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("streamed: %d rows, log-likelihood %.4f\n", res.N, res.LogLikelihood)
	fmt.Printf("in memory: log-likelihood %.4f\n", inMemory.LogLikelihood)
	// Output:
	// streamed: 272 rows, log-likelihood -1130.2659
	// in memory: log-likelihood -1130.2659
}
