// Package gmmplot draws Gaussian mixtures with gonum/plot: the figures of the
// gmmbook notebooks. It is a sub-package so that package gmm never imports
// gonum/plot.
//
// Each piece is small and composes the gonum/plot way: a plotter has a Plot
// method (and DataRange where it helps) and is added to a *plot.Plot;
// constructors reject NaN, Inf and empty input with an error.
//
// # Densities on a grid
//
// A Grid holds z = f(x, y) on a rectangular grid and satisfies
// plotter.GridXYZ. NewGrid evaluates any function; ComponentGrid,
// WeightedComponentGrid, ComponentGrids and MixtureGrid evaluate a 2-D
// mixture's
//
//	N(x | μ_k, Σ_k),   π_k N(x | μ_k, Σ_k)   and   p(x) = Σ_k π_k N(x | μ_k, Σ_k).
//
// SigmaAxes gives article A's grid: axis d runs from min_k(μ_kd − 3σ_kd) to
// max_k(μ_kd + 3σ_kd), σ_kd = √(Σ_k)_dd, with 201 points. Grid.Integral is
// the trapezoid rule
//
//	∫∫ f dx dy ≈ Σ_i Σ_j w_i w_j f(x_i, y_j),  w_i = (x_{i+1} − x_{i−1})/2 (halved at the ends),
//
// for the volume check: each weighted component integrates to π_k and the
// mixture to 1, up to the mass outside the grid (0.2 % on article A's grid).
//
// # Contours
//
// PrettyLevels gives round levels as R's pretty() does (and so ggplot2's
// contour breaks); SharedLevels gives one set of levels for several grids, so
// the same line means the same density in every component. ContourLines draws
// one grid's contours in one line style, and NewComponentContours one per
// component in Color(k); the dash pattern (Solid, Dashed, DotDashed) tells
// the kind of density. FilledContour fills the bands between levels with the
// viridis scale (ggplot2's default), and its AddLegend adds a discrete colour
// bar.
//
// # Points, ellipses, one dimension
//
// Ellipse traces {x : (x − μ)ᵀ Σ⁻¹ (x − μ) = s²}, whose semi-axes are s√λ_i
// along Σ's eigenvectors; NewEllipses draws them for every component at
// chosen σ levels. NewLabelScatters colours points by label,
// NewResponsibilityScatter by the mix Σ_k γ_ik Color(k), and NewMeanMarkers
// marks the means. For one dimension, NewDensityHistogram (area 1),
// NewComponentPDF (π_k N), NewMixturePDF and HistogramFrame (article B's
// animation frame) draw data and fit; NewLogLikelihoodPlot draws EM's history.
// EMFrames turns the mixtures a Fit hook saw into frames on one axis range
// (EMFrame, EMFrameTitle), NewIncreasePlot draws the log-likelihood's increase
// per iteration on a log scale, and NewResponsibilityCurves and
// NewResponsibilityPlot show P(k | x) over x.
// NewCriterionPlot draws BIC or AIC against K per covariance type.
//
// # Legends and layout
//
// ComponentLabel and MixtureLabel format π, μ and Σ; AddComponentLegend adds
// one entry per component (and per kind of line); TextBox puts text in a
// corner of the data area. Figure draws a plot with its legend beside the
// data area, never over it, optionally with equal units on both axes
// (EqualAspect). Tiles lays out several plots, CommonRange gives plots one
// range. New makes a plot with the book's font sizes and R-like ticks.
//
// # Rendering
//
// PNG and SVG return the bytes of any Drawer (a *plot.Plot, *Figure or
// *Tiles) at a given size, for gonbui.DisplayPng and gonbui.DisplaySvg in a
// notebook; WriteFrames writes numbered PNG frames and GIF assembles an
// animated GIF with one deterministic palette. A figure of article A:
//
//	xs, ys, _ := gmmplot.SigmaAxes(m, 3, 201)
//	mix, _ := gmmplot.MixtureGrid(m, xs, ys)
//	levels, _ := gmmplot.PrettyLevels(mix.Min(), mix.Max(), 10)
//	f, _ := gmmplot.NewFilledContour(mix, levels)
//	p := gmmplot.New("Gaussian mixture density", "x₁", "x₂")
//	p.Add(f)
//	f.AddLegend(&p.Legend, "density")
//	png, err := gmmplot.PNG(&gmmplot.Figure{Plot: p, EqualAspect: true}, 6*vg.Inch, 4.5*vg.Inch)
//
// (check every error in real code).
package gmmplot
