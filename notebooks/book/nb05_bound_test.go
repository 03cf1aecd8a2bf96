package book

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"gmmbook/gmm"
)

// lowerBoundByDefinition is 𝓛(q, θ) = Σ_i Σ_k q_ik ln(π_k N(x_i | μ_k, σ_k) / q_ik)
// for a 1-D mixture, from gonum's distuv.Normal: a reference that shares no
// code with BoundOf (which goes through gmm's log responsibilities).
func lowerBoundByDefinition(x []float64, q mat.Matrix, m *gmm.Mixture) float64 {
	var sum float64
	for i, xi := range x {
		for k := range m.K() {
			qik := q.At(i, k)
			if qik == 0 {
				continue
			}
			normal := distuv.Normal{Mu: m.Mean(k)[0], Sigma: math.Sqrt(m.CovarianceMatrixTo(nil, k).At(0, 0))}
			sum += qik * (math.Log(m.Weight(k)) + normal.LogProb(xi) - math.Log(qik))
		}
	}
	return sum
}

func TestBoundOfMatchesTheDefinition(t *testing.T) {
	truth := articleB()
	x, _ := truth.Sample(200, rand.NewPCG(3, 3))
	other := mustMixture(gmm.New([]float64{0.5, 0.5}, [][]float64{{-1}, {1}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.25}), mat.NewSymDense(1, []float64{0.25})}))
	// q: the responsibilities of another mixture, and a hard labelling with zeros.
	hard := mat.NewDense(200, 2, nil)
	for i := range 200 {
		hard.Set(i, i%2, 1)
	}
	col := mat.Col(nil, 0, x)
	for name, q := range map[string]mat.Matrix{"soft": other.ResponsibilitiesTo(nil, x), "hard": hard} {
		b, err := BoundOf(x, q, truth)
		if err != nil {
			t.Fatal(err)
		}
		want := lowerBoundByDefinition(col, q, truth)
		if math.Abs(b.Lower-want) > 1e-9*math.Abs(want) {
			t.Errorf("%s: 𝓛 = %v, by definition %v", name, b.Lower, want)
		}
		var logLik float64
		for _, xi := range col {
			logLik += truth.LogProb([]float64{xi})
		}
		if math.Abs(b.LogLikelihood-logLik) > 1e-9*math.Abs(logLik) || b.Lower+b.KL != b.LogLikelihood {
			t.Errorf("%s: ln p = %v (want %v), 𝓛 + KL = %v", name, b.LogLikelihood, logLik, b.Lower+b.KL)
		}
		if !(b.KL > 1) {
			t.Errorf("%s: KL = %v, want clearly positive for q ≠ γ", name, b.KL)
		}
	}
	// q = γ(θ): the gap closes.
	b, err := BoundOf(x, truth.ResponsibilitiesTo(nil, x), truth)
	if err != nil || math.Abs(b.KL) > 1e-10 {
		t.Errorf("q = γ(θ): KL = %v, err %v, want 0", b.KL, err)
	}
	if _, err := BoundOf(x, mat.NewDense(199, 2, nil), truth); err == nil {
		t.Error("BoundOf accepted labels of the wrong shape")
	}
}

func TestHalfStepsEStepClosesTheGapMStepRaisesTheBound(t *testing.T) {
	x, _, err := articleB().SampleCounts([]int{350, 650}, rand.NewPCG(1, 0))
	if err != nil {
		t.Fatal(err)
	}
	start := mustMixture(gmm.New([]float64{0.5, 0.5}, [][]float64{{-0.5}, {0.5}},
		[]mat.Symmetric{mat.NewSymDense(1, []float64{0.25}), mat.NewSymDense(1, []float64{0.25})}))
	var states []*gmm.Mixture
	_, err = gmm.Fit(x, nil, 2, &gmm.Settings{Init: gmm.InitMixture, Start: start, Reg: gmm.NoReg,
		MaxIter: 8, Tol: gmm.NoTol, Hook: func(it gmm.Iteration) bool {
			states = append(states, it.Mixture)
			return false
		}})
	if err != nil {
		t.Fatal(err)
	}
	steps, err := HalfSteps(x, states)
	if err != nil {
		t.Fatal(err)
	}
	if len(steps) != 2*len(states)-1 {
		t.Fatalf("%d half-steps for %d states", len(steps), len(states))
	}
	for i := 1; i < len(steps); i++ {
		prev, cur := steps[i-1], steps[i]
		if i%2 == 1 { // M-step: θ changes, q stays
			if !(cur.Lower > prev.Lower) || !(cur.KL > 0) {
				t.Errorf("M-step %d: 𝓛 %v → %v, KL %v", (i+1)/2, prev.Lower, cur.Lower, cur.KL)
			}
		} else { // E-step: q = γ(θ), same θ
			if math.Abs(cur.KL) > 1e-9 || cur.LogLikelihood != prev.LogLikelihood {
				t.Errorf("E-step %d: KL %v, ln p %v → %v", i/2, cur.KL, prev.LogLikelihood, cur.LogLikelihood)
			}
		}
	}
	if _, err := HalfSteps(x, nil); err == nil {
		t.Error("HalfSteps accepted no states")
	}
}
