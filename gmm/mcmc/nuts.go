package mcmc

import (
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"time"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
	"gmmbook/gmm/internal/parallel"
)

// NoWarmup, as Settings.Warmup, runs no warm-up: the initial step size and
// inverse metric are used as given.
const NoWarmup = -1

// maxDeltaH is the energy error above which a trajectory is divergent (Stan's).
const maxDeltaH = 1000

// Settings configures NUTS. Zero fields take the documented defaults.
type Settings struct {
	Chains       int     // number of chains; default 4
	Warmup       int     // warm-up iterations per chain; default 1000; NoWarmup for none
	Draws        int     // kept draws per chain; default 1000
	MaxTreeDepth int     // trajectories stop at 2^MaxTreeDepth leapfrog steps; default 10
	TargetAccept float64 // dual averaging's target acceptance statistic; default 0.8

	// StepSize is the initial step size (default 1); with NoWarmup it is used as is.
	StepSize float64
	// InvMetric is the initial diagonal inverse metric (default all ones, len d).
	InvMetric []float64

	// Inits holds one starting point per chain. When nil, each chain starts at a
	// point drawn uniformly from (−InitRadius, InitRadius)^d, as Stan does,
	// redrawn (up to 100 times) until the log density and gradient are finite.
	Inits      [][]float64
	InitRadius float64 // default 2

	// Src seeds the chains: chain c gets its own PCG source, seeded by two
	// values drawn in order from Src before any chain starts, so the draws do
	// not depend on scheduling. Nil means rand.NewPCG(1, 1).
	Src rand.Source
	// Workers is how many chains run at once; default GOMAXPROCS.
	Workers int
}

// Chain holds one chain's kept draws and the sampler's statistics per draw.
// Samplers other than NUTS (bayes' Gibbs samplers) fill Draws and the times
// and leave the NUTS statistics nil or zero.
type Chain struct {
	Draws      *mat.Dense // Draws × d, one row per kept draw
	LogDensity []float64  // log p of each draw (Stan's lp__)
	AcceptStat []float64  // mean Metropolis acceptance over the trajectory
	TreeDepth  []int      // doublings of the trajectory
	Leapfrogs  []int      // leapfrog steps (gradient evaluations)
	Divergent  []bool     // energy error above 1000 or non-finite
	Energy     []float64  // Hamiltonian at the draw

	StepSize          float64       // adapted step size
	InvMetric         []float64     // adapted diagonal inverse metric
	WarmupDivergences int           // divergent transitions during warm-up
	WarmupTime        time.Duration // this chain's warm-up time
	SampleTime        time.Duration // this chain's sampling time
}

// Result holds the chains of a sampler run. WarmupTime and SampleTime sum the
// chains' times (the CPU time spent when chains run in parallel); WallTime is
// the elapsed time of the whole run.
type Result struct {
	Chains   []*Chain
	WallTime time.Duration // elapsed time of the whole run, all chains
}

// NUTS draws from target with the No-U-Turn Sampler as Stan implements it
// (Hoffman and Gelman 2014; Betancourt 2017): multinomial sampling of the
// trajectory, the generalised no-U-turn criterion checked across merged
// subtrees, a diagonal Euclidean metric, step size by dual averaging and metric
// by windowed adaptation during warm-up. Chains run in parallel, each with its
// own source and starting point. It returns an error for invalid settings or if
// no finite starting point is found.
func NUTS(target Target, s *Settings) (*Result, error) {
	start := time.Now()
	cfg, err := withDefaults(target, s)
	if err != nil {
		return nil, err
	}
	seeds := make([][2]uint64, cfg.Chains)
	for c := range seeds {
		seeds[c] = [2]uint64{cfg.Src.Uint64(), cfg.Src.Uint64()}
	}
	res := &Result{Chains: make([]*Chain, cfg.Chains)}
	errs := make([]error, cfg.Chains)
	parallel.For(cfg.Chains, cfg.Workers, func(c, _ int) {
		rng := rand.New(rand.NewPCG(seeds[c][0], seeds[c][1]))
		res.Chains[c], errs[c] = runChain(target, &cfg, c, rng)
	})
	for c, e := range errs {
		if e != nil {
			return nil, fmt.Errorf("mcmc: chain %d: %w", c, e)
		}
	}
	res.WallTime = time.Since(start)
	return res, nil
}

func withDefaults(target Target, s *Settings) (Settings, error) {
	var cfg Settings
	if s != nil {
		cfg = *s
	}
	d := target.Dim()
	if d < 1 {
		return cfg, fmt.Errorf("mcmc: target dimension %d, want at least 1", d)
	}
	setDefault := func(v *int, def int) {
		if *v == 0 {
			*v = def
		}
	}
	setDefault(&cfg.Chains, DefaultChains)
	setDefault(&cfg.Warmup, DefaultWarmup)
	setDefault(&cfg.Draws, DefaultDraws)
	setDefault(&cfg.MaxTreeDepth, DefaultMaxTreeDepth)
	setDefault(&cfg.Workers, runtime.GOMAXPROCS(0))
	if cfg.Warmup == NoWarmup {
		cfg.Warmup = 0
	}
	if cfg.TargetAccept == 0 {
		cfg.TargetAccept = DefaultTargetAccept
	}
	if cfg.StepSize == 0 {
		cfg.StepSize = 1
	}
	if cfg.InitRadius == 0 {
		cfg.InitRadius = 2
	}
	if cfg.Src == nil {
		cfg.Src = defaults.Source()
	}
	switch {
	case cfg.Chains < 1 || cfg.Draws < 1 || cfg.Warmup < 0 || cfg.Workers < 1:
		return cfg, fmt.Errorf("mcmc: chains %d, draws %d, warm-up %d, workers %d: want positive counts", cfg.Chains, cfg.Draws, cfg.Warmup, cfg.Workers)
	case cfg.MaxTreeDepth < 1 || cfg.MaxTreeDepth > 30:
		return cfg, fmt.Errorf("mcmc: max tree depth %d, want 1 to 30", cfg.MaxTreeDepth)
	case !(cfg.TargetAccept > 0 && cfg.TargetAccept < 1):
		return cfg, fmt.Errorf("mcmc: target acceptance %v, want in (0, 1)", cfg.TargetAccept)
	case !(cfg.StepSize > 0) || math.IsInf(cfg.StepSize, 0):
		return cfg, fmt.Errorf("mcmc: step size %v, want positive and finite", cfg.StepSize)
	case !(cfg.InitRadius > 0) || math.IsInf(cfg.InitRadius, 0):
		return cfg, fmt.Errorf("mcmc: init radius %v, want positive and finite", cfg.InitRadius)
	}
	if cfg.InvMetric == nil {
		cfg.InvMetric = make([]float64, d)
		for i := range cfg.InvMetric {
			cfg.InvMetric[i] = 1
		}
	}
	if len(cfg.InvMetric) != d {
		return cfg, fmt.Errorf("mcmc: inverse metric of length %d, want %d", len(cfg.InvMetric), d)
	}
	for i, v := range cfg.InvMetric {
		if !(v > 0) || math.IsInf(v, 0) {
			return cfg, fmt.Errorf("mcmc: inverse metric element %d is %v, want positive and finite", i, v)
		}
	}
	if cfg.Inits != nil {
		if len(cfg.Inits) != cfg.Chains {
			return cfg, fmt.Errorf("mcmc: %d initial points for %d chains", len(cfg.Inits), cfg.Chains)
		}
		for c, x := range cfg.Inits {
			if len(x) != d {
				return cfg, fmt.Errorf("mcmc: initial point %d has length %d, want %d", c, len(x), d)
			}
		}
	}
	return cfg, nil
}

// runChain runs warm-up and sampling for chain c.
func runChain(target Target, cfg *Settings, c int, rng *rand.Rand) (*Chain, error) {
	d := target.Dim()
	smp := newSampler(target, rng, cfg.MaxTreeDepth, cfg.StepSize, cfg.InvMetric)
	if err := smp.initialise(cfg, c); err != nil {
		return nil, err
	}
	ch := &Chain{
		Draws:      mat.NewDense(cfg.Draws, d, nil),
		LogDensity: make([]float64, cfg.Draws),
		AcceptStat: make([]float64, cfg.Draws),
		TreeDepth:  make([]int, cfg.Draws),
		Leapfrogs:  make([]int, cfg.Draws),
		Divergent:  make([]bool, cfg.Draws),
		Energy:     make([]float64, cfg.Draws),
	}
	start := time.Now()
	ch.WarmupDivergences = smp.warmup(cfg.Warmup, cfg.TargetAccept)
	ch.WarmupTime = time.Since(start)
	start = time.Now()
	for i := 0; i < cfg.Draws; i++ {
		t := smp.transition()
		ch.Draws.SetRow(i, smp.cur.q)
		ch.LogDensity[i] = smp.cur.logp
		ch.AcceptStat[i] = t.accept
		ch.TreeDepth[i] = t.depth
		ch.Leapfrogs[i] = t.leapfrogs
		ch.Divergent[i] = t.divergent
		ch.Energy[i] = t.energy
	}
	ch.SampleTime = time.Since(start)
	ch.StepSize = smp.eps
	ch.InvMetric = append([]float64(nil), smp.invM...)
	return ch, nil
}

// Param returns the draws of coordinate j as chains[c][i], the form the
// diagnostics take. It panics if j is out of range.
func (r *Result) Param(j int) [][]float64 {
	out := make([][]float64, len(r.Chains))
	for c, ch := range r.Chains {
		out[c] = mat.Col(nil, j, ch.Draws)
	}
	return out
}

// Divergences returns the number of divergent transitions after warm-up.
func (r *Result) Divergences() int {
	n := 0
	for _, ch := range r.Chains {
		for _, div := range ch.Divergent {
			if div {
				n++
			}
		}
	}
	return n
}

// MeanTreeDepth returns the mean tree depth over all kept draws (NaN if the
// sampler records none).
func (r *Result) MeanTreeDepth() float64 {
	var s, n float64
	for _, ch := range r.Chains {
		for _, t := range ch.TreeDepth {
			s += float64(t)
			n++
		}
	}
	return s / n
}

// MeanAcceptStat returns the mean acceptance statistic over all kept draws
// (NaN if the sampler records none).
func (r *Result) MeanAcceptStat() float64 {
	var s, n float64
	for _, ch := range r.Chains {
		for _, a := range ch.AcceptStat {
			s += a
			n++
		}
	}
	return s / n
}

// MeanStepSize returns the mean over chains of the adapted step size.
func (r *Result) MeanStepSize() float64 {
	var s float64
	for _, ch := range r.Chains {
		s += ch.StepSize
	}
	return s / float64(len(r.Chains))
}

// Leapfrogs returns the total number of leapfrog steps after warm-up.
func (r *Result) Leapfrogs() int {
	n := 0
	for _, ch := range r.Chains {
		for _, l := range ch.Leapfrogs {
			n += l
		}
	}
	return n
}

// SampleTime returns the sampling time (after warm-up) summed over chains.
func (r *Result) SampleTime() time.Duration {
	var t time.Duration
	for _, ch := range r.Chains {
		t += ch.SampleTime
	}
	return t
}

// WarmupTime returns the warm-up time summed over chains.
func (r *Result) WarmupTime() time.Duration {
	var t time.Duration
	for _, ch := range r.Chains {
		t += ch.WarmupTime
	}
	return t
}

// EBFMI returns the energy Bayesian fraction of missing information of each
// chain, Σ(E_i − E_{i−1})² / Σ(E_i − Ē)²; values below 0.3 signal that the
// momentum resampling explores the energy levels poorly (Betancourt 2016).
// A chain without energies (a Gibbs sampler's) gives NaN.
func (r *Result) EBFMI() []float64 {
	out := make([]float64, len(r.Chains))
	for c, ch := range r.Chains {
		e := ch.Energy
		_, v := meanVar(e)
		var num float64
		for i := 1; i < len(e); i++ {
			num += (e[i] - e[i-1]) * (e[i] - e[i-1])
		}
		out[c] = num / (v * float64(len(e)-1))
	}
	return out
}
