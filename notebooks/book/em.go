package book

// Notebooks 03a and 03b (article C): the figures and tables both draw from a
// fitted mixture, and the model sweep both run.

import (
	"fmt"
	"image/color"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
	"gmmbook/gmm/gmmplot"
)

// Table returns a Markdown table: the header row, then one row per entry of
// rows. The first column (names) is left-aligned, the others (numbers) are
// right-aligned.
func Table(header []string, rows [][]string) string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(header, " | ") + " |\n|")
	for i := range header {
		if i == 0 {
			b.WriteString(" :--- |")
		} else {
			b.WriteString(" ---: |")
		}
	}
	b.WriteString("\n")
	for _, r := range rows {
		b.WriteString("| " + strings.Join(r, " | ") + " |\n")
	}
	return b.String()
}

// Difference formats a non-negative difference v with two significant digits,
// or as "< limit" below limit, where its digits would only show rounding.
func Difference(v, limit float64) string {
	if v < limit {
		return fmt.Sprintf("< %.0e", limit)
	}
	return fmt.Sprintf("%.2g", v)
}

// Dots returns the rows of the n×2 matrix x as points of one colour and the
// given radius in points.
func Dots(x mat.Matrix, c color.Color, radius float64) (*plotter.Scatter, error) {
	n, _ := x.Dims()
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i].X, xys[i].Y = x.At(i, 0), x.At(i, 1)
	}
	s, err := plotter.NewScatter(xys)
	if err != nil {
		return nil, fmt.Errorf("book: %w", err)
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(radius), Shape: draw.CircleGlyph{}}
	return s, nil
}

// ClusterPlot draws the rows of x shaded by their responsibilities under the
// 2-D mixture m (gmmplot.NewResponsibilityScatter), m's covariance ellipses at
// the given σ levels (solid, dashed, dot-dashed) and its means. Without a
// legend: add ClusterKeys for a single figure, or say what the marks are in
// the caption of tiles.
func ClusterPlot(title string, x mat.Matrix, m *gmm.Mixture, sigmas ...float64) (*plot.Plot, error) {
	scatter, err := gmmplot.NewResponsibilityScatter(x, m.ResponsibilitiesTo(nil, x))
	if err != nil {
		return nil, err
	}
	ellipses, err := gmmplot.NewEllipses(m, sigmas...)
	if err != nil {
		return nil, err
	}
	means, err := gmmplot.NewMeanMarkers(m)
	if err != nil {
		return nil, err
	}
	p := gmmplot.New(title, "x₁", "x₂")
	p.Add(scatter)
	for _, e := range ellipses {
		p.Add(e)
	}
	p.Add(means...)
	return p, nil
}

// ClusterKeys adds the legend of a ClusterPlot of m with these σ levels: one
// entry per component colour (a point of that colour is sure of its component;
// say in the caption that a point between components has a blend of their
// colours), the mean, and one grey line per σ level.
func ClusterKeys(p *plot.Plot, m *gmm.Mixture, sigmas ...float64) {
	for k := range m.K() {
		p.Legend.Add(fmt.Sprintf("points of k = %d", k+1), GlyphKey(gmmplot.Color(k), 3, draw.CircleGlyph{}))
	}
	p.Legend.Add("mean μₖ", MeanKey()...)
	dashes := [][]vg.Length{gmmplot.Solid, gmmplot.Dashed, gmmplot.DotDashed}
	for i, s := range sigmas {
		kind := gmmplot.LineKind{Dashes: dashes[min(i, len(dashes)-1)]}
		p.Legend.Add(fmt.Sprintf("%gσ ellipse", s), gmmplot.LegendLine(kind.Style()))
	}
}

// DensityPlot draws the density of m on a 201 × 201 grid around the rows of x
// (their range widened by 8 % on each side) as filled contours at rounded
// levels, with x on top as white dots, and a legend for both.
func DensityPlot(title string, x mat.Matrix, m *gmm.Mixture) (*plot.Plot, error) {
	var axes [2][]float64
	for j := range axes {
		col := mat.Col(nil, j, x)
		lo, hi := col[0], col[0]
		for _, v := range col {
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
		pad := 0.08 * (hi - lo)
		var err error
		if axes[j], err = gmmplot.Linspace(lo-pad, hi+pad, 201); err != nil {
			return nil, err
		}
	}
	g, err := gmmplot.MixtureGrid(m, axes[0], axes[1])
	if err != nil {
		return nil, err
	}
	levels, err := gmmplot.PrettyLevels(g.Min(), g.Max(), 10)
	if err != nil {
		return nil, err
	}
	f, err := gmmplot.NewFilledContour(g, levels)
	if err != nil {
		return nil, err
	}
	white := color.NRGBA{R: 0xff, G: 0xff, B: 0xff, A: 0xd0}
	dots, err := Dots(x, white, 1.5)
	if err != nil {
		return nil, err
	}
	p := gmmplot.New(title, "x₁", "x₂")
	p.Add(f, dots)
	p.Legend.Add("data (white)", GlyphKey(color.Gray{Y: 0xbb}, 3, draw.CircleGlyph{}))
	f.AddLegend(&p.Legend, "p(x)")
	return p, nil
}

// Criteria fits every covariance type with K = 1, …, kmax to x by gmm.Select
// with the settings s and returns the BIC and AIC series of each type, for
// gmmplot.NewCriterionPlot. A fit for which leaveOut (if not nil) returns true
// is left out: NaN, a gap in its curve. It returns the first error of a fit.
func Criteria(x mat.Matrix, kmax int, s *gmm.Settings, leaveOut func(gmm.Candidate) bool) (
	ks []int, bic, aic []gmmplot.CriterionSeries, err error) {
	for k := 1; k <= kmax; k++ {
		ks = append(ks, k)
	}
	types := gmm.CovarianceTypes()
	cands, err := gmm.Select(x, nil, ks, types, s)
	if err != nil {
		return nil, nil, nil, err
	}
	for _, ct := range types {
		b := gmmplot.CriterionSeries{Label: ct.String()}
		a := gmmplot.CriterionSeries{Label: ct.String()}
		for _, c := range cands {
			if c.Covariance != ct {
				continue
			}
			if c.Err != nil {
				return nil, nil, nil, c.Err
			}
			if leaveOut != nil && leaveOut(c) {
				c.BIC, c.AIC = math.NaN(), math.NaN()
			}
			b.Values, a.Values = append(b.Values, c.BIC), append(a.Values, c.AIC)
		}
		bic, aic = append(bic, b), append(aic, a)
	}
	return ks, bic, aic, nil
}

// CriterionTable returns a Markdown table of a criterion: one row per series,
// one column per K, the lowest value in bold and a value left out (NaN) as "—".
// The rows' header says what the series are (seriesKind): "covariance" when
// every label is a covariance type (Criteria's series), "model" when every
// label is one of mclust's models (gmmplot.ModelCriterionSeries'), and
// "series" otherwise.
func CriterionTable(ks []int, series []gmmplot.CriterionSeries) (string, error) {
	bs, bj, err := gmmplot.LowestCriterion(series)
	if err != nil {
		return "", err
	}
	header := []string{seriesKind(series)}
	for _, k := range ks {
		header = append(header, fmt.Sprintf("K = %d", k))
	}
	var rows [][]string
	for s, c := range series {
		row := []string{c.Label}
		for j, v := range c.Values {
			cell := fmt.Sprintf("%.1f", v)
			switch {
			case math.IsNaN(v):
				cell = "—"
			case s == bs && j == bj:
				cell = "**" + cell + "**"
			}
			row = append(row, cell)
		}
		rows = append(rows, row)
	}
	return Table(header, rows), nil
}

// Pick names the model of the lowest value of a criterion: "full covariances
// with K = 3" for covariance types, "model VEV with K = 3" for mclust's models
// (see seriesKind), "<label> with K = 3" otherwise.
func Pick(ks []int, series []gmmplot.CriterionSeries) (string, error) {
	s, j, err := gmmplot.LowestCriterion(series)
	if err != nil {
		return "", err
	}
	switch seriesKind(series) {
	case "covariance":
		return fmt.Sprintf("%s covariances with K = %d", series[s].Label, ks[j]), nil
	case "model":
		return fmt.Sprintf("model %s with K = %d", series[s].Label, ks[j]), nil
	}
	return fmt.Sprintf("%s with K = %d", series[s].Label, ks[j]), nil
}

// seriesKind says what the series' labels name: "covariance" if each is the
// name of a covariance type (full, diag, spherical, tied), "model" if each is
// the name of one of mclust's fourteen models (EII, …, VVV), else "series".
func seriesKind(series []gmmplot.CriterionSeries) string {
	types, models := true, true
	for _, c := range series {
		_, err := gmm.ParseCovarianceType(c.Label)
		types = types && err == nil && strings.ToLower(c.Label) == c.Label
		m, err := gmm.ParseModel(c.Label)
		models = models && err == nil && m.String() == c.Label
	}
	switch {
	case types:
		return "covariance"
	case models:
		return "model"
	}
	return "series"
}
