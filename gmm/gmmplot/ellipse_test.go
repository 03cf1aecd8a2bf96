package gmmplot

import (
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// The ellipse's semi-axes are σ√λ along the covariance's eigenvectors, with
// λ from the closed form for a 2×2 symmetric matrix, and every point lies at
// Mahalanobis distance σ from the mean.
func TestEllipseGeometry(t *testing.T) {
	for _, c := range []struct {
		a, b, d float64 // Σ = [a b; b d]
		mean    []float64
		sigma   float64
	}{
		{36, 10, 25, []float64{0, 5}, 1},
		{9, -1.3, 16, []float64{5, -10}, 2},
		{25, -3.2, 16, []float64{-10, -5}, 3},
		{4, 0, 1, []float64{1, 1}, 1.5},
	} {
		cov := mat.NewSymDense(2, []float64{c.a, c.b, c.b, c.d})
		const n = 360
		xys, err := Ellipse(c.mean, cov, c.sigma, n)
		if err != nil {
			t.Fatal(err)
		}
		if len(xys) != n+1 || xys[0] != xys[n] {
			t.Fatalf("Σ = %v: %d points, first %v last %v: want %d, closed", cov, len(xys), xys[0], xys[n], n+1)
		}
		half, gap := (c.a+c.d)/2, math.Hypot((c.a-c.d)/2, c.b)
		l1, l2 := half+gap, half-gap
		major := unit(c.b, l1-c.a) // (Σ − λ₁I)v = 0
		if c.b == 0 {
			major = unit(1, 0) // a > d here
		}
		minor := [2]float64{-major[1], major[0]}
		checkAxis := func(name string, i int, length float64, dir [2]float64) {
			dx, dy := xys[i].X-c.mean[0], xys[i].Y-c.mean[1]
			if got := math.Hypot(dx, dy); !scalar.EqualWithinAbsOrRel(got, length, 1e-12, 1e-12) {
				t.Errorf("Σ = [%v %v; %v %v], σ = %v: %s semi-axis %v, want σ√λ = %v", c.a, c.b, c.b, c.d, c.sigma, name, got, length)
			}
			if cross := dx*dir[1] - dy*dir[0]; math.Abs(cross) > 1e-9*length {
				t.Errorf("Σ = [%v %v; %v %v]: %s semi-axis (%v, %v) not along the eigenvector %v", c.a, c.b, c.b, c.d, name, dx, dy, dir)
			}
		}
		checkAxis("major", 0, c.sigma*math.Sqrt(l1), major)
		checkAxis("minor", n/4, c.sigma*math.Sqrt(l2), minor)

		var chol mat.Cholesky
		if !chol.Factorize(cov) {
			t.Fatal("not positive definite")
		}
		var maxDist float64
		for i, p := range xys {
			d := mat.NewVecDense(2, []float64{p.X - c.mean[0], p.Y - c.mean[1]})
			var z mat.VecDense
			if err := chol.SolveVecTo(&z, d); err != nil {
				t.Fatal(err)
			}
			if m2 := mat.Dot(d, &z); !scalar.EqualWithinAbsOrRel(m2, c.sigma*c.sigma, 1e-10, 1e-10) {
				t.Errorf("point %d: squared Mahalanobis distance %v, want σ² = %v", i, m2, c.sigma*c.sigma)
			}
			maxDist = math.Max(maxDist, math.Hypot(d.AtVec(0), d.AtVec(1)))
		}
		if !scalar.EqualWithinRel(maxDist, c.sigma*math.Sqrt(l1), 1e-12) {
			t.Errorf("farthest point %v, want σ√λ₁ = %v", maxDist, c.sigma*math.Sqrt(l1))
		}
	}
}

func unit(x, y float64) [2]float64 {
	h := math.Hypot(x, y)
	return [2]float64{x / h, y / h}
}

func TestNewEllipses(t *testing.T) {
	m := articleA()
	lines, err := NewEllipses(m, 1, 2, 3)
	if err != nil {
		t.Fatal(err)
	}
	if len(lines) != 9 {
		t.Fatalf("%d lines, want 9", len(lines))
	}
	// Line 3k+i is component k at level i+1: its farthest point from μ_k is
	// (i+1)√λ₁(Σ_k).
	for k := 0; k < 3; k++ {
		cov := m.CovarianceMatrixTo(nil, k)
		half, gap := (cov.At(0, 0)+cov.At(1, 1))/2, math.Hypot((cov.At(0, 0)-cov.At(1, 1))/2, cov.At(0, 1))
		for i := 0; i < 3; i++ {
			l := lines[3*k+i]
			mu := m.Mean(k)
			var far float64
			for _, p := range l.XYs {
				far = math.Max(far, math.Hypot(p.X-mu[0], p.Y-mu[1]))
			}
			if want := float64(i+1) * math.Sqrt(half+gap); !scalar.EqualWithinRel(far, want, 1e-12) {
				t.Errorf("component %d level %d: semi-major axis %v, want %v", k, i+1, far, want)
			}
			if l.LineStyle.Color != Color(k) {
				t.Errorf("component %d: colour %v, want %v", k, l.LineStyle.Color, Color(k))
			}
		}
	}
}

func TestEllipseErrors(t *testing.T) {
	good := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	m := articleA()
	for _, c := range []struct {
		name string
		err  error
		want string
	}{
		{"mean length", second(Ellipse([]float64{0}, good, 1, 10)), "length 1"},
		{"3×3", second(Ellipse([]float64{0, 0}, mat.NewSymDense(3, nil), 1, 10)), "2×2"},
		{"NaN mean", second(Ellipse([]float64{math.NaN(), 0}, good, 1, 10)), "NaN"},
		{"Inf covariance", second(Ellipse([]float64{0, 0}, mat.NewSymDense(2, []float64{math.Inf(1), 0, 0, 1}), 1, 10)), "+Inf"},
		{"not PD", second(Ellipse([]float64{0, 0}, mat.NewSymDense(2, []float64{1, 2, 2, 1}), 1, 10)), "not positive definite"},
		{"zero sigma", second(Ellipse([]float64{0, 0}, good, 0, 10)), "sigma level"},
		{"few points", second(Ellipse([]float64{0, 0}, good, 1, 2)), "at least 3"},
		{"no levels", second(NewEllipses(m)), "no sigma levels"},
		{"bad level", second(NewEllipses(m, 1, -2)), "component 0: sigma level"},
		{"nil mixture", second(NewEllipses(nil, 1)), "nil mixture"},
	} {
		if c.err == nil || !strings.Contains(c.err.Error(), c.want) || !strings.HasPrefix(c.err.Error(), "gmmplot: ") {
			t.Errorf("%s: error %v, want one containing %q", c.name, c.err, c.want)
		}
	}
}
