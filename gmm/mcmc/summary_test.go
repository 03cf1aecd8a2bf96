package mcmc

import (
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestSummarizeIndependentDraws(t *testing.T) {
	// Independent N(3, 2²) draws: ESS near the number of draws, R-hat near 1,
	// quantiles near 3 ± 1.96·2.
	rng := rand.New(rand.NewPCG(9, 10))
	draws := make([]*mat.Dense, 4)
	for c := range draws {
		draws[c] = mat.NewDense(2000, 1, nil)
		for i := 0; i < 2000; i++ {
			draws[c].Set(i, 0, 3+2*rng.NormFloat64())
		}
	}
	s := Summarize(draws, []string{"theta"})[0]
	if math.Abs(s.Mean-3) > 4*s.MCSE || math.Abs(s.SD-2) > 4*s.MCSESD {
		t.Errorf("mean %v ± %v, sd %v ± %v: want 3 and 2", s.Mean, s.MCSE, s.SD, s.MCSESD)
	}
	if math.Abs(s.MCSE-2/math.Sqrt(8000)) > 0.003 {
		t.Errorf("MCSE %v, want about 2/sqrt(8000) = %v", s.MCSE, 2/math.Sqrt(8000))
	}
	if s.BulkESS < 7000 || s.BulkESS > 9000 || s.TailESS < 6500 || s.TailESS > 9500 {
		t.Errorf("bulk ESS %v, tail ESS %v: want about 8000", s.BulkESS, s.TailESS)
	}
	if s.Rhat > 1.005 {
		t.Errorf("R-hat %v for independent draws", s.Rhat)
	}
	if math.Abs(s.Q025-(3-1.96*2)) > 0.15 || math.Abs(s.Q50-3) > 0.1 || math.Abs(s.Q975-(3+1.96*2)) > 0.15 {
		t.Errorf("quantiles %v %v %v", s.Q025, s.Q50, s.Q975)
	}
	sum := Summarize(draws, []string{"theta"})
	if !strings.Contains(sum.String(), "theta") || !strings.HasPrefix(sum.Markdown(), "| param |") ||
		!strings.Contains(sum.Markdown(), "|\n| :--- | ---: |") {
		t.Errorf("tables:\n%s\n%s", sum.String(), sum.Markdown())
	}
}
