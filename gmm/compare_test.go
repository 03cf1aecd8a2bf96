package gmm

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// bruteAgreement is LabelAgreement by trying every permutation of the k labels:
// the independent reference for small k.
func bruteAgreement(labels, truth []int, k int) float64 {
	perm := make([]int, k)
	for i := range perm {
		perm[i] = i
	}
	best := 0
	var try func(i int)
	try = func(i int) {
		if i == k {
			n := 0
			for j, l := range labels {
				if perm[l] == truth[j] {
					n++
				}
			}
			best = max(best, n)
			return
		}
		for j := i; j < k; j++ {
			perm[i], perm[j] = perm[j], perm[i]
			try(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
	}
	try(0)
	return float64(best) / float64(len(labels))
}

func TestLabelAgreementByHand(t *testing.T) {
	// Renamed but identical clusterings agree fully.
	if got := LabelAgreement([]int{2, 2, 0, 1, 1}, []int{0, 0, 1, 2, 2}, 3); got != 1 {
		t.Errorf("renamed clustering: agreement %v, want 1", got)
	}
	// Contingency (label → truth): 0→{1,1}, 1→{0,2}, 2→{2,2,0}. Best matching
	// 0→1, 2→2, 1→0: 2 + 2 + 1 = 5 of 7 (the identity gives 0 + 0 + 2).
	labels := []int{0, 0, 1, 1, 2, 2, 2}
	truth := []int{1, 1, 0, 2, 2, 2, 0}
	if got, want := LabelAgreement(labels, truth, 3), 5.0/7; math.Abs(got-want) > 1e-15 {
		t.Errorf("agreement %v, want %v", got, want)
	}
}

func TestLabelAgreementMatchesBruteForce(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	for trial := range 200 {
		k := 1 + rng.IntN(5)
		n := 1 + rng.IntN(40)
		labels, truth := make([]int, n), make([]int, n)
		for i := range labels {
			truth[i] = rng.IntN(k)
			labels[i] = truth[i]
			if rng.Float64() < 0.4 {
				labels[i] = rng.IntN(k)
			}
		}
		if got, want := LabelAgreement(labels, truth, k), bruteAgreement(labels, truth, k); math.Abs(got-want) > 1e-12 {
			t.Fatalf("trial %d (k = %d, n = %d): agreement %v, brute force %v", trial, k, n, got, want)
		}
	}
}

func TestLabelAgreementPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"lengths":   func() { LabelAgreement([]int{0, 1}, []int{0}, 2) },
		"empty":     func() { LabelAgreement(nil, nil, 2) },
		"label ≥ k": func() { LabelAgreement([]int{0, 2}, []int{0, 1}, 2) },
		"negative":  func() { LabelAgreement([]int{0, 1}, []int{-1, 1}, 2) },
	} {
		func() {
			defer func() {
				if r := recover(); r == nil || !strings.HasPrefix(r.(string), "gmm: ") {
					t.Errorf("%s: recovered %v, want a gmm: panic", name, r)
				}
			}()
			f()
		}()
	}
}

func TestSortComponents(t *testing.T) {
	for _, ct := range []CovarianceType{Full, Tied} {
		c0 := mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1})
		c1, c2 := mat.NewSymDense(2, []float64{1, 0, 0, 3}), mat.NewSymDense(2, []float64{0.5, -0.2, -0.2, 0.7})
		if ct == Tied {
			c1, c2 = c0, c0
		}
		m, err := NewTyped(ct, []float64{0.2, 0.5, 0.3}, [][]float64{{7, 5}, {-3, 6}, {0, 0}}, []mat.Symmetric{c0, c1, c2})
		if err != nil {
			t.Fatal(err)
		}
		if got := meanOrder(m, 0); !equalInts(got, []int{1, 2, 0}) {
			t.Errorf("%s: meanOrder by x₁ %v, want [1 2 0]", ct, got)
		}
		if got := meanOrder(m, 1); !equalInts(got, []int{2, 0, 1}) {
			t.Errorf("%s: meanOrder by x₂ %v, want [2 0 1]", ct, got)
		}
		s := SortComponents(m, 0)
		if s.CovarianceType() != ct {
			t.Errorf("covariance type %s, want %s", s.CovarianceType(), ct)
		}
		for r, k := range []int{1, 2, 0} {
			if s.Weight(r) != m.Weight(k) || s.Mean(r)[0] != m.Mean(k)[0] || s.Mean(r)[1] != m.Mean(k)[1] {
				t.Errorf("%s: component %d is not component %d of the original", ct, r, k)
			}
			if !mat.Equal(s.CovarianceMatrixTo(nil, r), m.CovarianceMatrixTo(nil, k)) {
				t.Errorf("%s: covariance %d is not covariance %d of the original", ct, r, k)
			}
		}
		for _, pt := range [][]float64{{0, 0}, {7, 5}, {-1, 3.5}} {
			if a, b := s.LogProb(pt), m.LogProb(pt); math.Abs(a-b) > 1e-12 {
				t.Errorf("%s: log density at %v: %v sorted, %v original", ct, pt, a, b)
			}
		}
	}
}

func TestStandardize(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 10, 2, 20, 3, 60})
	z, err := Standardize(x)
	if err != nil {
		t.Fatal(err)
	}
	// Column 0: mean 2, population sd √(2/3). Column 1: mean 30, sd √(1400/3).
	s0, s1 := math.Sqrt(2.0/3), math.Sqrt(1400.0/3)
	want := []float64{-1 / s0, -20 / s1, 0, -10 / s1, 1 / s0, 30 / s1}
	for i, w := range want {
		if g := z.RawMatrix().Data[i]; math.Abs(g-w) > 1e-14 {
			t.Errorf("element %d: %v, want %v", i, g, w)
		}
	}
	for j := range 2 {
		mean, sd := stat.PopMeanStdDev(mat.Col(nil, j, z), nil)
		if math.Abs(mean) > 1e-15 || math.Abs(sd-1) > 1e-15 {
			t.Errorf("column %d: mean %v, sd %v after standardising", j, mean, sd)
		}
	}
}

func TestStandardizeErrors(t *testing.T) {
	for name, x := range map[string]*mat.Dense{
		"constant column": mat.NewDense(3, 2, []float64{1, 0.1, 2, 0.1, 3, 0.1}),
		"NaN":             mat.NewDense(2, 2, []float64{1, 2, math.NaN(), 4}),
	} {
		if _, err := Standardize(x); err == nil || !strings.HasPrefix(err.Error(), "gmm: ") {
			t.Errorf("%s: error %v, want a gmm: error", name, err)
		}
	}
}

// equalInts reports whether a and b hold the same values in the same order.
func equalInts(a, b []int) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// TestStandardizeExtremeScales checks columns whose squares overflow or underflow
// (issue 12): {1e155, −1e155, 0} has mean 0 and population sd 1e155·√(2/3), so
// z = (√(3/2), −√(3/2), 0); {1, 2, 3}·1e200 and {1, 2, 3}·1e-300 give
// (−√(3/2), 0, √(3/2)), as for {1, 2, 3}.
func TestStandardizeExtremeScales(t *testing.T) {
	r := math.Sqrt(1.5)
	for _, c := range []struct {
		col, want []float64
	}{
		{[]float64{1e155, -1e155, 0}, []float64{r, -r, 0}},
		{[]float64{1e200, 2e200, 3e200}, []float64{-r, 0, r}},
		{[]float64{1e308, 1.5e308, 1.7e308}, nil},
		{[]float64{1e-300, 2e-300, 3e-300}, []float64{-r, 0, r}},
	} {
		z, err := Standardize(mat.NewDense(3, 1, c.col))
		if err != nil {
			t.Fatalf("%v: %v", c.col, err)
		}
		got := z.RawMatrix().Data
		if c.want == nil { // no closed form at hand: mean 0 and sd 1
			mean, sd := stat.PopMeanStdDev(got, nil)
			if math.Abs(mean) > 1e-15 || math.Abs(sd-1) > 1e-15 {
				t.Errorf("%v: standardised to %v (mean %v, sd %v)", c.col, got, mean, sd)
			}
			continue
		}
		for i, w := range c.want {
			if math.Abs(got[i]-w) > 1e-14 {
				t.Errorf("%v: standardised to %v, want %v", c.col, got, c.want)
				break
			}
		}
	}
}
