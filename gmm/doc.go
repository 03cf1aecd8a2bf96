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
// # Errors
//
// Constructors and fitting functions return an error for input that depends on
// the data (weights off the simplex, a covariance that is not positive definite,
// NaN or Inf in the data). Methods panic, with a message that starts "gmm:", only
// for mistakes a caller can check before the call, such as a point whose length is
// not the mixture's dimension; each such panic is documented.
package gmm
