package pca

import (
	"errors"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/datasets"
)

// The reference numbers come from scikit-learn 1.2.1's
// PCA(n_components=…, svd_solver="full") on the same digits:
// testdata/sklearn_pca.py.

func TestFitDigitsAgainstScikitLearn(t *testing.T) {
	x, _ := datasets.Digits()
	p, err := Fit(x, 0.99)
	if err != nil {
		t.Fatal(err)
	}
	if p.Components() != 41 || p.Dim() != 64 {
		t.Fatalf("kept %d of %d components, want 41 of 64", p.Components(), p.Dim())
	}
	for i, want := range []float64{179.00693009797206, 163.7177468816776, 141.78843909228388} {
		if got := p.Variances()[i]; math.Abs(got-want) > 1e-9*want {
			t.Errorf("variance %d = %v, want %v", i, got, want)
		}
	}
	if got := p.KeptShare(); math.Abs(got-0.9901018242795546) > 1e-12 {
		t.Errorf("kept share %v, want 0.9901018242795546", got)
	}
	z := p.ProjectTo(nil, x)
	// Scores are unique up to the sign of each component.
	for j, want := range []float64{1.2594664501016093, 21.27488348073845, 9.463054617605179} {
		if got := math.Abs(z.At(0, j)); math.Abs(got-want) > 1e-9 {
			t.Errorf("|score| (0, %d) = %v, want %v", j, got, want)
		}
	}
	back := p.ReconstructTo(nil, z)
	for j, want := range []float64{6.190927064546825e-16, -0.04775292846197987, 5.336444845447518,
		12.86331437362499, 9.102632686750407, 1.0039930874659078, -0.10265115971198036, 0.4025381168254356} {
		if got := back.At(0, j); math.Abs(got-want) > 1e-9 {
			t.Errorf("round trip (0, %d) = %v, want %v", j, got, want)
		}
	}
	var diff mat.Dense
	diff.Sub(back, x)
	mse := math.Pow(mat.Norm(&diff, 2), 2) / float64(64*1797)
	if math.Abs(mse-0.18581949479365667) > 1e-9 {
		t.Errorf("round trip mean squared error %v, want 0.18581949479365667", mse)
	}
	p90, err := Fit(x, 0.9)
	if err != nil || p90.Components() != 21 {
		t.Errorf("share 0.9: %v components (err %v), want 21", p90.Components(), err)
	}
}

func TestRoundTripExactOnAPlane(t *testing.T) {
	// Points on the plane x₃ = 1 + 2x₁ − x₂ in three dimensions: two
	// components hold all the variance and the round trip is exact.
	x := mat.NewDense(5, 3, nil)
	for i, uv := range [][2]float64{{0, 0}, {1, 0}, {0, 1}, {2, 3}, {-1, 4}} {
		x.SetRow(i, []float64{uv[0], uv[1], 1 + 2*uv[0] - uv[1]})
	}
	p, err := Fit(x, 0.999)
	if err != nil {
		t.Fatal(err)
	}
	if p.Components() != 2 {
		t.Fatalf("kept %d components, want 2", p.Components())
	}
	back := p.ReconstructTo(nil, p.ProjectTo(nil, x))
	if !mat.EqualApprox(back, x, 1e-12) {
		t.Errorf("round trip\n%v\nwant\n%v", mat.Formatted(back), mat.Formatted(x))
	}
}

func TestFitBadInput(t *testing.T) {
	good := mat.NewDense(3, 2, []float64{1, 2, 3, 5, 4, 4})
	for _, c := range []struct {
		name  string
		x     mat.Matrix
		share float64
	}{
		{"share 0", good, 0},
		{"share 1", good, 1},
		{"share NaN", good, math.NaN()},
		{"one row", mat.NewDense(1, 2, []float64{1, 2}), 0.9},
		{"NaN", mat.NewDense(2, 2, []float64{1, math.NaN(), 3, 4}), 0.9},
		{"Inf", mat.NewDense(2, 2, []float64{1, math.Inf(1), 3, 4}), 0.9},
	} {
		if _, err := Fit(c.x, c.share); err == nil {
			t.Errorf("%s: no error", c.name)
		}
	}
	constant := mat.NewDense(3, 2, []float64{1, 2, 1, 2, 1, 2})
	if _, err := Fit(constant, 0.9); !errors.Is(err, ErrDegenerate) {
		t.Errorf("constant data: error %v, want ErrDegenerate", err)
	}
}
