package book

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// twoCrossings returns the roots of
//
//	log λ_a − log σ_a − (x − μ_a)²/(2σ_a²) = log λ_b − log σ_b − (x − μ_b)²/(2σ_b²),
//
// the x where two weighted normal densities are equal (P̄(a | x) = 1/2 for a
// two-component mixture), from the quadratic formula; σ_a ≠ σ_b.
func twoCrossings(la, ma, sa, lb, mb, sb float64) (x1, x2 float64) {
	a := 1/(2*sb*sb) - 1/(2*sa*sa)
	b := ma/(sa*sa) - mb/(sb*sb)
	c := mb*mb/(2*sb*sb) - ma*ma/(2*sa*sa) + math.Log(la/sa) - math.Log(lb/sb)
	d := math.Sqrt(b*b - 4*a*c)
	x1, x2 = (-b-d)/(2*a), (-b+d)/(2*a)
	return math.Min(x1, x2), math.Max(x1, x2)
}

func TestResponsibilityCrossingsMatchQuadratic(t *testing.T) {
	m := articleB()
	got, err := ResponsibilityCrossings(m, 0, -2, 2.5)
	if err != nil {
		t.Fatal(err)
	}
	x1, x2 := twoCrossings(0.35, -0.3, 0.15, 0.65, 0.5, 0.3)
	if len(got) != 2 || math.Abs(got[0]-x1) > 1e-6 || math.Abs(got[1]-x2) > 1e-6 {
		t.Fatalf("crossings %v, want [%v %v] from the quadratic formula", got, x1, x2)
	}
	// Component 1's responsibility is 1 − P̄(0 | x): it crosses 1/2 at the same x.
	other, err := ResponsibilityCrossings(m, 1, -2, 2.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(other) != 2 || math.Abs(other[0]-x1) > 1e-6 || math.Abs(other[1]-x2) > 1e-6 {
		t.Errorf("component 1: crossings %v, want [%v %v]", other, x1, x2)
	}
	// An interval holding only the left crossing finds only it.
	left, err := ResponsibilityCrossings(m, 0, -2, -0.5)
	if err != nil {
		t.Fatal(err)
	}
	if len(left) != 1 || math.Abs(left[0]-x1) > 1e-6 {
		t.Errorf("on [-2, -0.5]: crossings %v, want [%v]", left, x1)
	}
}

func TestResponsibilityCrossingsEqualSpreadsMeetHalfway(t *testing.T) {
	// Equal weights and spreads: one boundary, halfway between the means.
	m, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{-1}, {2}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.5}), mat.NewSymDense(1, []float64{0.5})})
	if err != nil {
		t.Fatal(err)
	}
	got, err := ResponsibilityCrossings(m, 0, -5, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 1 || math.Abs(got[0]-0.5) > 1e-6 {
		t.Errorf("crossings %v, want [0.5]", got)
	}
}

func TestResponsibilityCrossingsRejectBadInput(t *testing.T) {
	m := articleB()
	two := mustMixture(gmm.New([]float64{1}, [][]float64{{0, 0}},
		[]mat.Symmetric{mat.NewSymDense(2, []float64{1, 0, 0, 1})}))
	for _, c := range []struct {
		name   string
		m      *gmm.Mixture
		k      int
		lo, hi float64
	}{
		{"nil mixture", nil, 0, -1, 1},
		{"2-D mixture", two, 0, -1, 1},
		{"component -1", m, -1, -1, 1},
		{"component 2 of 2", m, 2, -1, 1},
		{"empty interval", m, 0, 1, 1},
		{"reversed interval", m, 0, 1, -1},
		{"NaN bound", m, 0, math.NaN(), 1},
		{"infinite bound", m, 0, -1, math.Inf(1)},
	} {
		if got, err := ResponsibilityCrossings(c.m, c.k, c.lo, c.hi); err == nil {
			t.Errorf("%s: no error, crossings %v", c.name, got)
		}
	}
}
