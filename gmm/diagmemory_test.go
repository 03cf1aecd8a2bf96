package gmm

import (
	"io"
	"math/rand/v2"
	"runtime"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// TestDiagonalMemoryLinearInD checks that Diagonal and Spherical mixtures never
// make a D×D matrix unless asked: with D = 2000 a fit, its log-densities, an
// E-step and M-step by Stats, and the JSON (written, whose covariances are D×D
// text) each allocate at most half of one D×D matrix of float64 (32 MB): the
// sweep's tiles of 128 rows take 3·128·D float64s (6 MB). Before
// the mixture kept its covariances and their Cholesky factors as D×D matrices
// and the M-step built D×D scatters: about 100·D² bytes for one fit.
func TestDiagonalMemoryLinearInD(t *testing.T) {
	const n, d = 30, 2000
	rng := rand.New(rand.NewPCG(5, 6))
	x := mat.NewDense(n, d, nil)
	x.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, x)
	limit := uint64(8*d*d) / 2 // half of one D×D matrix of float64
	for _, ct := range []CovarianceType{Diagonal, Spherical} {
		var m *Mixture
		steps := []struct {
			name string
			f    func() error
		}{
			{"Fit", func() error {
				res, err := Fit(x, nil, 2, &Settings{Covariance: ct, Init: InitKMeansPlusPlus, Restarts: 1, Src: rand.NewPCG(1, 2), Workers: 1})
				if err == nil {
					m = res.Mixture
				}
				return err
			}},
			{"LogProb", func() error { m.LogProb(x.RawRowView(0)); return nil }},
			{"Stats", func() error {
				s := NewStats(m, ct)
				s.Workers = 1
				if err := s.Add(x, nil); err != nil {
					return err
				}
				_, err := s.MStep(0)
				return err
			}},
			{"Save", func() error { return m.Save(io.Discard) }},
		}
		for _, s := range steps {
			var err error
			got := allocatedBytes(func() { err = s.f() })
			if err != nil {
				t.Fatalf("%v %s: %v", ct, s.name, err)
			}
			t.Logf("%v %s: %d bytes allocated", ct, s.name, got)
			if got > limit {
				t.Errorf("%v %s allocated %d bytes with D = %d, want at most %d (D²/2 float64s)", ct, s.name, got, d, limit)
			}
		}
	}
}

// allocatedBytes returns the bytes that the heap allocated while f ran.
func allocatedBytes(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}
