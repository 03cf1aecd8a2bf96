package gmmplot

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

func TestModelCriterionSeries(t *testing.T) {
	rows := []gmm.ModelFit{
		{Model: gmm.VEV, K: 2, BIC: 10},
		{Model: gmm.VEV, K: 1, BIC: 12},
		{Model: gmm.EII, K: 3, BIC: 7},
		{Model: gmm.EII, K: 1, BIC: 15},
	}
	series, ks, err := ModelCriterionSeries(rows, func(r gmm.ModelFit) float64 { return r.BIC })
	if err != nil {
		t.Fatal(err)
	}
	if len(ks) != 3 || ks[0] != 1 || ks[1] != 2 || ks[2] != 3 {
		t.Fatalf("ks %v, want [1 2 3]", ks)
	}
	if len(series) != 2 || series[0].Label != "VEV" || series[1].Label != "EII" {
		t.Fatalf("series %+v, want VEV then EII", series)
	}
	want := [][]float64{{12, 10, math.NaN()}, {15, math.NaN(), 7}}
	for i, s := range series {
		for j, v := range s.Values {
			w := want[i][j]
			if v != w && !(math.IsNaN(v) && math.IsNaN(w)) {
				t.Errorf("series %s K=%d: %v, want %v", s.Label, ks[j], v, w)
			}
		}
	}
	if _, err := NewModelBICPlot("BIC", rows); err != nil {
		t.Error(err)
	}
	if _, _, err := ModelCriterionSeries(nil, nil); err == nil {
		t.Error("no error for no rows")
	}
}

// TestModelShapeCovariances checks that each model's illustrative covariances
// obey the model: its M-step, given the scatter matrices n Σ_k of equal sizes n,
// returns them unchanged (the maximum-likelihood covariances of data whose
// component covariances already have the model's structure).
func TestModelShapeCovariances(t *testing.T) {
	for _, m := range gmm.Models() {
		covs, err := ModelShapeCovariances(m)
		if err != nil {
			t.Fatal(err)
		}
		const n = 50
		nk := make([]float64, len(covs))
		scatter := make([]*mat.SymDense, len(covs))
		dst := make([]*mat.SymDense, len(covs))
		for k, c := range covs {
			nk[k] = n
			scatter[k] = mat.NewSymDense(2, nil)
			scatter[k].ScaleSym(n, c)
			dst[k] = mat.NewSymDense(2, nil)
		}
		if err := m.CovariancesTo(dst, scatter, nk); err != nil {
			t.Fatalf("%v: %v", m, err)
		}
		for k := range covs {
			if !mat.EqualApprox(dst[k], covs[k], 1e-8) {
				t.Errorf("%v component %d: M-step gives %v, want %v", m, k, mat.Formatted(dst[k]), mat.Formatted(covs[k]))
			}
		}
	}
	plots, err := NewModelShapePlots()
	if err != nil || len(plots) != 14 {
		t.Fatalf("%d panels, error %v: want 14", len(plots), err)
	}
}
