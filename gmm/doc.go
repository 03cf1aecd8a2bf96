// Package gmm implements Gaussian mixture models: the mixture density, sampling by
// the latent-variable route, maximum-likelihood fitting by expectation–maximisation
// (EM), k-means and its relation to a limiting mixture, and model selection.
//
// # The model
//
// A Gaussian mixture with K components in D dimensions has the density
//
//	p(x) = Σ_k π_k N(x | μ_k, Σ_k),
//
// with weights π on the simplex (π_k ≥ 0, Σ_k π_k = 1), means μ_k ∈ R^D and
// symmetric positive definite covariances Σ_k. Each component density is
//
//	log N(x | μ, Σ) = −½ (D log 2π + log|Σ| + (x−μ)ᵀ Σ⁻¹ (x−μ)),
//
// computed from the Cholesky factor Σ = L Lᵀ: log|Σ| = 2 Σ_j log L_jj and the
// Mahalanobis term is |z|² where L z = x − μ. No covariance is ever inverted.
// Log-densities are combined by log-sum-exp,
//
//	log p(x) = a + log Σ_k exp(log π_k + log N(x | μ_k, Σ_k) − a),  a = max_k (…),
//
// so they stay finite far in the tails where every density underflows to 0.
//
// # The latent-variable form
//
// With a one-hot s ~ Cat(π) and x | s ~ Π_k N(x | μ_k, Σ_k)^{s_k}, the exponent
// picks out the single component with s_k = 1, and summing s out gives p(x).
// Sampling follows this route: draw s, then x from component s. The posterior of
// s given x is the responsibility
//
//	γ_k(x) = π_k N(x | μ_k, Σ_k) / Σ_j π_j N(x | μ_j, Σ_j),
//
// computed in log space by Mixture.LogResponsibilitiesTo.
//
// # Fitting
//
// Fit maximises the (weighted) log-likelihood
//
//	ℓ(θ) = Σ_i w_i log Σ_k π_k N(x_i | μ_k, Σ_k)
//
// by expectation–maximisation. Each iteration computes the responsibilities
// γ_ik = γ_k(x_i) under the current parameters (E-step) and then maximises the
// expected complete-data log-likelihood Σ_i Σ_k w_i γ_ik (log π_k + log N(x_i | μ_k, Σ_k))
// in closed form (M-step):
//
//	N_k = Σ_i w_i γ_ik,   π_k = N_k / Σ_j N_j,   μ_k = (1/N_k) Σ_i w_i γ_ik x_i,
//	Σ_k = (1/N_k) Σ_i w_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ + r I.
//
// That Σ_k is the Full update. Before r I is added, Diagonal keeps its diagonal,
// Spherical its mean diagonal element tr(Σ_k)/D times I, and Tied gives every
// component the one matrix Σ_j N_j Σ_j / Σ_j N_j. The small r (Settings.Reg:
// scikit-learn's reg_covar 1e-6 by default, scaled down with data on a scale below
// 1) keeps each Σ_k positive definite when a component collapses onto a few
// points, where the likelihood is unbounded. With γ'_ik the responsibilities under the current θ',
//
//	ℓ(θ) = Q(θ | θ') + H(θ | θ'),   Q = Σ_i Σ_k w_i γ'_ik log π_k N(x_i | μ_k, Σ_k),
//	H = −Σ_i Σ_k w_i γ'_ik log γ_ik(θ) ≥ H(θ' | θ')   (Gibbs' inequality),
//
// so the M-step, which raises Q, raises ℓ at least as much: no iteration lowers
// ℓ (up to rounding and r). EM climbs to a local maximum, which is why
// Settings.Restarts keeps the best of several starts, and why Fit's default
// (InitAuto) runs twenty restarts of several kinds, each to convergence. Result.History holds ℓ
// after every iteration, and Settings.Hook sees each one.
//
// # k-means as a limit
//
// Fix the weights at π_k = 1/K and every covariance at σ²I. The responsibilities
// become
//
//	γ_ik = exp(−|x_i − μ_k|² / 2σ²) / Σ_j exp(−|x_i − μ_j|² / 2σ²),
//
// a softmax of squared distances, and the M-step moves each μ_k to the
// γ-weighted mean of the data. As σ² → 0 every γ_ik tends to 1 for the nearest
// mean and 0 for the others, and EM becomes Lloyd's algorithm (KMeans): assign
// each point to its nearest center, move each center to the mean of its points.
// The objective becomes k-means' inertia:
//
//	−2σ² ℓ → Σ_i w_i min_k |x_i − μ_k|²   as σ² → 0.
//
// NewEqualSpherical builds
// the starting mixture; with FixWeights and FixCovariances, Fit from it
// reproduces KMeans from the same centers for small σ². k-means inherits the
// model's assumptions: round clusters of equal size and spread.
//
// # Model selection
//
// A mixture with more components or freer covariances fits at least as well, so
// ℓ alone cannot choose K or the covariance type. With p free parameters
// (NumParams: K−1 weights, K·D means and K·D(D+1)/2, K·D, K or D(D+1)/2
// covariance parameters for Full, Diagonal, Spherical and Tied) and N rows,
//
//	BIC = −2 ℓ(θ̂) + p log N,   AIC = −2 ℓ(θ̂) + 2p,
//
// lower being better, as in scikit-learn (R's mclust reports −BIC). BIC
// approximates −2 log of the marginal likelihood of the model and is consistent;
// AIC's lighter penalty favours larger models. Result carries both; Select fits
// every candidate (covariance type, K) and marks the lowest of each. They see
// only ℓ: a spurious optimum (a component collapsed on a few tied points, held
// up by r) can look best and should be inspected.
//
// # mclust's covariance models
//
// Banfield & Raftery (1993) and Celeux & Govaert (1995) write each covariance as
// Σ_k = λ_k D_k A_k D_kᵀ: a volume λ_k, an orientation D_k (orthogonal) and a
// shape A_k (diagonal, |A_k| = 1). Holding each part Equal across components,
// letting it Vary, or fixing it to the Identity gives the fourteen models of R's
// mclust, named by three letters in the order volume, shape, orientation (Model:
// EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV). Full,
// Diagonal, Spherical and Tied are VVV, VVI, VII and EEE. Settings.Model fits any
// of them; its M-step (Model.CovariancesTo) maximises
// −½ Σ_k (N_k log|Σ_k| + tr(W_k Σ_k⁻¹)) over the model's covariances given the
// scatter matrices W_k, in closed form where one exists and otherwise by
// mclust's alternating iterations (VEI, VEE, VEV) or the majorisation–
// minimisation of Browne & McNicholas (2014) for the shared orientation of EVE
// and VVE. Model.NumParams counts as mclust's nMclustParams.
//
// HC is mclust's starting point: model-based hierarchical agglomeration, which
// merges the pair of clusters that least increases a regularised VVV
// classification likelihood, on the data centred, scaled and whitened by its
// SVD (on a random sample of HCMaxRows rows of larger data); InitHC starts EM
// from its partition. InitAuto, Fit's default, adds splits of a K−1 fit
// (InitSplit), k-means++ seeds, random responsibilities and fits of the
// neighbouring models (InitNeighbour), runs each to
// convergence and keeps the best regular restart: a restart is degenerate when a
// component has N_k < D + 1 or a covariance eigenvalue below
// DegenerateEigenFraction of the data's scale (a collapsed, spurious optimum),
// and Result.Restarts lists every restart. SelectModels fits models × K and
// reports BIC, ICL = BIC − 2 Σ_i log γ_i,c(i) and the log-likelihood of each.
//
// # Data beyond memory
//
// The E-step's sums Σ_i γ_ik, Σ_i γ_ik x_i and Σ_i γ_ik x_i x_iᵀ (and the
// log-likelihood) are sums over the rows, so the statistics of disjoint parts of
// the data merge into those of the whole. Stats holds them for one mixture,
// about its means, and merges two by Chan, Golub and LeVeque's pairwise update
//
//	N = N_a + N_b,  δ = x̄_b − x̄_a,  x̄ = x̄_a + δ N_b/N,  M = M_a + M_b + δδᵀ N_a N_b/N,
//
// so that an offset of the data (1e8, say) costs no digits; Stats.MStep is the
// M-step of Fit itself. FitStream runs EM over a RowSource (CSVFile,
// Float64File, or any source that can be reopened), reading it once per
// iteration with memory independent of N and starting from Fit's
// initialisation on a reservoir sample; the module gmm/beam runs the same
// iteration as an Apache Beam pipeline.
//
// # Comparing fits
//
// A mixture's components and a clustering's labels are numbered arbitrarily.
// SortComponents renumbers a mixture's components by a coordinate of their means,
// so that fits can be compared component by component. LabelAgreement scores labels against true
// ones under the best renaming, max_σ (1/N) Σ_i [σ(label_i) = truth_i], found as
// a linear assignment on the contingency table. Standardize scales every column
// to mean 0 and variance 1, the usual preparation for k-means.
//
// # Errors
//
// Constructors and fitting functions return an error for input that depends on
// the data (weights off the simplex, a covariance that is not positive definite,
// NaN or Inf in the data). Methods panic, with a message that starts "gmm:", only
// for mistakes a caller can check before the call, such as a point whose length is
// not the mixture's dimension; each such panic is documented. A returned error
// wraps one of the package's kinds (ErrNotPositiveDefinite, ErrNotFinite,
// ErrBadShape, ...), for errors.Is; one that concerns a single component is a
// *ComponentError (errors.As) naming the component and, in Fit, the restart and
// iteration.
package gmm
