package gmmplot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"

	"gmmbook/gmm"
)

// ModelCriterionSeries turns the rows of gmm.SelectModels into one criterion
// series per model, in the order the models first appear, for
// NewCriterionPlot: value(row) (the row's BIC or ICL, say) at each K of ks, the
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
		series[i] = CriterionSeries{Label: m.String(), Values: make([]float64, len(ks))}
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
// lowest is ringed (NewCriterionPlot).
func NewModelBICPlot(title string, rows []gmm.ModelFit) (*plot.Plot, error) {
	series, ks, err := ModelCriterionSeries(rows, func(r gmm.ModelFit) float64 { return r.BIC })
	if err != nil {
		return nil, err
	}
	return NewCriterionPlot(title, "BIC (lower is better)", ks, series)
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
