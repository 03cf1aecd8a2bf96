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
// WeightedComponentGrid and MixtureGrid evaluate a 2-D mixture's
//
//	N(x | μ_k, Σ_k),   π_k N(x | μ_k, Σ_k)   and   p(x) = Σ_k π_k N(x | μ_k, Σ_k).
//
// SigmaAxes gives article A's grid: each axis from min_k(μ_k − 3σ_k) to
// max_k(μ_k + 3σ_k), 201 points. Grid.Integral is the trapezoid rule, for the
// volume check: each weighted component integrates to π_k and the mixture
// to 1 (up to the mass outside the grid).
//
// # Contours
//
// PrettyLevels gives round levels as R's pretty() does; SharedLevels gives
// one set of levels for several grids, so the same line means the same
// density in every component. ContourLines draws one grid's contours in one
// line style (Color(k) per component, Solid, Dashed or DotDashed per kind of
// density). FilledContour fills the bands between levels with the viridis
// scale, and its AddLegend adds a discrete colour bar.
//
// # Legends and layout
//
// ComponentLabel and MixtureLabel format π, μ and Σ; AddComponentLegend adds
// one entry per component (and per kind of line). Figure draws a plot with its
// legend beside the data area, never over it, optionally with equal units on
// both axes. Tiles lays out several plots. New makes a plot with the book's
// font sizes.
//
// # Rendering
//
// PNG and SVG return the bytes of any Drawer (a *plot.Plot, *Figure or
// *Tiles) at a given size, for gonbui.DisplayPng and gonbui.DisplaySvg in a
// notebook; WriteFrames writes numbered PNG frames and GIF assembles an
// animated GIF with one deterministic palette.
package gmmplot
