package book

// Notebook 07 ("Steer EM yourself"): the figures its widgets redraw. Each takes
// the widget's value and returns a plot, so the live notebook and its static
// (headless) rendering draw the same thing.

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
	"gmmbook/gmm/gmmplot"
)

// SteerMaxK is the largest K of the K slider.
const SteerMaxK = 8

// SteerSigmaPositions is the number of positions of the σ² slider:
// SteerSigma2(0) … SteerSigma2(SteerSigmaPositions−1).
const SteerSigmaPositions = 21

// SteerSigma2 returns the σ² at position pos of the σ² slider: 10^(pos/4 − 4),
// from 10⁻⁴ to 10 in steps of a quarter decade (1 at position 16). Panics if
// pos is out of range.
func SteerSigma2(pos int) float64 {
	if pos < 0 || pos >= SteerSigmaPositions {
		panic(fmt.Sprintf("book: σ² slider position %d out of range", pos))
	}
	return math.Pow(10, float64(pos)/4-4)
}

// SteerFaithful returns Old Faithful standardised (each column to mean 0 and
// variance 1), the data set the notebook starts with.
func SteerFaithful() *mat.Dense {
	z, err := gmm.Standardize(datasets.Faithful())
	if err != nil {
		panic(err) // the embedded data are fixed
	}
	return z
}

// SteerNewData draws a new data set of the size of Old Faithful from the
// two-component full-covariance mixture fitted to it (standardised): data set
// number seed. Seed 0 is Old Faithful itself.
func SteerNewData(seed uint64) (*mat.Dense, error) {
	z := SteerFaithful()
	if seed == 0 {
		return z, nil
	}
	r, err := gmm.Fit(z, nil, 2, &gmm.Settings{Init: gmm.InitKMeans, Restarts: 3, Src: rand.NewPCG(1, 1)})
	if err != nil {
		return nil, err
	}
	n, _ := z.Dims()
	x, _ := r.Mixture.Sample(n, rand.NewPCG(seed, 2024))
	return x, nil
}

// SteerKPlot fits a full-covariance mixture of k components to x (best of 3
// k-means starts) and draws the points coloured by label with each
// component's 1σ and 2σ ellipses; the title gives K and the fit's BIC.
func SteerKPlot(x *mat.Dense, k int) (*plot.Plot, error) {
	r, err := gmm.Fit(x, nil, k, &gmm.Settings{Init: gmm.InitKMeans, Restarts: 3,
		Src: rand.NewPCG(1, uint64(k))})
	if err != nil {
		return nil, err
	}
	p := gmmplot.New(fmt.Sprintf("K = %d (full Σ): BIC %.1f", k, r.BIC), "eruption (standardised)", "waiting (standardised)")
	if err := gmmplot.AddLabelScatters(p, x, r.Labels); err != nil {
		return nil, err
	}
	if err := steerAddEllipses(p, r.Mixture); err != nil {
		return nil, err
	}
	return p, nil
}

// steerAddEllipses adds m's 1σ (solid) and 2σ (dashed) ellipses and their legend.
func steerAddEllipses(p *plot.Plot, m *gmm.Mixture) error {
	lines, err := gmmplot.NewEllipses(m, 1, 2)
	if err != nil {
		return err
	}
	for _, l := range lines {
		p.Add(l)
	}
	p.Legend.Add("1σ ellipse", gmmplot.LegendLine(gmmplot.LineKind{Dashes: gmmplot.Solid}.Style()))
	p.Legend.Add("2σ ellipse", gmmplot.LegendLine(gmmplot.LineKind{Dashes: gmmplot.Dashed}.Style()))
	return nil
}

// SteerSigmaK is the number of centres of the σ² view.
const SteerSigmaK = 3

// SteerCentres returns the SteerSigmaK starting centres of the σ² view: rows of
// x chosen by a k-means++ seeding with a fixed seed.
func SteerCentres(x *mat.Dense) (*mat.Dense, error) {
	km, err := gmm.KMeans(x, nil, SteerSigmaK, &gmm.KMeansSettings{MaxIter: 1, Src: rand.NewPCG(4, 4)})
	if err != nil {
		return nil, err
	}
	return km.Centers, nil
}

// SteerSoftKMeans runs EM on x from centres with every weight 1/K and every
// covariance σ²I held fixed (soft k-means), until the total log-likelihood
// changes by less than 1e-9.
func SteerSoftKMeans(x, centres *mat.Dense, sigma2 float64) (*gmm.Result, error) {
	start, err := gmm.NewEqualSpherical(centres, sigma2)
	if err != nil {
		return nil, err
	}
	return gmm.Fit(x, nil, start.K(), &gmm.Settings{Covariance: gmm.Spherical, Init: gmm.InitMixture,
		Start: start, FixWeights: true, FixCovariances: true, Stop: gmm.TotalChange, Tol: 1e-9, MaxIter: 2000})
}

// SteerSigmaPlot draws EM with fixed σ²I from centres (SteerSoftKMeans) against
// Lloyd's k-means from the same centres: the points coloured by their
// responsibilities (a blend where they are shared), EM's means as filled
// circles and Lloyd's centres as crosses; the title gives σ², the share of
// points whose EM label is Lloyd's, and the mean max_k γ_ik (1 when hard).
func SteerSigmaPlot(x, centres *mat.Dense, sigma2 float64) (*plot.Plot, error) {
	r, err := SteerSoftKMeans(x, centres, sigma2)
	if err != nil {
		return nil, err
	}
	km, err := gmm.KMeans(x, nil, centres.RawMatrix().Rows, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		return nil, err
	}
	resp := r.Mixture.ResponsibilitiesTo(nil, x)
	agree, hard := steerAgreement(resp, km.Labels)
	p := gmmplot.New(fmt.Sprintf("σ² = %.3g: %.0f %% as k-means, mean max γ %.2f", sigma2, 100*agree, hard),
		"eruption (standardised)", "waiting (standardised)")
	s, err := gmmplot.NewResponsibilityScatter(x, resp)
	if err != nil {
		return nil, err
	}
	p.Add(s)
	steerResponsibilityLegend(p, r.Mixture.K())
	markers, err := gmmplot.NewMeanMarkers(r.Mixture)
	if err != nil {
		return nil, err
	}
	p.Add(markers...)
	p.Legend.Add("EM mean", steerSwatch(color.Gray{Y: 160}, 6, draw.CircleGlyph{}),
		steerSwatch(color.Black, 6, draw.RingGlyph{}))
	cross, err := plotter.NewScatter(steerXYs(km.Centers))
	if err != nil {
		return nil, err
	}
	cross.GlyphStyle.Shape = draw.CrossGlyph{}
	cross.GlyphStyle.Color = color.Black
	cross.GlyphStyle.Radius = 7
	p.Add(cross)
	p.Legend.Add("k-means centre", cross)
	return p, nil
}

// steerResponsibilityLegend explains the colours of gmmplot.NewResponsibilityScatter:
// one entry per component, "γ = 1" in its Color, and one for the blends.
func steerResponsibilityLegend(p *plot.Plot, k int) {
	for j := 0; j < k; j++ {
		p.Legend.Add(fmt.Sprintf("γ = 1 for component %d", j+1), steerSwatch(gmmplot.Color(j), 3, draw.CircleGlyph{}))
	}
	p.Legend.Add("shared: colours mixed by γ")
}

// steerSwatch returns a legend thumbnail: one glyph of the given colour, radius and shape.
func steerSwatch(c color.Color, radius float64, shape draw.GlyphDrawer) plot.Thumbnailer {
	s, err := plotter.NewScatter(plotter.XYs{{}})
	if err != nil {
		panic(err) // one finite point
	}
	s.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Length(radius), Shape: shape}
	return s
}

// steerAgreement returns the share of rows whose largest responsibility is at
// their label, and the mean over rows of max_k γ_ik.
func steerAgreement(resp *mat.Dense, labels []int) (agree, hard float64) {
	n, k := resp.Dims()
	for i := 0; i < n; i++ {
		best := 0
		for j := 1; j < k; j++ {
			if resp.At(i, j) > resp.At(i, best) {
				best = j
			}
		}
		if best == labels[i] {
			agree++
		}
		hard += resp.At(i, best)
	}
	return agree / float64(n), hard / float64(n)
}

// steerXYs returns the rows of the n×2 matrix x as plotter points.
func steerXYs(x mat.Matrix) plotter.XYs {
	n, _ := x.Dims()
	xys := make(plotter.XYs, n)
	for i := range xys {
		xys[i].X, xys[i].Y = x.At(i, 0), x.At(i, 1)
	}
	return xys
}

// SteerRunK is the number of components of the replayed EM run.
const SteerRunK = 3

// SteerEMRun fits SteerRunK full-covariance components to x from random data
// points as means (article C's start; seed 6) and returns every state EM went
// through: the start (Iter 0) and the mixture after each M-step.
func SteerEMRun(x *mat.Dense) ([]gmm.Iteration, error) {
	var states []gmm.Iteration
	_, err := gmm.Fit(x, nil, SteerRunK, &gmm.Settings{Init: gmm.InitRandomPoints, Src: rand.NewPCG(6, 6),
		Tol: 1e-6, MaxIter: 300, Hook: func(it gmm.Iteration) bool {
			states = append(states, it)
			return false
		}})
	if err != nil {
		return nil, err
	}
	return states, nil
}

// SteerFramePlot draws state i of an EM run (from SteerEMRun) on x: the points
// coloured by their responsibilities and the 1σ and 2σ ellipses; the title gives
// the iteration and the log-likelihood.
func SteerFramePlot(x *mat.Dense, states []gmm.Iteration, i int) (*plot.Plot, error) {
	if i < 0 || i >= len(states) {
		return nil, fmt.Errorf("book: EM frame %d of %d", i, len(states))
	}
	st := states[i]
	p := gmmplot.New(fmt.Sprintf("EM iteration %d of %d: log-likelihood %.2f", st.Iter, len(states)-1, st.LogLikelihood),
		"eruption (standardised)", "waiting (standardised)")
	s, err := gmmplot.NewResponsibilityScatter(x, st.Mixture.ResponsibilitiesTo(nil, x))
	if err != nil {
		return nil, err
	}
	p.Add(s)
	steerResponsibilityLegend(p, st.Mixture.K())
	if err := steerAddEllipses(p, st.Mixture); err != nil {
		return nil, err
	}
	return p, nil
}
