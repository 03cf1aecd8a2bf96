// Package bayesplot draws figures of the Bayesian mixture's posterior
// (package bayes) with gonum/plot. MCMC's general pictures, trace and rank
// plots of any scalar, are in mcmc/mcmcplot, which knows nothing of the
// mixture; what needs the layout of a bayes.Posterior is here.
package bayesplot

import (
	"fmt"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm/bayes"
	"gmmbook/gmm/gmmplot"
)

// MeanDraws returns a scatter of every posterior draw of the mean μ_k of a
// two-dimensional mixture, all chains in order, as small dots in component
// k's colour (gmmplot.Color(k)): the cloud of draws that shows how well the
// data pin μ_k down. The draws should share one labelling (see
// bayes.Posterior.RelabelByMean). It returns an error if the posterior is not
// two-dimensional, k is outside [0, K) or there are no draws.
func MeanDraws(post *bayes.Posterior, k int) (*plotter.Scatter, error) {
	if post.D != 2 {
		return nil, fmt.Errorf("bayesplot: mean draws need D = 2, have %d", post.D)
	}
	if k < 0 || k >= post.K {
		return nil, fmt.Errorf("bayesplot: component %d outside [0, %d)", k, post.K)
	}
	col := post.K + k*post.D // μ_k,1 in the layout documented on bayes.Posterior
	var xy plotter.XYs
	for _, d := range post.Draws {
		r, _ := d.Dims()
		for i := 0; i < r; i++ {
			row := d.RawRowView(i)
			xy = append(xy, plotter.XY{X: row[col], Y: row[col+1]})
		}
	}
	if len(xy) == 0 {
		return nil, fmt.Errorf("bayesplot: no draws")
	}
	s, err := plotter.NewScatter(xy)
	if err != nil {
		return nil, fmt.Errorf("bayesplot: mean draws: %w", err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: gmmplot.Color(k), Radius: vg.Points(1), Shape: draw.CircleGlyph{}}
	return s, nil
}
