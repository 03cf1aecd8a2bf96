package gmmplot

import (
	"fmt"
	"math"

	"gmmbook/gmm"
)

// Grid holds the values z = f(x, y) of a function on a rectangular grid. It
// satisfies plotter.GridXYZ, so gonum/plot's contour and heat-map plotters can
// draw it too. Column c is x = X(c), row r is y = Y(r).
type Grid struct {
	xs, ys   []float64
	zs       []float64 // row-major: zs[r*len(xs)+c] = f(xs[c], ys[r])
	min, max float64
}

// NewGrid evaluates f at every point of the grid xs × ys. It returns an error
// unless xs and ys each have at least two finite, strictly increasing values
// and f is finite at every point. The slices are copied.
func NewGrid(xs, ys []float64, f func(x, y float64) float64) (*Grid, error) {
	if err := checkAxis("x", xs); err != nil {
		return nil, err
	}
	if err := checkAxis("y", ys); err != nil {
		return nil, err
	}
	if f == nil {
		return nil, fmt.Errorf("gmmplot: nil function")
	}
	g := &Grid{
		xs:  append([]float64(nil), xs...),
		ys:  append([]float64(nil), ys...),
		zs:  make([]float64, len(xs)*len(ys)),
		min: math.Inf(1),
		max: math.Inf(-1),
	}
	for r, y := range ys {
		for c, x := range xs {
			z := f(x, y)
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return nil, fmt.Errorf("gmmplot: function is %v at (%g, %g)", z, x, y)
			}
			g.zs[r*len(xs)+c] = z
			g.min = math.Min(g.min, z)
			g.max = math.Max(g.max, z)
		}
	}
	return g, nil
}

func checkAxis(name string, v []float64) error {
	if len(v) < 2 {
		return fmt.Errorf("gmmplot: %s axis has %d points, want at least 2", name, len(v))
	}
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("gmmplot: %s axis point %d is %v", name, i, x)
		}
		if i > 0 && x <= v[i-1] {
			return fmt.Errorf("gmmplot: %s axis is not strictly increasing at point %d", name, i)
		}
	}
	return nil
}

// Dims returns the number of columns (x values) and rows (y values).
func (g *Grid) Dims() (c, r int) { return len(g.xs), len(g.ys) }

// Z returns the value at column c and row r.
func (g *Grid) Z(c, r int) float64 { return g.zs[r*len(g.xs)+c] }

// X returns the x coordinate of column c.
func (g *Grid) X(c int) float64 { return g.xs[c] }

// Y returns the y coordinate of row r.
func (g *Grid) Y(r int) float64 { return g.ys[r] }

// Min returns the smallest value on the grid.
func (g *Grid) Min() float64 { return g.min }

// Max returns the largest value on the grid.
func (g *Grid) Max() float64 { return g.max }

// Integral returns the trapezoid-rule integral of the grid's values over its
// rectangle, ∫∫ f(x, y) dx dy. For a density whose mass lies inside the grid it
// is close to the density's total mass (1 for a density, π_k for a weighted
// component).
func (g *Grid) Integral() float64 {
	nx := len(g.xs)
	var total float64
	for r := range g.ys {
		row := g.zs[r*nx : (r+1)*nx]
		total += trapezoidWeight(g.ys, r) * trapezoid(g.xs, row)
	}
	return total
}

// trapezoid returns ∫ z dx by the trapezoid rule.
func trapezoid(xs, zs []float64) float64 {
	var s float64
	for i := 1; i < len(xs); i++ {
		s += 0.5 * (xs[i] - xs[i-1]) * (zs[i] + zs[i-1])
	}
	return s
}

// trapezoidWeight returns the trapezoid-rule weight of point i of v.
func trapezoidWeight(v []float64, i int) float64 {
	var w float64
	if i > 0 {
		w += 0.5 * (v[i] - v[i-1])
	}
	if i < len(v)-1 {
		w += 0.5 * (v[i+1] - v[i])
	}
	return w
}

// Linspace returns n evenly spaced values from lo to hi inclusive, like R's
// seq(lo, hi, length.out = n). It returns an error unless lo < hi are finite
// and n ≥ 2.
func Linspace(lo, hi float64, n int) ([]float64, error) {
	if math.IsNaN(lo) || math.IsNaN(hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) || lo >= hi {
		return nil, fmt.Errorf("gmmplot: bad range [%v, %v]", lo, hi)
	}
	if n < 2 {
		return nil, fmt.Errorf("gmmplot: %d points, want at least 2", n)
	}
	v := make([]float64, n)
	for i := range v {
		v[i] = lo + (hi-lo)*float64(i)/float64(n-1)
	}
	v[n-1] = hi
	return v, nil
}

// SigmaAxes returns the grid axes of article A for a 2-D mixture: axis d runs
// from min_k(μ_kd − nsigma·σ_kd) to max_k(μ_kd + nsigma·σ_kd), where σ_kd is
// the square root of Σ_k's diagonal element d, with n points. The article uses
// nsigma = 3 and n = 201. It returns an error unless m is 2-D, nsigma > 0 and
// n ≥ 2.
func SigmaAxes(m *gmm.Mixture, nsigma float64, n int) (xs, ys []float64, err error) {
	if err := checkDim(m, 2); err != nil {
		return nil, nil, err
	}
	if !(nsigma > 0) || math.IsInf(nsigma, 0) {
		return nil, nil, fmt.Errorf("gmmplot: nsigma is %v, want a finite positive number", nsigma)
	}
	var axes [2][]float64
	for d := range axes {
		lo, hi := math.Inf(1), math.Inf(-1)
		for k := 0; k < m.K(); k++ {
			mu, sd := m.Mean(k)[d], math.Sqrt(m.CovarianceMatrixTo(nil, k).At(d, d))
			lo = math.Min(lo, mu-nsigma*sd)
			hi = math.Max(hi, mu+nsigma*sd)
		}
		if axes[d], err = Linspace(lo, hi, n); err != nil {
			return nil, nil, err
		}
	}
	return axes[0], axes[1], nil
}

// checkDim returns an error unless m is a mixture in d dimensions.
func checkDim(m *gmm.Mixture, d int) error {
	if m == nil {
		return fmt.Errorf("gmmplot: nil mixture")
	}
	if m.Dim() != d {
		return fmt.Errorf("gmmplot: mixture has dimension %d, want %d", m.Dim(), d)
	}
	return nil
}

func checkComponent(m *gmm.Mixture, k int) error {
	if err := checkDim(m, 2); err != nil {
		return err
	}
	if k < 0 || k >= m.K() {
		return fmt.Errorf("gmmplot: component %d out of range [0, %d)", k, m.K())
	}
	return nil
}

// ComponentGrid returns the density N(x | μ_k, Σ_k) of component k of a 2-D
// mixture on the grid xs × ys, without the weight π_k.
func ComponentGrid(m *gmm.Mixture, k int, xs, ys []float64) (*Grid, error) {
	if err := checkComponent(m, k); err != nil {
		return nil, err
	}
	return NewGrid(xs, ys, func(x, y float64) float64 {
		return math.Exp(m.ComponentLogProb(k, []float64{x, y}))
	})
}

// WeightedComponentGrid returns π_k N(x | μ_k, Σ_k), component k of a 2-D
// mixture times its weight, on the grid xs × ys. Its integral is π_k.
func WeightedComponentGrid(m *gmm.Mixture, k int, xs, ys []float64) (*Grid, error) {
	if err := checkComponent(m, k); err != nil {
		return nil, err
	}
	w := m.Weight(k)
	return NewGrid(xs, ys, func(x, y float64) float64 {
		return w * math.Exp(m.ComponentLogProb(k, []float64{x, y}))
	})
}

// MixtureGrid returns the mixture density p(x) = Σ_k π_k N(x | μ_k, Σ_k) of a
// 2-D mixture on the grid xs × ys.
func MixtureGrid(m *gmm.Mixture, xs, ys []float64) (*Grid, error) {
	if err := checkDim(m, 2); err != nil {
		return nil, err
	}
	return NewGrid(xs, ys, func(x, y float64) float64 {
		return m.Prob([]float64{x, y})
	})
}

// ComponentGrids returns the grid of every component of a 2-D mixture on
// xs × ys: N(x | μ_k, Σ_k), or π_k N(x | μ_k, Σ_k) if weighted.
func ComponentGrids(m *gmm.Mixture, xs, ys []float64, weighted bool) ([]*Grid, error) {
	if err := checkDim(m, 2); err != nil {
		return nil, err
	}
	grids := make([]*Grid, m.K())
	for k := range grids {
		var err error
		if weighted {
			grids[k], err = WeightedComponentGrid(m, k, xs, ys)
		} else {
			grids[k], err = ComponentGrid(m, k, xs, ys)
		}
		if err != nil {
			return nil, err
		}
	}
	return grids, nil
}
