package gmm

import (
	"math"

	"gonum.org/v1/gonum/mat"
)

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

// scaleReg sets the regularisation to defaultReg(vars) when Settings.Reg is 0
// (the default), vars being the columns' variances.
func (c *config) scaleReg(vars []float64) {
	if c.Reg == 0 {
		c.reg = defaultReg(vars)
	}
}

// checkScale returns an error wrapping ErrNotFinite if a column's variance in
// vars (of the columns of x) is not finite, and one wrapping ErrScale if it is
// below the smallest normal float64 although the column is not constant.
func checkScale(x *mat.Dense, vars []float64) error {
	for j, v := range vars {
		switch {
		case math.IsInf(v, 0) || math.IsNaN(v):
			return errorf(ErrNotFinite, "the variance of column %d is %v: the data's scale is beyond float64 (standardise the columns)", j, v)
		case v < 0x1p-1022 && !constantColumn(x, j):
			return errorf(ErrScale, "the variance of column %d underflows to %v: the data's scale is below float64's (standardise the columns)", j, v)
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
		return errorf(ErrScale, "the sample weights sum to %v, below %v: only their ratios matter, so scale them up", sum, minWeightSum)
	}
	return nil
}
