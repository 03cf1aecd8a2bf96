package gmmplot

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/plot"

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
