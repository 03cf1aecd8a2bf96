// Package mcmcplot draws the two standard pictures of MCMC chains with
// gonum/plot: trace plots and rank plots. It is a sub-package so that package
// mcmc's samplers never import gonum/plot.
//
// A rank plot (Vehtari et al. 2021) ranks all draws of one parameter together
// and shows, per chain, the histogram of its draws' ranks: chains that explore
// the same distribution have flat, overlapping histograms; a chain stuck
// elsewhere piles its ranks at one end.
package mcmcplot

import (
	"errors"
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm/gmmplot"
)

// check returns an error unless chains is a non-empty set of non-empty chains
// of finite draws.
func check(chains [][]float64) error {
	if len(chains) == 0 {
		return errors.New("mcmcplot: no chains")
	}
	for c, ch := range chains {
		if len(ch) == 0 {
			return fmt.Errorf("mcmcplot: chain %d is empty", c)
		}
		for i, v := range ch {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("mcmcplot: chain %d draw %d is %v", c, i, v)
			}
		}
	}
	return nil
}

func chainLine(xy plotter.XYs, c int) (*plotter.Line, error) {
	l, err := plotter.NewLine(xy)
	if err != nil {
		return nil, err
	}
	l.LineStyle = draw.LineStyle{Color: gmmplot.Color(c), Width: vg.Points(0.8)}
	return l, nil
}

// Trace returns the trace plot of one parameter: the draws of each chain
// (chains[c][i]) against the iteration, chain c in gmmplot.Color(c) (blue,
// orange, green, red, …), translucent so that the chains drawn last do not
// hide the others (no legend, to keep the data area clear). It returns an
// error for no chains, an empty chain, or NaN and Inf draws.
func Trace(chains [][]float64, title string) (*plot.Plot, error) {
	if err := check(chains); err != nil {
		return nil, err
	}
	p := gmmplot.New(title, "iteration", "")
	for c, ch := range chains {
		xy := make(plotter.XYs, len(ch))
		for i, v := range ch {
			xy[i] = plotter.XY{X: float64(i + 1), Y: v}
		}
		l, err := chainLine(xy, c)
		if err != nil {
			return nil, err
		}
		col := gmmplot.Color(c)
		l.LineStyle.Color = color.NRGBA{R: col.R, G: col.G, B: col.B, A: traceAlpha}
		p.Add(l)
	}
	return p, nil
}

// traceAlpha is the opacity of a trace line: four overlapping chains stay visible.
const traceAlpha = 0x99

// RankCounts returns, for each chain, how many of its draws fall in each of
// bins equal-width bins of the ranks of all draws pooled (ties broken by
// order, so every bin of a well-mixed set expects S/(chains·bins) draws). It
// panics if bins < 1.
func RankCounts(chains [][]float64, bins int) [][]float64 {
	if bins < 1 {
		panic("mcmcplot: bins < 1")
	}
	type draw struct {
		v float64
		c int
	}
	var all []draw
	for c, ch := range chains {
		for _, v := range ch {
			all = append(all, draw{v, c})
		}
	}
	sort.SliceStable(all, func(a, b int) bool { return all[a].v < all[b].v })
	counts := make([][]float64, len(chains))
	for c := range counts {
		counts[c] = make([]float64, bins)
	}
	for r, d := range all {
		b := r * bins / len(all)
		counts[d.c][b]++
	}
	return counts
}

// Rank returns the rank plot of one parameter: for each chain, a step line of
// its rank histogram over bins bins, with the count expected under perfect
// mixing as a dashed grey line. It returns an error as Trace does, or if bins
// is below 1.
func Rank(chains [][]float64, bins int, title string) (*plot.Plot, error) {
	if err := check(chains); err != nil {
		return nil, err
	}
	if bins < 1 {
		return nil, fmt.Errorf("mcmcplot: %d bins, want at least 1", bins)
	}
	counts := RankCounts(chains, bins)
	total := 0
	for _, ch := range chains {
		total += len(ch)
	}
	p := gmmplot.New(title, "rank (all chains pooled)", "draws per bin")
	width := float64(total) / float64(bins)
	for c, cnt := range counts {
		var xy plotter.XYs
		for b, n := range cnt {
			xy = append(xy, plotter.XY{X: float64(b) * width, Y: n}, plotter.XY{X: float64(b+1) * width, Y: n})
		}
		l, err := chainLine(xy, c)
		if err != nil {
			return nil, err
		}
		l.LineStyle.Width = vg.Points(1.2)
		p.Add(l)
	}
	expected := float64(total) / float64(bins*len(chains))
	ref, err := plotter.NewLine(plotter.XYs{{X: 0, Y: expected}, {X: float64(total), Y: expected}})
	if err != nil {
		return nil, err
	}
	ref.LineStyle = draw.LineStyle{Color: gmmplot.Color(7), Width: vg.Points(1), Dashes: gmmplot.Dashed}
	p.Add(ref)
	p.Y.Min = 0
	return p, nil
}
