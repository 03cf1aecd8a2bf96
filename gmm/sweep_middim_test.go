package gmm

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
)

// midDimMixture returns a full-covariance mixture of three components in d
// dimensions (random means of scale 2 around offset, random SPD covariances).
func midDimMixture(t *testing.T, d int, offset float64) *Mixture {
	return midDimTyped(t, Full, d, offset)
}

// midDimTyped is midDimMixture for a full or a tied covariance (the first
// component's for all three).
func midDimTyped(t *testing.T, ct CovarianceType, d int, offset float64) *Mixture {
	t.Helper()
	rng := rand.New(rand.NewPCG(uint64(d), 31))
	means := make([][]float64, 3)
	covs := make([]mat.Symmetric, 3)
	for c := range means {
		means[c] = randSlice(rng, d, 2)
		for j := range means[c] {
			means[c][j] += offset
		}
		a := mat.NewDense(d, d, randSlice(rng, d*d, 0.4))
		s := mat.NewSymDense(d, nil)
		s.SymOuterK(1, a)
		for j := 0; j < d; j++ {
			s.SetSym(j, j, s.At(j, j)+0.5)
		}
		covs[c] = s
	}
	if ct == Tied {
		covs = []mat.Symmetric{covs[0], covs[0], covs[0]}
	}
	m, err := NewTyped(ct, []float64{0.5, 0.3, 0.2}, means, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// TestSweepMidDim checks the full sweep in the dimensions where the statistics
// come from momentsSym (6 ≤ D < 24; D = 7 and 10, odd and even) against the
// two-pass computation (twoPass: N_k and the log-likelihood to 1e-12 relative,
// the means to 1e-9 absolute, the scatter matrices to 1e-10 relative or 1e-6
// absolute), with and without weights (one of them 0), at offsets 0 and 1e6 (the
// centred form must lose no digits), and bit for bit for 1, 2 and 3 workers.
func TestSweepMidDim(t *testing.T) {
	const n = 9000 // three chunks
	rnd := rand.New(rand.NewPCG(33, 34))
	for _, d := range []int{7, 10} {
		for _, offset := range []float64{0, 1e6} {
			for _, weighted := range []bool{false, true} {
				name := fmt.Sprintf("d=%d offset=%g weighted=%v", d, offset, weighted)
				m := midDimMixture(t, d, offset)
				x, _ := m.Sample(n, rand.NewPCG(35, 36))
				var w []float64
				if weighted {
					w = make([]float64, n)
					for i := range w {
						w[i] = 2 * rnd.Float64()
					}
					w[17] = 0
				}
				start := midDimMixture(t, d, offset+0.3) // responsibilities mixed
				var ref *suffStats
				for _, workers := range []int{1, 2, 3} {
					st := newSuffStats(3, d, true)
					newSweeper(x, w, 3, true, workers).run(start, nil, st)
					if ref == nil {
						ref = st
					} else if st.logLik != ref.logLik || !equalBits(st.nk, ref.nk) || !equalBits(st.s1, ref.s1) || !equalBits(st.s2, ref.s2) {
						t.Errorf("%s, %d workers: statistics differ from 1 worker's", name, workers)
					}
				}
				ll, nk, means, scatter := twoPass(start, x, w)
				if !scalar.EqualWithinRel(ref.logLik, ll, 1e-12) {
					t.Errorf("%s: log-likelihood %.17g, two-pass %.17g", name, ref.logLik, ll)
				}
				s := statisticsOf(ref, start.means, true)
				for c := 0; c < 3; c++ {
					if !scalar.EqualWithinRel(ref.nk[c], nk[c], 1e-12) {
						t.Errorf("%s: N_%d = %.17g, two-pass %.17g", name, c, ref.nk[c], nk[c])
					}
					for j := 0; j < d; j++ {
						mu := start.means[c][j] + ref.s1[c*d+j]/ref.nk[c]
						if math.Abs(mu-means[c][j]) > 1e-9 {
							t.Errorf("%s: mean %d[%d] = %.17g, two-pass %.17g", name, c, j, mu, means[c][j])
						}
						for q := j; q < d; q++ {
							if got, want := s.Scatters[c].At(j, q), scatter[c].At(j, q); !scalar.EqualWithinAbsOrRel(got, want, 1e-6, 1e-10) {
								t.Errorf("%s: scatter %d (%d,%d) = %.17g, two-pass %.17g", name, c, j, q, got, want)
							}
						}
					}
				}
			}
		}
	}
}

// TestSweepPooledMidDim checks the tied fit's pooled sweep at D = 7 and 10, where
// its scatter with unit weights is scatterSym2AVX's, against the per-component
// sweep (checked against the two-pass computation above): N_k and the
// log-likelihood to 1e-13 and 1e-12 relative (the per-component sweep sums N_k
// in momentsSym, the pooled one by dot), S1 and the sum of the scatter matrices
// to 1e-12, with and without weights, at an offset of 1e6; and the same bits
// for 1, 2 and 3 workers.
func TestSweepPooledMidDim(t *testing.T) {
	const n = 9000
	rnd := rand.New(rand.NewPCG(37, 38))
	for _, d := range []int{7, 10} {
		for _, weighted := range []bool{false, true} {
			m := midDimTyped(t, Tied, d, 1e6)
			x, _ := m.Sample(n, rand.NewPCG(39, 40))
			var w []float64
			if weighted {
				w = make([]float64, n)
				for i := range w {
					w[i] = 2 * rnd.Float64()
				}
				w[17] = 0
			}
			ref := newSuffStats(3, d, true)
			newSweeper(x, w, 3, true, 2).run(m, nil, ref)
			want := pooledScatter(ref, m.means)
			var first *suffStats
			for _, workers := range []int{1, 2, 3} {
				name := fmt.Sprintf("d=%d weighted=%v workers=%d", d, weighted, workers)
				st := newSuffStats(3, d, true)
				sw := newSweeper(x, w, 3, true, workers)
				sw.setPooled()
				sw.run(m, nil, st)
				if !scalar.EqualWithinRel(st.logLik, ref.logLik, 1e-12) {
					t.Errorf("%s: log-likelihood %.17g, per component %.17g", name, st.logLik, ref.logLik)
				}
				for c := range st.nk {
					if !scalar.EqualWithinRel(st.nk[c], ref.nk[c], 1e-13) {
						t.Errorf("%s: N_%d = %.17g, per component %.17g", name, c, st.nk[c], ref.nk[c])
					}
				}
				for i := range st.s1 {
					if !scalar.EqualWithinAbsOrRel(st.s1[i], ref.s1[i], 1e-9, 1e-12) {
						t.Errorf("%s: S1[%d] = %v, want %v", name, i, st.s1[i], ref.s1[i])
					}
				}
				got := pooledScatter(st, m.means)
				for r := 0; r < d; r++ {
					for c := r; c < d; c++ {
						if !scalar.EqualWithinAbsOrRel(got.At(r, c), want.At(r, c), 1e-12*want.At(0, 0), 1e-12) {
							t.Fatalf("%s: pooled scatter (%d,%d) = %.17g, per component %.17g", name, r, c, got.At(r, c), want.At(r, c))
						}
					}
				}
				if first == nil {
					first = st
				} else if !equalBits(st.s2, first.s2) || !equalBits(st.s1, first.s1) || st.logLik != first.logLik {
					t.Errorf("%s: statistics differ from 1 worker's", name)
				}
			}
		}
	}
}
