package gmm

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"
)

// WithSource returns a copy of m whose Rand draws from src. The parameters are
// shared, not copied.
func (m *Mixture) WithSource(src rand.Source) *Mixture {
	c := *m
	c.rnd = rand.New(src)
	return &c
}

// Rand draws one point by the latent-variable route (s ~ Cat(π), then
// x ~ N(μ_s, Σ_s)) into x, allocating it if nil, and returns it. It panics unless
// the mixture was given a source with WithSource, if len(x) is not D, or on the
// zero Mixture.
func (m *Mixture) Rand(x []float64) []float64 {
	m.mustBeMade("Rand")
	if m.rnd == nil {
		panic("gmm: Rand needs a source: use WithSource")
	}
	if x == nil {
		x = make([]float64, m.dim)
	}
	m.checkPoint(x)
	m.drawFrom(m.drawComponent(m.rnd), x, m.rnd)
	return x
}

func (m *Mixture) drawComponent(rnd *rand.Rand) int {
	u := rnd.Float64()
	for k, w := range m.weights {
		if u < w {
			return k
		}
		u -= w
	}
	// Rounding left u just above the last weight: take the last positive one.
	for k := len(m.weights) - 1; k > 0; k-- {
		if m.weights[k] > 0 {
			return k
		}
	}
	return 0
}

// drawFrom stores a draw x = μ_k + L_k z, z ~ N(0, I), in x.
func (m *Mixture) drawFrom(k int, x []float64, rnd *rand.Rand) {
	d, l := m.dim, m.lower
	z := make([]float64, d)
	for j := range z {
		z[j] = rnd.NormFloat64()
	}
	if sd := m.factors[k].Diagonal(); sd != nil {
		for r, s := range sd {
			x[r] = m.means[k][r] + s*z[r]
		}
		return
	}
	for r := 0; r < d; r++ {
		v := m.means[k][r]
		for s := 0; s <= r; s++ {
			v += l[k][r*d+s] * z[s]
		}
		x[r] = v
	}
}

// Sample draws n points by the latent-variable route: for each point a component
// s ~ Cat(π), then x ~ N(μ_s, Σ_s). It returns the n×D points and their components.
// Consecutive calls with the same src continue its stream. It panics if n is
// negative, if src is nil, or on the zero Mixture.
func (m *Mixture) Sample(n int, src rand.Source) (*mat.Dense, []int) {
	m.mustBeMade("Sample")
	if n < 0 {
		panic("gmm: negative sample size")
	}
	mustHaveSource(src, "Sample")
	rnd := rand.New(src)
	cat := distuv.NewCategorical(m.weights, rnd)
	labels := make([]int, n)
	for i := range labels {
		labels[i] = int(cat.Rand())
	}
	return m.sampleLabels(labels, rnd), labels
}

// SampleCounts draws exactly counts[k] points from component k, as articles B and D
// make their data, and returns them in random order with their components.
// It returns an error if len(counts) is not K or a count is negative, and panics
// if src is nil.
func (m *Mixture) SampleCounts(counts []int, src rand.Source) (*mat.Dense, []int, error) {
	mustHaveSource(src, "SampleCounts")
	if len(counts) != m.K() {
		return nil, nil, errorf(ErrBadShape, "%d counts for %d components", len(counts), m.K())
	}
	var labels []int
	for k, c := range counts {
		if c < 0 {
			return nil, nil, componentError(k, ErrBadArgument, "negative count %d", c)
		}
		for j := 0; j < c; j++ {
			labels = append(labels, k)
		}
	}
	rnd := rand.New(src)
	rnd.Shuffle(len(labels), func(i, j int) { labels[i], labels[j] = labels[j], labels[i] })
	return m.sampleLabels(labels, rnd), labels, nil
}

func (m *Mixture) sampleLabels(labels []int, rnd *rand.Rand) *mat.Dense {
	if len(labels) == 0 {
		return &mat.Dense{}
	}
	x := mat.NewDense(len(labels), m.dim, nil)
	for i, k := range labels {
		m.drawFrom(k, x.RawRowView(i), rnd)
	}
	return x
}

// Moments returns the mixture's exact mean Σ_k π_k μ_k and covariance
// Σ_k π_k (Σ_k + μ_k μ_kᵀ) − mean meanᵀ. It panics on the zero Mixture.
func (m *Mixture) Moments() (mean []float64, cov *mat.SymDense) {
	m.mustBeMade("Moments")
	d := m.dim
	mean = make([]float64, d)
	for k, w := range m.weights {
		for j := range mean {
			mean[j] += w * m.means[k][j]
		}
	}
	cov = mat.NewSymDense(d, nil)
	for k, w := range m.weights {
		mu, ck := m.means[k], m.covariance(k)
		for r := 0; r < d; r++ {
			for s := r; s < d; s++ {
				cov.SetSym(r, s, cov.At(r, s)+w*(ck.At(r, s)+(mu[r]-mean[r])*(mu[s]-mean[s])))
			}
		}
	}
	return mean, cov
}

// mustBeMade panics if m is the zero Mixture, which has no components: method
// names the caller.
func (m *Mixture) mustBeMade(method string) {
	if len(m.weights) == 0 {
		panic("gmm: " + method + " of the zero Mixture: make one with New, NewTyped or Load")
	}
}

// mustHaveSource panics if src is nil: method names the caller.
func mustHaveSource(src rand.Source, method string) {
	if src == nil {
		panic("gmm: " + method + " needs a rand.Source, got nil")
	}
}
