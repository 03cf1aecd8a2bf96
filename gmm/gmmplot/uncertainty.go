package gmmplot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Uncertainty returns the classification uncertainty of every row of the n×K
// responsibilities resp (as from Mixture.ResponsibilitiesTo),
//
//	u_i = 1 − max_k γ_ik,
//
// mclust's uncertainty: 0 for a point sure of its component, up to 1 − 1/K for
// one shared equally. It returns an error unless resp has rows of finite
// non-negative values summing to 1 (within 1e-6).
func Uncertainty(resp mat.Matrix) ([]float64, error) {
	if resp == nil {
		return nil, fmt.Errorf("gmmplot: nil responsibilities")
	}
	n, k := resp.Dims()
	if n == 0 || k == 0 {
		return nil, fmt.Errorf("gmmplot: %d×%d responsibilities, want at least one of each", n, k)
	}
	if err := checkResponsibilityRows(resp); err != nil {
		return nil, err
	}
	u := make([]float64, n)
	for i := range u {
		top := 0.0
		for j := 0; j < k; j++ {
			top = math.Max(top, resp.At(i, j))
		}
		u[i] = 1 - top
	}
	return u, nil
}

// quantile7 returns the p-quantile of v by linear interpolation between order
// statistics, R's quantile(type = 7) and numpy's default: with v sorted and
// h = (n − 1)p, v[⌊h⌋] + (h − ⌊h⌋)(v[⌊h⌋+1] − v[⌊h⌋]).
func quantile7(sorted []float64, p float64) float64 {
	h := float64(len(sorted)-1) * p
	lo := int(math.Floor(h))
	if lo+1 >= len(sorted) {
		return sorted[len(sorted)-1]
	}
	return sorted[lo] + (h-float64(lo))*(sorted[lo+1]-sorted[lo])
}

// UncertaintyGroups splits the points with uncertainties u as mclust's
// uncertainty plot does, at the 0.75 and 0.95 quantiles q75 and q95 of u (R's
// type 7): groups[0] holds the indices of the points with u ≤ q75, groups[1]
// those with q75 < u ≤ q95 and groups[2] the most uncertain, u > q95, each in
// increasing order. Panics if u is empty.
func UncertaintyGroups(u []float64) (groups [3][]int, q75, q95 float64) {
	sorted := slices.Clone(u)
	slices.Sort(sorted)
	q75, q95 = quantile7(sorted, 0.75), quantile7(sorted, 0.95)
	for i, v := range u {
		switch {
		case v <= q75:
			groups[0] = append(groups[0], i)
		case v <= q95:
			groups[1] = append(groups[1], i)
		default:
			groups[2] = append(groups[2], i)
		}
	}
	return groups, q75, q95
}

// AddUncertainty adds the n×2 points x to p as mclust's uncertainty plot does:
// the points with uncertainty 1 − max_k γ_ik (from the n×K responsibilities
// resp) at most its 0.75 quantile as small light grey dots, those up to the
// 0.95 quantile as medium grey dots, and the 5 % most uncertain as large black
// dots, with one legend entry per group giving its range. It returns the
// uncertainties, and an error unless x is n×2 and finite and resp valid (see
// Uncertainty). UncertaintyGroups gives the groups.
func AddUncertainty(p *plot.Plot, x, resp mat.Matrix) ([]float64, error) {
	n, err := checkPoints(x)
	if err != nil {
		return nil, err
	}
	if resp != nil {
		if r, _ := resp.Dims(); r != n {
			return nil, fmt.Errorf("gmmplot: responsibilities have %d rows for %d points", r, n)
		}
	}
	u, err := Uncertainty(resp)
	if err != nil {
		return nil, err
	}
	groups, q75, q95 := UncertaintyGroups(u)
	styles := [3]draw.GlyphStyle{
		{Color: color.Gray{Y: 191}, Radius: vg.Length(1.5), Shape: draw.CircleGlyph{}},
		{Color: color.Gray{Y: 128}, Radius: vg.Length(2.5), Shape: draw.CircleGlyph{}},
		{Color: color.Black, Radius: vg.Length(3.5), Shape: draw.CircleGlyph{}},
	}
	labels := [3]string{
		fmt.Sprintf("u ≤ %.2g (75 %% of points)", q75),
		fmt.Sprintf("%.2g < u ≤ %.2g", q75, q95),
		fmt.Sprintf("u > %.2g (most uncertain 5 %%)", q95),
	}
	for g, rows := range groups {
		if len(rows) == 0 {
			continue
		}
		s, err := plotter.NewScatter(rowsXY(x, rows))
		if err != nil {
			return nil, fmt.Errorf("gmmplot: %w", err)
		}
		s.GlyphStyle = styles[g]
		p.Add(s)
		p.Legend.Add(labels[g], s)
	}
	return u, nil
}
