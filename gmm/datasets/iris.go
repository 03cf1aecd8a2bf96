package datasets

import "gonum.org/v1/gonum/mat"

//go:generate Rscript iris_gen.R

// Iris returns Anderson's iris data as a new 150×4 matrix, one flower per row:
// sepal length, sepal width, petal length and petal width in centimetres. The rows
// are those of R's datasets::iris (Anderson 1935, Fisher 1936), in R's order, 50 of
// each species; iris_gen.R wrote them with R 4.2.2.
func Iris() *mat.Dense {
	x := mat.NewDense(len(irisRows), 4, nil)
	for i, row := range irisRows {
		x.SetRow(i, row[:])
	}
	return x
}

// IrisSpecies returns the species of each row of Iris: 0 for setosa, 1 for
// versicolor and 2 for virginica.
func IrisSpecies() []int {
	return append([]int(nil), irisSpecies[:]...)
}
