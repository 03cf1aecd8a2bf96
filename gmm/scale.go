package gmm

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ErrScale is wrapped by the errors of Fit for data or sample weights on a scale
// that float64 cannot fit: a column whose variance overflows or underflows, or
// weights too small to divide by. Standardising the columns (or scaling the
// weights up) removes it.
var ErrScale = errors.New("gmm: a scale beyond float64")

// minWeightSum is the smallest sum of sample weights Fit accepts: the weights of
// a component are divided by, and below about 1e-293 their sum's share of a
// component is no longer a normal float64.
const minWeightSum = 1e-280

// defaultReg returns the regularisation Fit uses when Settings.Reg is 0:
// DefaultReg times the mean of the columns' variances vars when that mean is
// below 1, and DefaultReg otherwise.
func defaultReg(vars []float64) float64 {
	var mean float64
	for _, v := range vars {
		mean += v
	}
	mean /= float64(len(vars))
	if mean > 0 && mean < 1 {
		return DefaultReg * mean
	}
	return DefaultReg
}

// checkScale returns an error wrapping ErrScale if a column's variance in vars
// (of the columns of x) is not finite, or is below the smallest normal float64
// although the column is not constant.
func checkScale(x *mat.Dense, vars []float64) error {
	for j, v := range vars {
		switch {
		case math.IsInf(v, 0) || math.IsNaN(v):
			return fmt.Errorf("%w: the variance of column %d is %v (standardise the columns)", ErrScale, j, v)
		case v < 0x1p-1022 && !constantColumn(x, j):
			return fmt.Errorf("%w: the variance of column %d underflows to %v (standardise the columns)", ErrScale, j, v)
		}
	}
	return nil
}

// constantColumn reports whether every element of column j of x is the same.
func constantColumn(x *mat.Dense, j int) bool {
	n, _ := x.Dims()
	for i := 1; i < n; i++ {
		if x.At(i, j) != x.At(0, j) {
			return false
		}
	}
	return true
}

// checkWeightSum returns an error wrapping ErrScale if the sample weights sum
// to less than minWeightSum.
func checkWeightSum(sum float64) error {
	if sum < minWeightSum {
		return fmt.Errorf("%w: the sample weights sum to %v, below %v: only their ratios matter, so scale them up", ErrScale, sum, minWeightSum)
	}
	return nil
}
