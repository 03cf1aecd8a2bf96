package bayes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmat"

	"gmmbook/gmm"
	"gmmbook/gmm/mcmc"
)

// NWPrior is the Normal-Wishart prior of the unknown-covariance model:
//
//	π ~ Dirichlet(α),  Λ_k ~ Wishart(W0, ν0),  μ_k | Λ_k ~ N(m0, (β0 Λ_k)⁻¹),  Σ_k = Λ_k⁻¹.
//
// Zero fields take the defaults: α = 1, m0 = 0, β0 = 0.01, ν0 = D + 2 and
// W0 = I/ν0 (so E[Λ_k] = I). The prior of μ_k is scaled by Σ_k, so a large β0
// with a mean far from m0 inflates Σ_k: its posterior scale gains
// β0 n_k/(β0 + n_k) (x̄_k − m0)(x̄_k − m0)ᵀ. A small β0 keeps that term negligible.
type NWPrior struct {
	Alpha   []float64
	MeanLoc []float64     // m0
	Beta0   float64       // β0 > 0
	Nu0     float64       // ν0 > D − 1
	Scale   mat.Symmetric // W0, positive definite
}

type nwPrior struct {
	alpha   []float64
	m0      []float64
	beta0   float64
	nu0     float64
	w0Inv   *mat.SymDense
	kRows   int
	dataDim int
}

func (p *NWPrior) resolve(k, d int) (*nwPrior, error) {
	var in NWPrior
	if p != nil {
		in = *p
	}
	out := &nwPrior{alpha: make([]float64, k), m0: make([]float64, d), beta0: in.Beta0, nu0: in.Nu0, kRows: k, dataDim: d}
	for i := range out.alpha {
		out.alpha[i] = 1
	}
	if in.Alpha != nil {
		if len(in.Alpha) != k {
			return nil, fmt.Errorf("bayes: %d Dirichlet concentrations for %d components", len(in.Alpha), k)
		}
		for i, a := range in.Alpha {
			if !(a > 0) || math.IsInf(a, 0) {
				return nil, fmt.Errorf("bayes: Dirichlet concentration %d is %v, want positive and finite", i, a)
			}
		}
		copy(out.alpha, in.Alpha)
	}
	if in.MeanLoc != nil {
		if len(in.MeanLoc) != d {
			return nil, fmt.Errorf("bayes: prior mean of length %d, want %d", len(in.MeanLoc), d)
		}
		copy(out.m0, in.MeanLoc)
	}
	if out.beta0 == 0 {
		out.beta0 = 0.01
	}
	if out.nu0 == 0 {
		out.nu0 = float64(d) + 2
	}
	if !(out.beta0 > 0) || math.IsInf(out.beta0, 0) || !(out.nu0 > float64(d)-1) || math.IsInf(out.nu0, 0) {
		return nil, fmt.Errorf("bayes: β0 = %v, ν0 = %v: want β0 > 0 and ν0 > D − 1 = %d", out.beta0, out.nu0, d-1)
	}
	w0 := in.Scale
	if w0 == nil {
		s := identity(d)
		s.ScaleSym(1/out.nu0, s)
		w0 = s
	}
	chol, err := factorize(w0, d, "Wishart scale W0")
	if err != nil {
		return nil, err
	}
	out.w0Inv = mat.NewSymDense(d, nil)
	if err := chol.InverseTo(out.w0Inv); err != nil {
		return nil, fmt.Errorf("bayes: Wishart scale W0: %w", err)
	}
	return out, nil
}

// GibbsNormalWishart samples the posterior of the mixture with unknown means
// and covariances under the Normal-Wishart prior, alternating
//
//	z_i | π, μ, Σ ~ Cat(∝ π_k N(x_i | μ_k, Σ_k)),   π | z ~ Dirichlet(α + n),
//	Λ_k | z ~ Wishart(W_k, ν0 + n_k),   μ_k | Λ_k, z ~ N(m_k, ((β0 + n_k) Λ_k)⁻¹),
//
// with x̄_k and S_k the mean and scatter of the points labelled k,
// m_k = (β0 m0 + n_k x̄_k)/(β0 + n_k) and
// W_k⁻¹ = W0⁻¹ + S_k + β0 n_k/(β0 + n_k) (x̄_k − m0)(x̄_k − m0)ᵀ.
// Chains start from their initial means with equal weights and Σ_k = I, and
// first draw z. The draws hold π, μ and the lower triangle of Σ_k; the result
// is the sampler's, as Model.Gibbs returns it.
func GibbsNormalWishart(x mat.Matrix, k int, prior *NWPrior, s *GibbsSettings) (*Posterior, *mcmc.Result, error) {
	if err := gmm.CheckData(x); err != nil {
		return nil, nil, fmt.Errorf("bayes: %w", err)
	}
	n, d := x.Dims()
	if k < 1 || n < k {
		return nil, nil, fmt.Errorf("bayes: %d components for %d data points: want 1 ≤ K ≤ N", k, n)
	}
	pr, err := prior.resolve(k, d)
	if err != nil {
		return nil, nil, err
	}
	cfg, err := s.withDefaults(n, k, d)
	if err != nil {
		return nil, nil, err
	}
	data := mat.DenseCopyOf(x)
	p := &Posterior{K: k, D: d, Covariances: true}
	res, err := runGibbsChains(p, &cfg, data, func(init [][]float64) gibbsStep {
		return newNWGibbs(data, pr, init, cfg.Labels)
	})
	if err != nil {
		return nil, nil, err
	}
	return p, res, nil
}

// nwGibbs is the state of the Normal-Wishart Gibbs sampler.
type nwGibbs struct {
	x       *mat.Dense
	pr      *nwPrior
	fixed   bool
	z       []int
	weights []float64
	means   [][]float64
	lams    []mat.Cholesky // Cholesky factors of Λ_k
	sigmas  []*mat.SymDense
	comps   []component
	lp      []float64
}

func newNWGibbs(x *mat.Dense, pr *nwPrior, init [][]float64, labels []int) *nwGibbs {
	n, d := x.Dims()
	k := pr.kRows
	g := &nwGibbs{x: x, pr: pr, z: make([]int, n), weights: make([]float64, k), means: make([][]float64, k),
		lams: make([]mat.Cholesky, k), sigmas: make([]*mat.SymDense, k), comps: make([]component, k), lp: make([]float64, k)}
	for c := range g.means {
		g.means[c] = append([]float64(nil), init[c]...)
		g.weights[c] = 1 / float64(k)
		g.lams[c].Factorize(identity(d))
		g.sigmas[c] = identity(d)
	}
	if labels != nil {
		g.fixed = true
		copy(g.z, labels)
	}
	return g
}

func (g *nwGibbs) step(rng *rand.Rand) error {
	k := g.pr.kRows
	if !g.fixed {
		for c := range g.comps {
			g.comps[c].mean = g.means[c]
			g.comps[c].setPrecision(&g.lams[c], math.Log(g.weights[c]))
		}
		sampleLabels(g.z, g.x, precisionTerms(g.comps), rng, g.lp)
	}
	counts, sums := groupStats(g.x, g.z, k)
	alpha := make([]float64, k)
	for c := range alpha {
		alpha[c] = g.pr.alpha[c] + counts[c]
	}
	sampleDirichlet(g.weights, alpha, rng)
	for c := 0; c < k; c++ {
		if err := g.sampleComponent(c, counts[c], sums[c], rng); err != nil {
			return fmt.Errorf("component %d: %w", c, err)
		}
	}
	return nil
}

// conditional returns the Normal-Wishart posterior of (μ_k, Λ_k) given the
// labels: the mean m_k, β0 + n_k, ν0 + n_k and the Wishart scale W_k, for the
// n_k points labelled k whose sum is sum.
func (pr *nwPrior) conditional(x *mat.Dense, z []int, k int, n float64, sum []float64) (mean []float64, beta, nu float64, scale *mat.SymDense, err error) {
	d := len(sum)
	beta = pr.beta0 + n
	nu = pr.nu0 + n
	xbar := make([]float64, d)
	mean = make([]float64, d)
	for j := range sum {
		if n > 0 {
			xbar[j] = sum[j] / n
		}
		mean[j] = (pr.beta0*pr.m0[j] + sum[j]) / beta
	}
	inv := mat.NewSymDense(d, nil)
	inv.CopySym(pr.w0Inv)
	diff := make([]float64, d)
	for i, c := range z {
		if c != k {
			continue
		}
		for j, v := range x.RawRowView(i) {
			diff[j] = v - xbar[j]
		}
		inv.SymRankOne(inv, 1, mat.NewVecDense(d, diff))
	}
	for j := range diff {
		diff[j] = xbar[j] - pr.m0[j]
	}
	inv.SymRankOne(inv, pr.beta0*n/beta, mat.NewVecDense(d, diff))
	var chol mat.Cholesky
	if !chol.Factorize(inv) {
		return nil, 0, 0, nil, errors.New("Wishart scale not positive definite")
	}
	scale = mat.NewSymDense(d, nil)
	if err := chol.InverseTo(scale); err != nil {
		return nil, 0, 0, nil, err
	}
	return mean, beta, nu, scale, nil
}

func (g *nwGibbs) sampleComponent(c int, n float64, sum []float64, rng *rand.Rand) error {
	mean, beta, nu, scale, err := g.pr.conditional(g.x, g.z, c, n, sum)
	if err != nil {
		return err
	}
	w, ok := distmat.NewWishart(scale, nu, rng)
	if !ok {
		return errors.New("Wishart scale not positive definite")
	}
	w.RandCholTo(&g.lams[c])
	// μ ~ N(m, (β Λ)⁻¹): the precision βΛ has the Cholesky factor √β U.
	d := len(mean)
	var u mat.TriDense
	g.lams[c].UTo(&u)
	eps := mat.NewVecDense(d, nil)
	for j := 0; j < d; j++ {
		eps.SetVec(j, rng.NormFloat64()/math.Sqrt(beta))
	}
	noise := mat.NewVecDense(d, nil)
	if err := noise.SolveVec(&u, eps); err != nil {
		return err
	}
	for j := range mean {
		g.means[c][j] = mean[j] + noise.AtVec(j)
	}
	return g.lams[c].InverseTo(g.sigmas[c])
}

func (g *nwGibbs) write(row []float64) {
	k := g.pr.kRows
	d := g.pr.dataDim
	copy(row, g.weights)
	for c, mu := range g.means {
		copy(row[k+c*d:], mu)
	}
	off := k + k*d
	for c, sigma := range g.sigmas {
		packTriangle(row[off+c*triangle(d):], sigma)
	}
}
