package gmmplot

import (
	"math"
	"testing"

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
