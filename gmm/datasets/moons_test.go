package datasets

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestHalfMoonsCurves(t *testing.T) {
	// scikit-learn's make_moons(n_samples=7, noise=0, shuffle=False), from
	// testdata/sklearn_datasets.py.
	want := [][2]float64{{1.0, 0.0}, {6.123233995736766e-17, 1.0}, {-1.0, 1.2246467991473532e-16},
		{0.0, 0.5}, {0.4999999999999999, -0.3660254037844386}, {1.4999999999999998, -0.3660254037844387},
		{2.0, 0.4999999999999999}}
	x, labels, err := HalfMoons(7, 0, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i, w := range want {
		if math.Abs(x.At(i, 0)-w[0]) > 1e-15 || math.Abs(x.At(i, 1)-w[1]) > 1e-15 {
			t.Errorf("row %d = %v, want %v", i, x.RawRowView(i), w)
		}
	}
	if !slices.Equal(labels, []int{0, 0, 0, 1, 1, 1, 1}) {
		t.Errorf("labels %v, want [0 0 0 1 1 1 1]", labels)
	}
}

func TestHalfMoonsNoise(t *testing.T) {
	const n, noise = 4000, 0.1
	clean, _, _ := HalfMoons(n, 0, nil)
	x, _, err := HalfMoons(n, noise, rand.NewPCG(1, 2))
	if err != nil {
		t.Fatal(err)
	}
	var diff mat.Dense
	diff.Sub(x, clean)
	// The noise is N(0, 0.1²) per coordinate: its sample variance over 8000
	// values is within 5 % of 0.01 (its standard error is 1.6 %).
	v := mat.Norm(&diff, 2) * mat.Norm(&diff, 2) / (2 * n)
	if math.Abs(v-noise*noise) > 0.05*noise*noise {
		t.Errorf("noise variance %v, want %v", v, noise*noise)
	}
	again, _, _ := HalfMoons(n, noise, rand.NewPCG(1, 2))
	if !mat.Equal(x, again) {
		t.Error("the same seed gave different points")
	}
}

func TestHalfMoonsBadInput(t *testing.T) {
	for _, c := range []struct {
		n     int
		noise float64
	}{{3, 0}, {10, -1}, {10, math.NaN()}, {10, math.Inf(1)}} {
		if _, _, err := HalfMoons(c.n, c.noise, nil); err == nil {
			t.Errorf("HalfMoons(%d, %v): no error", c.n, c.noise)
		}
	}
}
