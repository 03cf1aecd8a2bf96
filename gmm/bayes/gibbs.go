package bayes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"gmmbook/gmm/internal/gauss"
	"gmmbook/gmm/mcmc"
)

// GibbsSettings configures the Gibbs samplers. Zero fields take the defaults.
type GibbsSettings struct {
	Chains int // default mcmc.DefaultChains
	Warmup int // burn-in iterations per chain, discarded; default mcmc.DefaultWarmup; mcmc.NoWarmup for none
	Draws  int // kept draws per chain; default mcmc.DefaultDraws

	// InitMeans holds each chain's starting means (K vectors of length D per
	// chain). Nil: k-means++ seeding from the chain's stream (DispersedMeans).
	InitMeans [][][]float64
	// Labels, when not nil, holds z fixed at these labels (0-based, one per
	// data point): the sampler then draws from p(π, μ, Σ | z, X), whose closed
	// form Conditional gives — a check of the conjugate updates.
	Labels []int

	Src     rand.Source // seeds the chains as mcmc.Settings.Src; nil: rand.NewPCG(1, 1)
	Workers int         // chains run at once; default GOMAXPROCS
}

func (s *GibbsSettings) withDefaults(n, k, d int) (GibbsSettings, error) {
	var cfg GibbsSettings
	if s != nil {
		cfg = *s
	}
	if cfg.Chains == 0 {
		cfg.Chains = mcmc.DefaultChains
	}
	switch cfg.Warmup {
	case 0:
		cfg.Warmup = mcmc.DefaultWarmup
	case mcmc.NoWarmup:
		cfg.Warmup = 0
	}
	if cfg.Draws == 0 {
		cfg.Draws = mcmc.DefaultDraws
	}
	if cfg.Chains < 1 || cfg.Draws < 1 || cfg.Warmup < 0 {
		return cfg, fmt.Errorf("bayes: chains %d, draws %d, warm-up %d: want positive counts", cfg.Chains, cfg.Draws, cfg.Warmup)
	}
	if cfg.InitMeans != nil {
		if len(cfg.InitMeans) != cfg.Chains {
			return cfg, fmt.Errorf("bayes: initial means for %d chains, want %d", len(cfg.InitMeans), cfg.Chains)
		}
		for c, means := range cfg.InitMeans {
			if len(means) != k {
				return cfg, fmt.Errorf("bayes: chain %d: %d initial means, want %d", c, len(means), k)
			}
			for j, mu := range means {
				if len(mu) != d {
					return cfg, fmt.Errorf("bayes: chain %d: initial mean %d has length %d, want %d", c, j, len(mu), d)
				}
			}
		}
	}
	if cfg.Labels != nil {
		if len(cfg.Labels) != n {
			return cfg, fmt.Errorf("bayes: %d labels for %d data points", len(cfg.Labels), n)
		}
		for i, z := range cfg.Labels {
			if z < 0 || z >= k {
				return cfg, fmt.Errorf("bayes: label %d is %d, want 0 to %d", i, z, k-1)
			}
		}
	}
	return cfg, nil
}

// component is a Gaussian in precision form for the label step:
// log π_k + log N(x | μ, Λ⁻¹) = logNorm − ½ |U (x − μ)|² with Λ = UᵀU.
type component struct {
	mean    []float64
	u       []float64 // D×D upper triangular, row-major
	logNorm float64   // log π_k + ½ log|Λ| − (D/2) log 2π
}

// setPrecision stores U and ½ log|Λ| − (D/2) log 2π for the Cholesky factor of Λ.
func (c *component) setPrecision(chol *mat.Cholesky, logWeight float64) {
	var u mat.TriDense
	chol.UTo(&u)
	d, _ := u.Dims()
	if len(c.u) != d*d {
		c.u = make([]float64, d*d)
	}
	for r := 0; r < d; r++ {
		for col := r; col < d; col++ {
			c.u[r*d+col] = u.At(r, col)
		}
	}
	c.logNorm = logWeight + 0.5*chol.LogDet() - 0.5*float64(d)*math.Log(2*math.Pi)
}

// precisionTerms returns the label step's log terms for components in precision
// form.
func precisionTerms(comps []component) func(lp, x []float64) {
	return func(lp, x []float64) {
		for k := range comps {
			lp[k] = comps[k].logProb(x)
		}
	}
}

func (c *component) logProb(x []float64) float64 {
	d := len(x)
	var q float64
	for r := 0; r < d; r++ {
		var s float64
		for col := r; col < d; col++ {
			s += c.u[r*d+col] * (x[col] - c.mean[col])
		}
		q += s * s
	}
	return c.logNorm - 0.5*q
}

// lazyLogRatio is the log-ratio below which a component's weight is only
// bounded, not computed, when drawing a label (see sampleLabels).
const lazyLogRatio = -20

// sampleLabels draws z_i ∝ π_k N(x_i | μ_k, Σ_k) for every row of x. With b the
// most probable component and u ~ U(0, 1), z_i = b exactly when u·s < 1, where
// s = Σ_k exp(lp_k − lp_b). When every other lp_k − lp_b is below −20, s is at
// most 1 + (K−1)e⁻²⁰, so u < 1/(1 + (K−1)e⁻²⁰) already decides z_i = b without
// computing any exponential; otherwise s is computed. The draw is exact either
// way, and most points of well-separated clusters take the cheap path.
// logTerms stores in lp[k] log π_k + log N(x | μ_k, Σ_k), up to a constant common
// to every k, finite for at least one k when x is finite.
func sampleLabels(z []int, x *mat.Dense, logTerms func(lp, x []float64), rng *rand.Rand, lp []float64) {
	bound := 1 / (1 + float64(len(lp)-1)*math.Exp(lazyLogRatio))
	for i := range z {
		xi := x.RawRowView(i)
		logTerms(lp, xi)
		best, mx := 0, math.Inf(-1)
		for k, v := range lp {
			if v > mx {
				best, mx = k, v
			}
		}
		u := rng.Float64()
		if u < bound && othersBelow(lp, best, mx+lazyLogRatio) {
			z[i] = best
			continue
		}
		s := 0.0
		for k := range lp {
			lp[k] = math.Exp(lp[k] - mx)
			s += lp[k]
		}
		z[i] = pickFirst(lp, best, u*s)
	}
}

// othersBelow reports whether every lp[k], k ≠ best, is below limit.
func othersBelow(lp []float64, best int, limit float64) bool {
	for k, v := range lp {
		if k != best && !(v < limit) {
			return false
		}
	}
	return true
}

// pickFirst returns the index where the cumulative sum of w, taken in the
// order best, then the others, first exceeds v.
func pickFirst(w []float64, best int, v float64) int {
	if v < w[best] {
		return best
	}
	v -= w[best]
	last := best
	for k, p := range w {
		if k == best {
			continue
		}
		if v < p {
			return k
		}
		v -= p
		last = k
	}
	return last // v reached the total by rounding
}

// sampleDirichlet draws π ~ Dirichlet(alpha) into dst through Gamma draws.
func sampleDirichlet(dst, alpha []float64, rng *rand.Rand) {
	var s float64
	for k, a := range alpha {
		dst[k] = distuv.Gamma{Alpha: a, Beta: 1, Src: rng}.Rand()
		s += dst[k]
	}
	for k := range dst {
		dst[k] /= s
	}
}

// groupStats returns the counts n_k and the sums Σ_{z_i = k} x_i.
func groupStats(x *mat.Dense, z []int, k int) (counts []float64, sums [][]float64) {
	_, d := x.Dims()
	counts = make([]float64, k)
	sums = make([][]float64, k)
	for c := range sums {
		sums[c] = make([]float64, d)
	}
	for i, c := range z {
		counts[c]++
		for j, v := range x.RawRowView(i) {
			sums[c][j] += v
		}
	}
	return counts, sums
}

// Gibbs samples the model's posterior by data augmentation, alternating the
// conjugate conditionals
//
//	z_i | π, μ ~ Cat(∝ π_k N(x_i | μ_k, Σ_k)),
//	π | z ~ Dirichlet(α + n),
//	μ_k | z ~ N(m_k, V_k),  V_k = (S0⁻¹ + n_k Σ_k⁻¹)⁻¹,  m_k = V_k (S0⁻¹ m0 + Σ_k⁻¹ Σ_{z_i=k} x_i).
//
// Each chain starts from its initial means with equal weights and first draws z.
// It returns the draws (not relabelled) and the sampler's result, as
// Model.NUTS does: in each mcmc.Chain, Draws (the same matrix as the
// Posterior's) and the times; Gibbs has no NUTS statistics.
func (m *Model) Gibbs(s *GibbsSettings) (*Posterior, *mcmc.Result, error) {
	cfg, err := s.withDefaults(m.n, m.k, m.d)
	if err != nil {
		return nil, nil, err
	}
	p := &Posterior{K: m.k, D: m.d, Fixed: m.covs}
	res, err := runGibbsChains(p, &cfg, m.x, func(init [][]float64) gibbsStep {
		return newKnownGibbs(m, init, cfg.Labels)
	})
	if err != nil {
		return nil, nil, err
	}
	return p, res, nil
}

// runGibbsChains runs cfg.Chains chains of the sampler that start makes, in
// parallel, each from cfg.InitMeans or dispersed means drawn from x by its own
// source, stores their draws in p and returns them with their times as an
// mcmc.Result.
func runGibbsChains(p *Posterior, cfg *GibbsSettings, x *mat.Dense, start func(init [][]float64) gibbsStep) (*mcmc.Result, error) {
	begin := time.Now()
	p.Draws = make([]*mat.Dense, cfg.Chains)
	times := make([][2]time.Duration, cfg.Chains)
	rngs := chainSources(cfg.Src, cfg.Chains)
	err := runParallel(rngs, cfg.Workers, func(c int, rng *rand.Rand) error {
		var init [][]float64
		if cfg.InitMeans != nil {
			init = cfg.InitMeans[c]
		} else {
			init = DispersedMeans(x, p.K, rng)
		}
		draws, tw, ts, err := runGibbs(start(init), cfg.Warmup, cfg.Draws, p.Width(), rng)
		p.Draws[c], times[c] = draws, [2]time.Duration{tw, ts}
		return err
	})
	if err != nil {
		return nil, err
	}
	res := &mcmc.Result{Chains: make([]*mcmc.Chain, cfg.Chains), WallTime: time.Since(begin)}
	for c, t := range times {
		res.Chains[c] = &mcmc.Chain{Draws: p.Draws[c], WarmupTime: t[0], SampleTime: t[1]}
	}
	return res, nil
}

// gibbsStep is one sampler's state: step advances it, write stores it as a row.
type gibbsStep interface {
	step(rng *rand.Rand) error
	write(row []float64)
}

func runGibbs(g gibbsStep, warmup, draws, width int, rng *rand.Rand) (*mat.Dense, time.Duration, time.Duration, error) {
	start := time.Now()
	for i := 0; i < warmup; i++ {
		if err := g.step(rng); err != nil {
			return nil, 0, 0, err
		}
	}
	tw := time.Since(start)
	start = time.Now()
	out := mat.NewDense(draws, width, nil)
	for i := 0; i < draws; i++ {
		if err := g.step(rng); err != nil {
			return nil, 0, 0, err
		}
		g.write(out.RawRowView(i))
	}
	return out, tw, time.Since(start), nil
}

// knownGibbs is the state of the known-covariance Gibbs sampler. The label
// step evaluates the densities with the model's factors of Σ_k (the kernel of
// gmm/internal/gauss), and the factor of μ_k's conditional precision
// S0⁻¹ + n Σ_k⁻¹ is cached by the count n.
type knownGibbs struct {
	m       *Model
	fixed   bool
	z       []int
	weights []float64
	means   [][]float64
	comps   gauss.Components // log π_k, the means and the factors of Σ_k
	zbuf    []float64
	lp      []float64
	alpha   []float64
	counts  []float64
	sums    [][]float64
	b, eps  []float64
	upper   []map[int][]float64 // upper[k][n]: U with UᵀU = S0⁻¹ + n Σ_k⁻¹, row-major
	priorB  []float64           // S0⁻¹ m0
}

func newKnownGibbs(m *Model, init [][]float64, labels []int) *knownGibbs {
	g := &knownGibbs{m: m, z: make([]int, m.n), weights: make([]float64, m.k),
		means: make([][]float64, m.k), zbuf: make([]float64, m.d),
		lp: make([]float64, m.k), alpha: make([]float64, m.k), counts: make([]float64, m.k),
		sums: make([][]float64, m.k), b: make([]float64, m.d), eps: make([]float64, m.d),
		upper: make([]map[int][]float64, m.k), priorB: make([]float64, m.d)}
	mulSym(g.priorB, m.priorPrec, m.m0)
	for k := range g.means {
		g.means[k] = append([]float64(nil), init[k]...)
		g.weights[k] = 1 / float64(m.k)
		g.sums[k] = make([]float64, m.d)
		g.upper[k] = make(map[int][]float64)
	}
	g.comps = gauss.Components{LogWeights: make([]float64, m.k), Means: g.means, Factors: m.factors}
	if labels != nil {
		g.fixed = true
		copy(g.z, labels)
	}
	return g
}

func (g *knownGibbs) step(rng *rand.Rand) error {
	m := g.m
	if !g.fixed {
		for k, w := range g.weights {
			g.comps.LogWeights[k] = math.Log(w)
		}
		sampleLabels(g.z, m.x, func(lp, x []float64) { g.comps.RelativeLogTerms(lp, x, g.zbuf) }, rng, g.lp)
	}
	g.groupStats()
	for k := range g.alpha {
		g.alpha[k] = m.alpha[k] + g.counts[k]
	}
	sampleDirichlet(g.weights, g.alpha, rng)
	for k := range g.means {
		u, err := g.conditionalFactor(k, int(g.counts[k]))
		if err != nil {
			return err
		}
		// b = S0⁻¹ m0 + Σ_k⁻¹ Σ_{z_i=k} x_i; μ_k = Λ⁻¹ b + U⁻¹ ε with Λ = UᵀU.
		mulSym(g.b, m.prec[k], g.sums[k])
		for j := range g.b {
			g.b[j] += g.priorB[j]
			g.eps[j] = rng.NormFloat64()
		}
		solveUpperT(u, g.b)
		for j := range g.b {
			g.b[j] += g.eps[j]
		}
		solveUpper(u, g.b)
		copy(g.means[k], g.b)
	}
	return nil
}

// groupStats sets the counts n_k and sums Σ_{z_i=k} x_i of the current labels.
func (g *knownGibbs) groupStats() {
	for k := range g.counts {
		g.counts[k] = 0
		for j := range g.sums[k] {
			g.sums[k][j] = 0
		}
	}
	for i, k := range g.z {
		g.counts[k]++
		for j, v := range g.m.x.RawRowView(i) {
			g.sums[k][j] += v
		}
	}
}

// conditionalFactor returns U (row-major, upper) with UᵀU = S0⁻¹ + n Σ_k⁻¹.
func (g *knownGibbs) conditionalFactor(k, n int) ([]float64, error) {
	if u, ok := g.upper[k][n]; ok {
		return u, nil
	}
	chol, _, err := g.m.meanConditional(k, float64(n), g.sums[k])
	if err != nil {
		return nil, err
	}
	var c component
	c.setPrecision(chol, 0)
	g.upper[k][n] = c.u
	return c.u, nil
}

// solveUpper overwrites x with U⁻¹ x for the row-major upper-triangular U.
func solveUpper(u, x []float64) {
	d := len(x)
	for r := d - 1; r >= 0; r-- {
		v := x[r]
		for c := r + 1; c < d; c++ {
			v -= u[r*d+c] * x[c]
		}
		x[r] = v / u[r*d+r]
	}
}

// solveUpperT overwrites x with U⁻ᵀ x for the row-major upper-triangular U.
func solveUpperT(u, x []float64) {
	d := len(x)
	for r := 0; r < d; r++ {
		v := x[r]
		for c := 0; c < r; c++ {
			v -= u[c*d+r] * x[c]
		}
		x[r] = v / u[r*d+r]
	}
}

// meanConditional returns the Cholesky factor of the precision
// Λ = S0⁻¹ + n Σ_k⁻¹ of μ_k | z and b = S0⁻¹ m0 + Σ_k⁻¹ sum, so that the mean
// is Λ⁻¹ b.
func (m *Model) meanConditional(k int, n float64, sum []float64) (*mat.Cholesky, []float64, error) {
	lam := mat.NewSymDense(m.d, nil)
	lam.AddSym(m.priorPrec, scaledSym(m.prec[k], n))
	var chol mat.Cholesky
	if !chol.Factorize(lam) {
		return nil, nil, errors.New("posterior precision of a mean not positive definite")
	}
	b := make([]float64, m.d)
	tmp := make([]float64, m.d)
	mulSym(b, m.priorPrec, m.m0)
	mulSym(tmp, m.prec[k], sum)
	for j := range b {
		b[j] += tmp[j]
	}
	return &chol, b, nil
}

func scaledSym(a *mat.SymDense, f float64) *mat.SymDense {
	s := mat.NewSymDense(a.SymmetricDim(), nil)
	s.ScaleSym(f, a)
	return s
}

func (g *knownGibbs) write(row []float64) {
	copy(row, g.weights)
	for k, mu := range g.means {
		copy(row[g.m.k+k*g.m.d:], mu)
	}
}
