// Package datasets holds small public data sets used by the gmm tests, examples and
// notebooks, embedded as Go data so that they need no files at run time.
package datasets

import "gonum.org/v1/gonum/mat"

//go:generate Rscript faithful_gen.R

// Faithful returns the Old Faithful geyser data as a new 272×2 matrix, one eruption
// per row: column 0 is the eruption time and column 1 the waiting time to the next
// eruption, both in minutes. The rows are those of R's datasets::faithful
// (Härdle 1991, from Azzalini and Bowman 1990), in R's order; faithful_gen.R wrote
// them with R 4.2.2.
func Faithful() *mat.Dense {
	x := mat.NewDense(len(faithfulRows), 2, nil)
	for i, row := range faithfulRows {
		x.SetRow(i, row[:])
	}
	return x
}
