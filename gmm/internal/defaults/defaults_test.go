package defaults

import (
	"math/rand/v2"
	"testing"
)

// TestSource: the default source is rand.NewPCG(1, 1), in its initial state
// at every call (the documented default of gmm, bayes and mcmc).
func TestSource(t *testing.T) {
	a, b, want := Source(), Source(), rand.NewPCG(1, 1)
	for i := 0; i < 4; i++ {
		w := want.Uint64()
		if x, y := a.Uint64(), b.Uint64(); x != w || y != w {
			t.Fatalf("draw %d: %d and %d, want %d", i, x, y, w)
		}
	}
}
