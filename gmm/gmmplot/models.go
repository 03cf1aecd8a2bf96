package gmmplot

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"gmmbook/gmm"
)

// ModelCriterionSeries turns the rows of gmm.SelectModels into one criterion
// series per model, in the order the models first appear, each in its
// ModelStyle, for NewCriterionPlot: value(row) (the row's BIC or ICL, say) at
// each K of ks, the
// increasing list of the rows' K; a model without a row at some K gets NaN
// there. It returns an error if rows is empty.
func ModelCriterionSeries(rows []gmm.ModelFit, value func(gmm.ModelFit) float64) ([]CriterionSeries, []int, error) {
	if len(rows) == 0 {
		return nil, nil, fmt.Errorf("gmmplot: no model rows")
	}
	kSet := map[int]bool{}
	var order []gmm.Model
	seen := map[gmm.Model]bool{}
	for _, r := range rows {
		kSet[r.K] = true
		if !seen[r.Model] {
			seen[r.Model] = true
			order = append(order, r.Model)
		}
	}
	var ks []int
	for k := range kSet {
		ks = append(ks, k)
	}
	slices.Sort(ks)
	pos := map[int]int{}
	for j, k := range ks {
		pos[k] = j
	}
	index := map[gmm.Model]int{}
	series := make([]CriterionSeries, len(order))
	for i, m := range order {
		index[m] = i
		series[i] = CriterionSeries{Label: m.String(), Values: make([]float64, len(ks)), Style: ModelStyle(m)}
		for j := range series[i].Values {
			series[i].Values[j] = math.NaN()
		}
	}
	for _, r := range rows {
		series[index[r.Model]].Values[pos[r.K]] = value(r)
	}
	return series, ks, nil
}

// NewModelBICPlot plots the BIC of every model of gmm.SelectModels' rows against
// K, mclust's BIC plot with the sign of this library: lower is better, and the
// lowest is ringed (NewCriterionPlot). Each model has mclust's colour and
// symbol (ModelStyle), and a legend entry.
func NewModelBICPlot(title string, rows []gmm.ModelFit) (*plot.Plot, error) {
	series, ks, err := ModelCriterionSeries(rows, func(r gmm.ModelFit) float64 { return r.BIC })
	if err != nil {
		return nil, err
	}
	return NewCriterionPlot(title, "BIC (lower is better)", ks, series)
}

// mclust's default colours and symbols of the BIC plot, mclust.options
// ("bicPlotColors") and ("bicPlotSymbols") in mclust 6.0.0, as printed by
// testdata/mclust_bic_palette.R: grey and black for EII and VII, then R's
// colorRampPalette(c("forestgreen", "royalblue1", "red3"), space = "Lab")(12)
// for EEI, EVI, VEI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV and VVV in that
// order; the symbols are R's pch numbers.
var modelStyles = map[gmm.Model]struct {
	color color.RGBA
	pch   pch
}{
	gmm.EII: {rgb(0xBEBEBE), 17}, gmm.VII: {rgb(0x000000), 2},
	gmm.EEI: {rgb(0x218B21), 16}, gmm.EVI: {rgb(0x41884F), 10},
	gmm.VEI: {rgb(0x508476), 13}, gmm.VVI: {rgb(0x58819C), 1},
	gmm.EEE: {rgb(0x597DC3), 15}, gmm.EVE: {rgb(0x716EE7), 5},
	gmm.VEE: {rgb(0x5178EA), 8}, gmm.VVE: {rgb(0x9B60B8), 9},
	gmm.EEV: {rgb(0xB2508B), 12}, gmm.VEV: {rgb(0xC03F60), 7},
	gmm.EVV: {rgb(0xC82A36), 14}, gmm.VVV: {rgb(0xCC0000), 0},
}

// rgb returns the opaque colour 0xRRGGBB.
func rgb(hex uint32) color.RGBA {
	return color.RGBA{R: uint8(hex >> 16), G: uint8(hex >> 8), B: uint8(hex), A: 0xff}
}

// ModelStyle returns the style of model m's series in a BIC plot, mclust's
// convention: each of the fourteen models has its own colour and its own
// symbol (mclust's bicPlotColors and bicPlotSymbols: EII a grey filled
// triangle, VII a black open one, then a green-to-blue-to-red ramp from EEI to
// VVV with circles for the diagonal models, squares, diamonds and an asterisk
// for the others), on a solid line as mclust draws them. An unknown model gets
// the zero SeriesStyle (the defaults).
func ModelStyle(m gmm.Model) SeriesStyle {
	st, ok := modelStyles[m]
	if !ok {
		return SeriesStyle{}
	}
	return SeriesStyle{Color: st.color, Glyph: st.pch}
}

// Three illustrative components for the shape panels: their volumes λ_k,
// shapes A_k = diag(a_k, 1/a_k) and orientations (angles of D_k, in radians).
var (
	shapeVolumes = []float64{1, 2.2, 0.5}
	shapeAspects = []float64{3, 1.6, 5}
	shapeAngles  = []float64{0.4, 1.6, 2.6}
)

// ModelShapeCovariances returns three 2-D covariances Σ_k = λ_k D_k A_k D_kᵀ that
// obey model m and differ in every part the model lets vary: a part that is
// Equal takes component 0's value, an Identity shape is A = I and an Identity
// orientation D = I.
func ModelShapeCovariances(m gmm.Model) ([]*mat.SymDense, error) {
	name := m.String()
	if len(name) != 3 {
		return nil, fmt.Errorf("gmmplot: unknown model %v", m)
	}
	covs := make([]*mat.SymDense, len(shapeVolumes))
	for k := range covs {
		pick := func(letter byte, v []float64, identity float64) float64 {
			switch letter {
			case 'E':
				return v[0]
			case 'I':
				return identity
			}
			return v[k]
		}
		lambda := pick(name[0], shapeVolumes, 1)
		a := pick(name[1], shapeAspects, 1)
		angle := pick(name[2], shapeAngles, 0)
		if name[1] == 'I' {
			angle = 0
		}
		c, s := math.Cos(angle), math.Sin(angle)
		d := mat.NewDense(2, 2, []float64{c, -s, s, c})
		var sigma mat.Dense
		sigma.Mul(d, mat.NewDiagDense(2, []float64{lambda * a, lambda / a}))
		sigma.Mul(&sigma, d.T())
		covs[k] = mat.NewSymDense(2, []float64{sigma.At(0, 0), sigma.At(0, 1), sigma.At(0, 1), sigma.At(1, 1)})
	}
	return covs, nil
}

// NewModelShapePlots returns one small panel per model of gmm.Models, titled
// with its name: the one-sigma ellipses of ModelShapeCovariances, side by side,
// each in its component's colour. Tile them with NewFigures to show the
// fourteen shapes as mclust's documentation does.
func NewModelShapePlots() ([]*plot.Plot, error) {
	var plots []*plot.Plot
	for _, m := range gmm.Models() {
		covs, err := ModelShapeCovariances(m)
		if err != nil {
			return nil, err
		}
		p := New(m.String(), "", "")
		p.HideAxes()
		for k, c := range covs {
			xys, err := Ellipse([]float64{4 * float64(k), 0}, c, 1, 120)
			if err != nil {
				return nil, err
			}
			line, err := plotter.NewLine(xys)
			if err != nil {
				return nil, err
			}
			line.LineStyle = LineStyle(k, nil)
			p.Add(line)
		}
		p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -3, 11, -4, 4
		plots = append(plots, p)
	}
	return plots, nil
}
