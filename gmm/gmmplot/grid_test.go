package gmmplot

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
)

// A grid of a known Gaussian density holds gonum's density at every point and
// integrates to 1 when the grid reaches ±8σ.
func TestGridOfGaussian(t *testing.T) {
	mu := []float64{1, -2}
	sigma := mat.NewSymDense(2, []float64{4, 1.2, 1.2, 1})
	n, ok := distmv.NewNormal(mu, sigma, nil)
	if !ok {
		t.Fatal("covariance not positive definite")
	}
	xs, _ := Linspace(1-16, 1+16, 321)
	ys, _ := Linspace(-2-8, -2+8, 241)
	g, err := NewGrid(xs, ys, func(x, y float64) float64 { return n.Prob([]float64{x, y}) })
	if err != nil {
		t.Fatal(err)
	}
	if c, r := g.Dims(); c != 321 || r != 241 {
		t.Fatalf("Dims = %d, %d, want 321, 241", c, r)
	}
	for _, cr := range [][2]int{{0, 0}, {160, 120}, {37, 200}, {320, 240}} {
		want := n.Prob([]float64{xs[cr[0]], ys[cr[1]]})
		if got := g.Z(cr[0], cr[1]); got != want || g.X(cr[0]) != xs[cr[0]] || g.Y(cr[1]) != ys[cr[1]] {
			t.Errorf("Z(%d, %d) = %v, want %v", cr[0], cr[1], got, want)
		}
	}
	// The peak 1/(2π sqrt(det Σ)), det Σ = 4 − 1.44, is at the grid point μ.
	if peak := 1 / (2 * math.Pi * math.Sqrt(4-1.44)); !scalar.EqualWithinRel(g.Max(), peak, 1e-12) {
		t.Errorf("Max = %v, want the peak %v", g.Max(), peak)
	}
	if got := g.Integral(); math.Abs(got-1) > 1e-6 {
		t.Errorf("integral of a Gaussian density = %.10f, want 1 within 1e-6", got)
	}
}

// The trapezoid rule is exact for a bilinear function, on any spacing.
func TestIntegralBilinearExact(t *testing.T) {
	xs := []float64{-1, -0.5, 0.25, 2}
	ys := []float64{0, 1, 3}
	g, err := NewGrid(xs, ys, func(x, y float64) float64 { return 3 + x + 2*y + x*y })
	if err != nil {
		t.Fatal(err)
	}
	// ∫_{-1}^{2} ∫_0^3 (3 + x + 2y + xy) dy dx = 27 + 1.5·3 + 3·9 + 1.5·4.5 = 65.25.
	if got := g.Integral(); !scalar.EqualWithinAbs(got, 65.25, 1e-12) {
		t.Errorf("Integral = %v, want 65.25", got)
	}
}

// Article A's volume check on a grid wide enough to hold all the mass: each
// weighted component integrates to π_k, each component to 1, the mixture to 1.
func TestWeightedComponentVolumes(t *testing.T) {
	m := articleA()
	xs, ys, err := SigmaAxes(m, 8, 401)
	if err != nil {
		t.Fatal(err)
	}
	var sum float64
	for k := 0; k < m.K(); k++ {
		w, err := WeightedComponentGrid(m, k, xs, ys)
		if err != nil {
			t.Fatal(err)
		}
		c, err := ComponentGrid(m, k, xs, ys)
		if err != nil {
			t.Fatal(err)
		}
		if got := w.Integral(); math.Abs(got-m.Weight(k)) > 1e-6 {
			t.Errorf("component %d: weighted volume %.10f, want π_k = %v", k, got, m.Weight(k))
		}
		if got := c.Integral(); math.Abs(got-1) > 1e-6 {
			t.Errorf("component %d: volume %.10f, want 1", k, got)
		}
		sum += w.Integral()
	}
	mix, err := MixtureGrid(m, xs, ys)
	if err != nil {
		t.Fatal(err)
	}
	if got := mix.Integral(); math.Abs(got-1) > 1e-6 || math.Abs(got-sum) > 1e-12 {
		t.Errorf("mixture volume %.12f, want 1 and the sum of the weighted volumes %.12f", got, sum)
	}
}

// Article A's grid: its R code prints the first grid point (x_1, x_2) = (−25, −22).
func TestSigmaAxesArticleA(t *testing.T) {
	xs, ys, err := SigmaAxes(articleA(), 3, 201)
	if err != nil {
		t.Fatal(err)
	}
	// x: min(0−3·6, 5−3·3, −10−3·5) = −25, max(0+18, 5+9, −10+15) = 18;
	// y: min(5−15, −10−12, −5−12) = −22, max(5+15, −10+12, −5+12) = 20.
	for _, c := range []struct {
		name     string
		got      []float64
		lo, hi   float64
		wantSize int
	}{{"x", xs, -25, 18, 201}, {"y", ys, -22, 20, 201}} {
		if len(c.got) != c.wantSize || c.got[0] != c.lo || c.got[len(c.got)-1] != c.hi {
			t.Errorf("%s axis: %d points from %v to %v, want %d from %v to %v",
				c.name, len(c.got), c.got[0], c.got[len(c.got)-1], c.wantSize, c.lo, c.hi)
		}
	}
	if step := xs[1] - xs[0]; !scalar.EqualWithinAbs(step, 43.0/200, 1e-12) {
		t.Errorf("x step %v, want 43/200", step)
	}
}

func TestPrettyLevels(t *testing.T) {
	// Values calculated by R 4.2.2: pretty(c(lo, hi), n).
	for _, c := range []struct {
		lo, hi float64
		n      int
		want   []float64
	}{
		{0, 0.003334, 10, []float64{0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035}},
		{3.28e-10, 0.00363, 10, []float64{0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035, 0.004}},
		{1, 10, 5, []float64{0, 2, 4, 6, 8, 10}},
		{-3.7, 12.2, 5, []float64{-5, 0, 5, 10, 15}},
		{0.2, 0.3, 4, []float64{0.2, 0.22, 0.24, 0.26, 0.28, 0.3}},
		{-1, 1, 7, []float64{-1, -0.5, 0, 0.5, 1}},
	} {
		got, err := PrettyLevels(c.lo, c.hi, c.n)
		if err != nil {
			t.Fatal(err)
		}
		if !equalFloats(got, c.want, 1e-15) {
			t.Errorf("PrettyLevels(%v, %v, %d) = %v, want %v", c.lo, c.hi, c.n, got, c.want)
		}
	}
}

func equalFloats(a, b []float64, tol float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !scalar.EqualWithinAbs(a[i], b[i], tol) {
			return false
		}
	}
	return true
}

// Shared levels span every grid: article A's weighted components give the
// breaks its R code prints, 0 to 0.0035 by 0.0005.
func TestSharedLevelsArticleA(t *testing.T) {
	m := articleA()
	xs, ys, err := SigmaAxes(m, 3, 201)
	if err != nil {
		t.Fatal(err)
	}
	var grids []*Grid
	for k := 0; k < m.K(); k++ {
		g, err := WeightedComponentGrid(m, k, xs, ys)
		if err != nil {
			t.Fatal(err)
		}
		grids = append(grids, g)
	}
	got, err := SharedLevels(10, grids...)
	if err != nil {
		t.Fatal(err)
	}
	want := []float64{0, 0.0005, 0.001, 0.0015, 0.002, 0.0025, 0.003, 0.0035} // break_vec in article A
	if !equalFloats(got, want, 1e-15) {
		t.Errorf("SharedLevels = %v, want %v", got, want)
	}
}

func TestFilledContourBands(t *testing.T) {
	xs := []float64{0, 1, 2}
	g, err := NewGrid(xs, xs, func(x, y float64) float64 { return x + y })
	if err != nil {
		t.Fatal(err)
	}
	f, err := NewFilledContour(g, []float64{0, 1, 2, 4})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		z    float64
		want int
	}{{-0.1, -1}, {0, 0}, {0.99, 0}, {1, 1}, {3.9, 2}, {4, 2}, {4.1, -1}} {
		if got := f.band(c.z); got != c.want {
			t.Errorf("band(%v) = %d, want %d", c.z, got, c.want)
		}
	}
	// Bilinear interpolation reproduces the linear function x + y exactly.
	if got := g.interpolate(0.3, 1.7); !scalar.EqualWithinAbs(got, 2, 1e-12) {
		t.Errorf("interpolate(0.3, 1.7) = %v, want 2", got)
	}
}

func TestComponentGridsAndContours(t *testing.T) {
	m := articleA()
	xs, ys, err := SigmaAxes(m, 3, 21)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := ComponentGrids(m, xs, ys, false)
	if err != nil {
		t.Fatal(err)
	}
	weighted, err := ComponentGrids(m, xs, ys, true)
	if err != nil {
		t.Fatal(err)
	}
	for k := range plain {
		// Weighted is π_k times plain at every point.
		for _, cr := range [][2]int{{0, 0}, {10, 10}, {20, 3}} {
			if got, want := weighted[k].Z(cr[0], cr[1]), m.Weight(k)*plain[k].Z(cr[0], cr[1]); !scalar.EqualWithinRel(got, want, 1e-14) {
				t.Errorf("component %d at %v: weighted %v, want π_k·N = %v", k, cr, got, want)
			}
		}
	}
	lines, err := NewComponentContours(weighted, []float64{0.001, 0.002}, Dashed)
	if err != nil {
		t.Fatal(err)
	}
	for k, l := range lines {
		if l.Grid != weighted[k] || l.Color != Color(k) || len(l.Dashes) != len(Dashed) {
			t.Errorf("contour %d: grid, colour %v or dashes %v not those of component %d", k, l.Color, l.Dashes, k)
		}
	}
}

func TestLabels(t *testing.T) {
	m := articleA()
	if got, want := ComponentLabel(m, 1, true), "k = 2,  π = 0.25\nμ = (5, -10)\nΣ = [9 -1.3; -1.3 16]"; got != want {
		t.Errorf("ComponentLabel = %q, want %q", got, want)
	}
	if got := ComponentLabel(m, 0, false); strings.Contains(got, "π") {
		t.Errorf("ComponentLabel without weight = %q", got)
	}
	want := "π = (0.45, 0.25, 0.3)\nμ = ((0, 5), (5, -10), (-10, -5))\nΣ = ([36 10; 10 25], [9 -1.3; -1.3 16], [25 -3.2; -3.2 16])"
	if got := MixtureLabel(m); got != want {
		t.Errorf("MixtureLabel = %q, want %q", got, want)
	}
}

func TestGridErrors(t *testing.T) {
	ok := []float64{0, 1, 2}
	one := func(x, y float64) float64 { return 1 }
	m := articleA()
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"short axis", second(NewGrid([]float64{0}, ok, one)), "at least 2"},
		{"NaN axis", second(NewGrid([]float64{0, math.NaN()}, ok, one)), "NaN"},
		{"decreasing axis", second(NewGrid(ok, []float64{0, 2, 1}, one)), "not strictly increasing"},
		{"nil function", second(NewGrid(ok, ok, nil)), "nil function"},
		{"NaN value", second(NewGrid(ok, ok, func(x, y float64) float64 { return math.Log(x - 1) })), "NaN"},
		{"Inf value", second(NewGrid(ok, ok, func(x, y float64) float64 { return 1 / x })), "+Inf"},
		{"bad linspace", second(Linspace(1, 1, 5)), "bad range"},
		{"linspace n", second(Linspace(0, 1, 1)), "at least 2"},
		{"1-D mixture", second(MixtureGrid(articleB(), ok, ok)), "dimension 1"},
		{"nil mixture", second(MixtureGrid(nil, ok, ok)), "nil mixture"},
		{"component range", second(ComponentGrid(m, 3, ok, ok)), "out of range"},
		{"weighted range", second(WeightedComponentGrid(m, -1, ok, ok)), "out of range"},
		{"nsigma", third(SigmaAxes(m, math.NaN(), 201)), "nsigma"},
		{"levels range", second(PrettyLevels(1, 1, 5)), "bad level range"},
		{"levels inf", second(PrettyLevels(0, math.Inf(1), 5)), "bad level range"},
		{"levels n", second(PrettyLevels(0, 1, 0)), "at least 1"},
		{"no grids", second(SharedLevels(5)), "no grids"},
		{"nil contour grid", second(NewContourLines(nil, ok, LineStyle(0, nil))), "nil grid"},
		{"no levels", second(NewContourLines(mustGrid(t), nil, LineStyle(0, nil))), "no contour levels"},
		{"NaN level", second(NewContourLines(mustGrid(t), []float64{math.NaN()}, LineStyle(0, nil))), "NaN"},
		{"one band level", second(NewFilledContour(mustGrid(t), []float64{1})), "at least 2"},
		{"grids nil mixture", second(ComponentGrids(nil, ok, ok, true)), "nil mixture"},
		{"grids bad axis", second(ComponentGrids(m, []float64{1}, ok, false)), "at least 2"},
		{"no component grids", second(NewComponentContours(nil, ok, Solid)), "no grids"},
		{"component contour level", second(NewComponentContours([]*Grid{mustGrid(t)}, []float64{math.Inf(-1)}, Solid)), "-Inf"},
		{"unsorted bands", second(NewFilledContour(mustGrid(t), []float64{1, 0.5})), "strictly increasing"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) || !strings.HasPrefix(c.err.Error(), "gmmplot: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}

func second[T any](_ T, err error) error { return err }

func third[T, U any](_ T, _ U, err error) error { return err }

func mustGrid(t *testing.T) *Grid {
	g, err := NewGrid([]float64{0, 1}, []float64{0, 1}, func(x, y float64) float64 { return x * y })
	if err != nil {
		t.Fatal(err)
	}
	return g
}
