package bayes

import (
	"errors"
	"fmt"
	"math"

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
}

// ErrLabelSwitching is returned, wrapped, by the posterior means and summaries
// of draws that were not relabelled and whose labellings disagree (see
// Posterior.Switched): averaging π_k or μ_k over draws in which k names
// different components mixes the components up.
var ErrLabelSwitching = errors.New("bayes: labels switched between draws and no relabelling was applied")

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

// WeightName returns the name of π_k in summaries: "pi[k+1]" (names are
// 1-based, as Stan's; k is 0-based).
func WeightName(k int) string { return fmt.Sprintf("pi[%d]", k+1) }

// MeanName returns the name of coordinate j of μ_k in summaries: "mu[k+1,j+1]".
func MeanName(k, j int) string { return fmt.Sprintf("mu[%d,%d]", k+1, j+1) }

// CovarianceName returns the name of entry (r, c), r ≥ c, of Σ_k in summaries:
// "Sigma[k+1,r+1,c+1]". Only the lower triangle is drawn; for r < c ask for
// (c, r).
func CovarianceName(k, r, c int) string { return fmt.Sprintf("Sigma[%d,%d,%d]", k+1, r+1, c+1) }

// Names returns the parameter names of the columns, in order: WeightName(k),
// then MeanName(k, j), then, with covariances, CovarianceName(k, r, c) for
// the lower triangle row by row. Look a parameter up in a summary by its
// name (mcmc.Summary.Param), not by its column.
func (p *Posterior) Names() []string {
	var names []string
	for k := range p.K {
		names = append(names, WeightName(k))
	}
	for k := range p.K {
		for j := range p.D {
			names = append(names, MeanName(k, j))
		}
	}
	if p.Covariances {
		for k := range p.K {
			for r := range p.D {
				for c := 0; c <= r; c++ {
					names = append(names, CovarianceName(k, r, c))
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

// Switched returns the number of draws whose labelling disagrees with that of
// the first draw of the first chain: every draw's component means are matched
// to that draw's means by the Hungarian assignment that minimises the summed
// squared distances (as RelabelToMeans does), and a draw counts if the best
// match is not the identity. Zero means all draws share one labelling, as far
// as their means tell; chains that settled on different labellings, or a
// chain that swapped two components, give a positive count. It returns 0 if
// there are no draws.
func (p *Posterior) Switched() int {
	if p.NumDraws() == 0 {
		return 0
	}
	row := p.Draws[0].RawRowView(0)
	ref := make([][]float64, p.K)
	for k := range ref {
		ref[k] = row[p.meanCol(k, 0) : p.meanCol(k, 0)+p.D]
	}
	return p.RelabelToMeans(ref).Relabelled
}

// checkLabels returns ErrLabelSwitching, wrapped with the count, if the draws
// were not relabelled and Switched finds draws whose labelling disagrees.
func (p *Posterior) checkLabels() error {
	if p.Relabelling != "" {
		return nil
	}
	if n := p.Switched(); n > 0 {
		return fmt.Errorf("%w (%d of %d draws; use RelabelByMean or RelabelToMeans)", ErrLabelSwitching, n, p.NumDraws())
	}
	return nil
}

// Summary returns mcmc's summary table of every column, the rows named by
// Names. It returns ErrLabelSwitching (wrapped) if the draws were not
// relabelled and their labellings disagree (Switched): the rows would then
// mix components. mcmc.Summarize(p.Draws, p.Names()) gives the table of such
// draws as they are, for diagnostics.
func (p *Posterior) Summary() (mcmc.Summary, error) {
	if err := p.checkLabels(); err != nil {
		return nil, err
	}
	return mcmc.Summarize(p.Draws, p.Names()), nil
}

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
// (the known ones for the fixed-covariance model). It panics if c or i is out
// of range.
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
// by column. They are meaningful only once the draws share one labelling: it
// returns ErrLabelSwitching (wrapped) if the draws were not relabelled and
// their labellings disagree (Switched), and an error if there are no draws.
func (p *Posterior) Mean() (weights []float64, means [][]float64, err error) {
	if p.NumDraws() == 0 {
		return nil, nil, fmt.Errorf("bayes: no draws")
	}
	if err := p.checkLabels(); err != nil {
		return nil, nil, err
	}
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
	return weights, means, nil
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
