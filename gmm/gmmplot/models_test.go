package gmmplot

import (
	"fmt"
	"image/color"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/recorder"

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

// TestModelStylesAreMclusts: the fourteen models have fourteen distinct
// colours and fourteen distinct symbols (so distinct (colour, glyph, dash)
// styles), mclust's: bicPlotSymbols of mclust 6.0.0 (R/options.R) and its
// bicPlotColors, as R 4.2 with Debian's r-cran-mclust 6.0.0 prints them
// (testdata/mclust_bic_palette.R).
func TestModelStylesAreMclusts(t *testing.T) {
	want := map[gmm.Model]struct {
		color string
		pch   pch
	}{
		gmm.EII: {"#BEBEBE", 17}, gmm.VII: {"#000000", 2}, gmm.EEI: {"#218B21", 16}, gmm.EVI: {"#41884F", 10},
		gmm.VEI: {"#508476", 13}, gmm.VVI: {"#58819C", 1}, gmm.EEE: {"#597DC3", 15}, gmm.EVE: {"#716EE7", 5},
		gmm.VEE: {"#5178EA", 8}, gmm.VVE: {"#9B60B8", 9}, gmm.EEV: {"#B2508B", 12}, gmm.VEV: {"#C03F60", 7},
		gmm.EVV: {"#C82A36", 14}, gmm.VVV: {"#CC0000", 0},
	}
	colors, glyphs, styles := map[string]bool{}, map[pch]bool{}, map[string]bool{}
	for _, m := range gmm.Models() {
		st := ModelStyle(m)
		r, g, b, _ := st.Color.RGBA()
		hex := fmt.Sprintf("#%02X%02X%02X", r>>8, g>>8, b>>8)
		glyph, ok := st.Glyph.(pch)
		if !ok || hex != want[m].color || glyph != want[m].pch {
			t.Errorf("%v: colour %s, glyph %v; want mclust's %s and pch %d", m, hex, st.Glyph, want[m].color, want[m].pch)
		}
		key := fmt.Sprint(hex, glyph, st.Dashes)
		if colors[hex] || glyphs[glyph] || styles[key] {
			t.Errorf("%v: colour %s or symbol %d already used", m, hex, glyph)
		}
		colors[hex], glyphs[glyph], styles[key] = true, true, true
	}
	if st := ModelStyle(0); st.Color != nil || st.Glyph != nil || st.Dashes != nil {
		t.Errorf("zero model: style %+v, want the zero style", st)
	}
}

// TestModelBICPlotShowsEveryModel draws the BIC plot of all fourteen models:
// each has a legend entry and is drawn in its own colour, and every symbol
// draws.
func TestModelBICPlotShowsEveryModel(t *testing.T) {
	var rows []gmm.ModelFit
	for i, m := range gmm.Models() {
		for k := 1; k <= 3; k++ {
			rows = append(rows, gmm.ModelFit{Model: m, K: k, BIC: float64(100 + i - k)})
		}
	}
	p, err := NewModelBICPlot("BIC", rows)
	if err != nil {
		t.Fatal(err)
	}
	rec := &recorder.Canvas{}
	p.Draw(draw.Canvas{Canvas: rec, Rectangle: vg.Rectangle{Max: vg.Point{X: 600, Y: 400}}})
	texts, colors := map[string]bool{}, map[color.Color]bool{}
	for _, a := range rec.Actions {
		switch a := a.(type) {
		case *recorder.FillString:
			texts[a.String] = true
		case *recorder.SetColor:
			colors[a.Color] = true
		}
	}
	for _, m := range gmm.Models() {
		if !texts[m.String()] {
			t.Errorf("no legend entry %s", m)
		}
		if !colors[ModelStyle(m).Color] {
			t.Errorf("%s: its colour is never used", m)
		}
	}
	if !texts["lowest: EII, K = 3"] {
		t.Errorf("no legend entry for the lowest BIC")
	}
	if _, err := PNG(&Figure{Plot: p}, 6*vg.Inch, 4*vg.Inch); err != nil {
		t.Fatal(err)
	}
}
