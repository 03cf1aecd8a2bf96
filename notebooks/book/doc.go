// Package book is the notebooks' support package: what the four notebooks in
// notebooks/ share (Must, Show, Markdown) and the helpers that serve only one
// of them, kept out of the library packages gmm, gmmplot, bayes and mcmc so
// that a notebook's needs never become library API.
//
// GoNB cells import it as "gmmbook/notebooks/book" (they cannot import an
// internal package). By notebook:
//
//   - 01, the mixture defined: PullMeans, Peaks, MeanStdErr, CentredProducts.
//   - 02, EM in one dimension: ResponsibilityCrossings.
//   - 03, EM and k-means: RankLabels.
//   - 04, the Bayesian mixture: ArticleDData, ArticleDMeans, GroupMeans,
//     GroupCovariances.
//   - 05, three ways to fit a mixture: Bound, BoundOf, HalfSteps, BoundBars
//     (EM's bound picture), VBWeightSDs, VBMeanSDs (variational spreads),
//     Show2x (figures at twice the resolution).
//
// Figures of the Bayesian posterior are in gmm/bayes/bayesplot, MCMC trace and
// rank plots in gmm/mcmc/mcmcplot.
package book
