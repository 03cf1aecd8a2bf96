package gmmplot

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestUncertainty(t *testing.T) {
	// 1 − max_k γ_ik by hand: a sure point, an even split of three, a 0.7/0.3 one.
	resp := mat.NewDense(3, 3, []float64{0, 1, 0, 1.0 / 3, 1.0 / 3, 1.0 / 3, 0.7, 0.3, 0})
	u, err := Uncertainty(resp)
	if err != nil {
		t.Fatal(err)
	}
	for i, want := range []float64{0, 2.0 / 3, 0.3} {
		if math.Abs(u[i]-want) > 1e-15 {
			t.Errorf("u[%d] = %v, want %v", i, u[i], want)
		}
	}
	for _, bad := range []mat.Matrix{nil, mat.NewDense(1, 2, []float64{0.5, 0.6}),
		mat.NewDense(1, 2, []float64{-0.5, 1.5}), mat.NewDense(1, 2, []float64{math.NaN(), 1})} {
		if _, err := Uncertainty(bad); err == nil {
			t.Errorf("Uncertainty(%v): no error", bad)
		}
	}
}

func TestUncertaintyBreaksAndGroups(t *testing.T) {
	// numpy's np.quantile (R's type 7) of these u: testdata/numpy_quantiles.py.
	u := []float64{0.0, 0.3, 0.05, 0.12, 0.5, 0.01, 0.2, 0.07, 0.33, 0.02, 0.4}
	groups, q75, q95 := UncertaintyGroups(u)
	if math.Abs(q75-0.315) > 1e-15 || math.Abs(q95-0.45) > 1e-15 {
		t.Fatalf("breaks %v %v, want 0.315 0.45", q75, q95)
	}
	// 8 points with u ≤ 0.315, then 0.33 and 0.4, then 0.5.
	want := [3][]int{{0, 1, 2, 3, 5, 6, 7, 9}, {8, 10}, {4}}
	for g := range groups {
		if !slices.Equal(groups[g], want[g]) {
			t.Errorf("group %d = %v, want %v", g, groups[g], want[g])
		}
	}
	// Two-component responsibilities giving those uncertainties.
	n := len(u)
	x := mat.NewDense(n, 2, nil)
	resp := mat.NewDense(n, 2, nil)
	for i, v := range u {
		x.Set(i, 0, float64(i))
		resp.SetRow(i, []float64{1 - v, v})
	}
	p := New("", "", "")
	got, err := AddUncertainty(p, x, resp)
	if err != nil {
		t.Fatal(err)
	}
	for i := range u {
		if math.Abs(got[i]-u[i]) > 1e-15 {
			t.Errorf("uncertainty %d = %v, want %v", i, got[i], u[i])
		}
	}
	if _, err := AddUncertainty(p, mat.NewDense(2, 2, nil), resp); err == nil {
		t.Error("2 points, 11 rows of responsibilities: no error")
	}
}

func TestImageGrid(t *testing.T) {
	// Two 2×3 images (w = 3, h = 2) in a grid of 2 columns: pixel values 0 (white),
	// 16 (black) and 8 (mid grey, 255·(1 − 1/2) rounded = 128).
	x := mat.NewDense(3, 6, []float64{
		0, 16, 8, 0, 0, 0,
		16, 16, 16, 16, 16, 16,
		8, 8, 8, 8, 8, 20, // 20 is beyond hi: black
	})
	g, err := NewImageGrid(x, 3, 2, 2, 0, 16)
	if err != nil {
		t.Fatal(err)
	}
	img := g.Image(2)
	// Grid: 1 + 2·(3 + 1) = 9 pixels wide, 1 + 2·(2 + 1) = 7 high, times 2.
	if b := img.Bounds(); b.Dx() != 18 || b.Dy() != 14 {
		t.Fatalf("image %v, want 18×14", b)
	}
	for _, c := range []struct {
		x, y int
		want uint8
	}{
		{0, 0, gapGrey},  // the gap at the corner
		{2, 2, 255},      // image 0, pixel (0, 0): 0 → white
		{5, 3, 0},        // image 0, pixel (0, 1): 16 → black
		{6, 2, 128},      // image 0, pixel (0, 2): 8 → grey
		{10, 2, 0},       // image 1, pixel (0, 0)
		{2, 8, 128},      // image 2 (second line), pixel (0, 0)
		{6, 10, 0},       // image 2, pixel (1, 2): 20 clamped to black
		{10, 8, gapGrey}, // no fourth image: gap grey
		{8, 2, gapGrey},  // the gap between images 0 and 1
	} {
		if got := img.GrayAt(c.x, c.y).Y; got != c.want {
			t.Errorf("pixel (%d, %d) = %d, want %d", c.x, c.y, got, c.want)
		}
	}
	for _, bad := range []struct {
		x          mat.Matrix
		w, h, cols int
		lo, hi     float64
	}{
		{nil, 3, 2, 2, 0, 16},
		{x, 2, 2, 2, 0, 16},
		{x, 3, 2, 0, 0, 16},
		{x, 3, 2, 2, 16, 0},
		{mat.NewDense(1, 6, []float64{0, 0, math.NaN(), 0, 0, 0}), 3, 2, 2, 0, 16},
	} {
		if _, err := NewImageGrid(bad.x, bad.w, bad.h, bad.cols, bad.lo, bad.hi); err == nil {
			t.Errorf("NewImageGrid(%v, %d, %d, %d, %v, %v): no error", bad.x, bad.w, bad.h, bad.cols, bad.lo, bad.hi)
		}
	}
}
