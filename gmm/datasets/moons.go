package datasets

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// HalfMoons returns n points on two interleaved half circles in the plane, as
// scikit-learn's make_moons(n, noise=noise, shuffle=False): the first
// n_o = ⌊n/2⌋ rows lie on the upper half of the unit circle,
//
//	(cos t, sin t),  t = 0, π/(n_o−1), …, π  (label 0),
//
// and the other n_i = n − n_o on the lower half of a unit circle centred at (1, 0.5),
//
//	(1 − cos t, 1 − sin t − 0.5),  t = 0, π/(n_i−1), …, π  (label 1),
//
// each coordinate then moved by independent N(0, noise²) noise drawn from src.
// The points are new; labels says which moon each row is on. It returns an
// error if n < 4 or noise is negative, NaN or infinite.
func HalfMoons(n int, noise float64, src rand.Source) (x *mat.Dense, labels []int, err error) {
	if n < 4 {
		return nil, nil, fmt.Errorf("datasets: %d half-moon points, want at least 4", n)
	}
	if !(noise >= 0) || math.IsInf(noise, 1) {
		return nil, nil, fmt.Errorf("datasets: half-moon noise %v, want finite and ≥ 0", noise)
	}
	outer := n / 2
	x = mat.NewDense(n, 2, nil)
	labels = make([]int, n)
	for i := 0; i < outer; i++ {
		t := math.Pi * float64(i) / float64(outer-1)
		x.Set(i, 0, math.Cos(t))
		x.Set(i, 1, math.Sin(t))
	}
	inner := n - outer
	for i := 0; i < inner; i++ {
		t := math.Pi * float64(i) / float64(inner-1)
		x.Set(outer+i, 0, 1-math.Cos(t))
		x.Set(outer+i, 1, 1-math.Sin(t)-0.5)
		labels[outer+i] = 1
	}
	if noise > 0 {
		rnd := rand.New(src)
		raw := x.RawMatrix().Data
		for i := range raw {
			raw[i] += noise * rnd.NormFloat64()
		}
	}
	return x, labels, nil
}
