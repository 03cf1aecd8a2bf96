package bayes

import (
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
	"gmmbook/gmm/mcmc"
)

// Init chooses where the NUTS chains of Model.NUTS start.
type Init int

const (
	// InitDispersed starts every chain with equal weights and its means at K
	// data points picked by k-means++ seeding (DispersedMeans) from the
	// chain's own random stream.
	InitDispersed Init = iota
	// InitUniform draws every coordinate of θ uniformly from (−2, 2), as Stan
	// and Pyro do by default; the means then start near the origin.
	InitUniform
)

// NUTS samples the model's posterior with mcmc.NUTS and returns the draws as a
// Posterior (weights and means, not yet relabelled) and the sampler's result
// (unconstrained draws, statistics and times), as the Gibbs samplers do. s may be nil for mcmc's defaults; if
// s.Inits is set it wins over init. The random stream is s.Src (nil: a fixed
// rand.NewPCG(1, 1), as mcmc's); starting points are drawn from it first.
func (m *Model) NUTS(s *mcmc.Settings, init Init) (*Posterior, *mcmc.Result, error) {
	var cfg mcmc.Settings
	if s != nil {
		cfg = *s
	}
	if cfg.Src == nil {
		cfg.Src = defaults.Source()
	}
	if cfg.Chains == 0 {
		cfg.Chains = mcmc.DefaultChains
	}
	if cfg.Inits == nil && init == InitDispersed && cfg.Chains > 0 && m.n >= m.k {
		rng := rand.New(cfg.Src)
		equal := make([]float64, m.k)
		for i := range equal {
			equal[i] = 1 / float64(m.k)
		}
		for c := 0; c < cfg.Chains; c++ {
			theta, err := m.Unconstrain(equal, DispersedMeans(m.x, m.k, rng))
			if err != nil {
				return nil, nil, err
			}
			cfg.Inits = append(cfg.Inits, theta)
		}
	}
	res, err := mcmc.NUTS(m, &cfg)
	if err != nil {
		return nil, nil, err
	}
	return m.posterior(res), res, nil
}

// posterior converts NUTS draws of θ into weights and means.
func (m *Model) posterior(res *mcmc.Result) *Posterior {
	p := &Posterior{K: m.k, D: m.d, Fixed: m.covs}
	for _, ch := range res.Chains {
		r, _ := ch.Draws.Dims()
		d := mat.NewDense(r, p.Width(), nil)
		for i := 0; i < r; i++ {
			w, mu := m.Constrain(ch.Draws.RawRowView(i))
			row := d.RawRowView(i)
			copy(row, w)
			for k := range mu {
				copy(row[p.meanCol(k, 0):], mu[k])
			}
		}
		p.Draws = append(p.Draws, d)
	}
	return p
}
