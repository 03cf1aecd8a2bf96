// Package book is the notebooks' support package: what the notebooks in
// notebooks/ share and the helpers that serve only some of them, kept out of
// the library packages gmm, gmmplot, bayes and mcmc so that a notebook's needs
// never become library API.
//
// GoNB cells import it as "gmmbook/notebooks/book" (they cannot import an
// internal package). Shared by all:
//
//   - Must, Must2, Must3 stop a cell on an error; Show displays a figure as a
//     PNG drawn at Scale (2) times the resolution it is shown at, so it stays
//     sharp on a high-resolution screen; Markdown displays Markdown and LaTeX.
//   - Importing book makes DejaVu Serif (FigureFont) the figures' font: it has
//     the subscript letters of μₖ, Σₖ, πₖ; Sub writes subscript digits.
//   - GlyphKey and MeanKey are legend keys for marks whose own glyphs are too
//     small or too varied to serve as one.
//   - Cached keeps an expensive result for the rest of a kernel session (GoNB
//     runs every cell as a new program), in the kernel's own temporary
//     folder, so it is never stale across runs.
//
// By notebook:
//
//   - 01, the mixture defined: PullMeans, Peaks, MeanStdErr, CentredProducts.
//   - 02, EM in one dimension: ResponsibilityCrossings.
//   - 03a and 03b, EM and k-means, Old Faithful: Table, Difference, Dots,
//     ClusterPlot, ClusterKeys, DensityPlot, Criteria, CriterionTable, Pick,
//     RankLabels.
//   - 04, the Bayesian mixture: ArticleDData, ArticleDMeans, GroupMeans,
//     GroupCovariances, CachedNUTS.
//   - 05, three ways to fit a mixture: Bound, BoundOf, HalfSteps, BoundBars
//     (EM's bound picture), VBWeightSDs, VBMeanSDs (variational spreads).
//   - 07, steer EM yourself: the views its widgets redraw, SteerKPlot,
//     SteerSigmaPlot (with SteerSoftKMeans, SteerCentres, SteerSigma2) and
//     SteerFramePlot (with SteerEMRun), and SteerNewData.
//
// Figures of the Bayesian posterior are in gmm/bayes/bayesplot, MCMC trace and
// rank plots in gmm/mcmc/mcmcplot.
package book
