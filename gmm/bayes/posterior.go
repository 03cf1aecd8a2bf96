package bayes

import (
	"fmt"
	"math"
	"time"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/mcmc"
)

// Posterior holds draws of a mixture's parameters, one matrix per chain, each
// row a draw laid out as
//
//	π_1 … π_K, μ_1 (D values), …, μ_K, then, when Covariances is true,
//	the lower triangle of Σ_1 row by row (D(D+1)/2 values), …, of Σ_K.
type Posterior struct {
	K, D        int
	Covariances bool         // whether the draws hold Σ_k (unknown-covariance model)
	Draws       []*mat.Dense // one draws × Width() matrix per chain
	// Fixed holds the known covariances when Covariances is false.
	Fixed []*mat.SymDense
	// Relabelling says how the draws were relabelled, "" if they were not.
	Relabelling string
	// Relabelled counts the draws whose components were permuted.
	Relabelled int
	// WarmupTime and SampleTime are the sampler's times summed over chains.
	WarmupTime, SampleTime time.Duration
}

// triangle returns D(D+1)/2.
func triangle(d int) int { return d * (d + 1) / 2 }

// Width returns the number of columns of a draw.
func (p *Posterior) Width() int {
	w := p.K + p.K*p.D
	if p.Covariances {
		w += p.K * triangle(p.D)
	}
	return w
}

func (p *Posterior) meanCol(k, j int) int { return p.K + k*p.D + j }

func (p *Posterior) covCol(k int) int { return p.K + p.K*p.D + k*triangle(p.D) }

// Names returns the parameter names of the columns: "pi[k]", "mu[k,j]" and
// "Sigma[k,r,c]", 1-based as in the notebooks' tables.
func (p *Posterior) Names() []string {
	var names []string
	for k := 1; k <= p.K; k++ {
		names = append(names, fmt.Sprintf("pi[%d]", k))
	}
	for k := 1; k <= p.K; k++ {
		for j := 1; j <= p.D; j++ {
			names = append(names, fmt.Sprintf("mu[%d,%d]", k, j))
		}
	}
	if p.Covariances {
		for k := 1; k <= p.K; k++ {
			for r := 1; r <= p.D; r++ {
				for c := 1; c <= r; c++ {
					names = append(names, fmt.Sprintf("Sigma[%d,%d,%d]", k, r, c))
				}
			}
		}
	}
	return names
}

// Layout returns the columns of each component, for mcmc's relabelling: π_k,
// then μ_k, then Σ_k's lower triangle.
func (p *Posterior) Layout() mcmc.Layout {
	l := make(mcmc.Layout, p.K)
	for k := range l {
		l[k] = append(l[k], k)
		for j := 0; j < p.D; j++ {
			l[k] = append(l[k], p.meanCol(k, j))
		}
		if p.Covariances {
			for t := 0; t < triangle(p.D); t++ {
				l[k] = append(l[k], p.covCol(k)+t)
			}
		}
	}
	return l
}

// Summary returns mcmc's summary table of every column.
func (p *Posterior) Summary() mcmc.Summary { return mcmc.Summarize(p.Draws, p.Names()) }

// NumDraws returns the total number of draws over all chains.
func (p *Posterior) NumDraws() int {
	n := 0
	for _, d := range p.Draws {
		r, _ := d.Dims()
		n += r
	}
	return n
}

// Draw returns draw i of chain c as a weights vector, means and covariances
// (the known ones for the fixed-covariance model).
func (p *Posterior) Draw(c, i int) (weights []float64, means [][]float64, covs []*mat.SymDense) {
	row := p.Draws[c].RawRowView(i)
	weights = append([]float64(nil), row[:p.K]...)
	means = make([][]float64, p.K)
	covs = make([]*mat.SymDense, p.K)
	for k := range means {
		means[k] = append([]float64(nil), row[p.meanCol(k, 0):p.meanCol(k, 0)+p.D]...)
		if p.Covariances {
			covs[k] = unpackTriangle(row[p.covCol(k):p.covCol(k)+triangle(p.D)], p.D)
		} else {
			covs[k] = p.Fixed[k]
		}
	}
	return weights, means, covs
}

// packTriangle writes the lower triangle of s row by row into dst.
func packTriangle(dst []float64, s mat.Symmetric) {
	t := 0
	for r := 0; r < s.SymmetricDim(); r++ {
		for c := 0; c <= r; c++ {
			dst[t] = s.At(r, c)
			t++
		}
	}
}

func unpackTriangle(v []float64, d int) *mat.SymDense {
	s := mat.NewSymDense(d, nil)
	t := 0
	for r := 0; r < d; r++ {
		for c := 0; c <= r; c++ {
			s.SetSym(r, c, v[t])
			t++
		}
	}
	return s
}

// Mean returns the posterior means of the weights and component means, column
// by column. They are meaningful only once the draws share one labelling.
func (p *Posterior) Mean() (weights []float64, means [][]float64) {
	all := make([]float64, p.Width())
	n := 0.0
	for _, d := range p.Draws {
		r, _ := d.Dims()
		for i := 0; i < r; i++ {
			for j, v := range d.RawRowView(i) {
				all[j] += v
			}
			n++
		}
	}
	for j := range all {
		all[j] /= n
	}
	weights = all[:p.K]
	means = make([][]float64, p.K)
	for k := range means {
		means[k] = all[p.meanCol(k, 0) : p.meanCol(k, 0)+p.D]
	}
	return weights, means
}

func (p *Posterior) withDraws(draws []*mat.Dense, how string, changed int) *Posterior {
	q := *p
	q.Draws, q.Relabelling, q.Relabelled = draws, how, changed
	return &q
}

// RelabelByMean returns the posterior with the components of every draw
// ordered by coordinate j of their means (μ_1,j < μ_2,j < …). It panics if j is
// not in [0, D).
func (p *Posterior) RelabelByMean(j int) *Posterior {
	if j < 0 || j >= p.D {
		panic("bayes: relabelling coordinate out of range")
	}
	d, n := mcmc.RelabelByParameter(p.Draws, p.Layout(), 1+j)
	return p.withDraws(d, fmt.Sprintf("components ordered by coordinate %d of the means", j+1), n)
}

// RelabelToMeans returns the posterior with the components of every draw
// matched to the reference means ref (K vectors of length D) by the Hungarian
// assignment that minimises the summed squared distances. It panics if ref has
// the wrong shape.
func (p *Posterior) RelabelToMeans(ref [][]float64) *Posterior {
	params := make([]int, p.D)
	for j := range params {
		params[j] = 1 + j
	}
	d, n := mcmc.RelabelToReference(p.Draws, p.Layout(), params, ref)
	return p.withDraws(d, "components matched to reference means (Hungarian assignment)", n)
}

// Predictive returns the posterior predictive density
//
//	p(x* | X) ≈ (1/S) Σ_s Σ_k π_k^(s) N(x* | μ_k^(s), Σ_k^(s))
//
// as one gmm.Mixture of S·K components, using S of the draws evenly spaced
// over all chains (all of them if maxDraws ≤ 0 or exceeds their number). It
// needs no relabelling: permuting the components leaves it unchanged.
func (p *Posterior) Predictive(maxDraws int) (*gmm.Mixture, error) {
	total := p.NumDraws()
	s := total
	if maxDraws > 0 && maxDraws < total {
		s = maxDraws
	}
	var weights []float64
	var means [][]float64
	var covs []mat.Symmetric
	for t := 0; t < s; t++ {
		c, i := p.locate(int(math.Floor(float64(t) * float64(total) / float64(s))))
		w, mu, sig := p.Draw(c, i)
		for k := range w {
			weights = append(weights, w[k]/float64(s))
			means = append(means, mu[k])
			covs = append(covs, sig[k])
		}
	}
	normalise(weights)
	m, err := gmm.New(weights, means, covs)
	if err != nil {
		return nil, fmt.Errorf("bayes: predictive mixture: %w", err)
	}
	return m, nil
}

// locate maps a global draw index to (chain, row).
func (p *Posterior) locate(g int) (int, int) {
	for c, d := range p.Draws {
		r, _ := d.Dims()
		if g < r {
			return c, g
		}
		g -= r
	}
	panic("bayes: draw index out of range")
}

// normalise rescales w to sum to 1 exactly enough for gmm.New.
func normalise(w []float64) {
	var s float64
	for _, v := range w {
		s += v
	}
	for i := range w {
		w[i] /= s
	}
}
