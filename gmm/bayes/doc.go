// Package bayes is the Bayesian Gaussian mixture of article D, sampled by NUTS
// and by Gibbs sampling.
//
// # The model
//
// With K components in D dimensions and known covariances Σ_k (the article:
// K = 3, Σ_k = I, α = 1, m0 = 0, S0 = I):
//
//	π ~ Dirichlet(α),   μ_k ~ N(m0, S0),   z_i | π ~ Cat(π),   x_i | z_i, μ ~ N(μ_{z_i}, Σ_{z_i}).
//
// The labels z are discrete, so NUTS cannot move them; they are summed out, as
// Pyro's enumeration does:
//
//	p(x_i | π, μ) = Σ_k π_k N(x_i | μ_k, Σ_k),   log p(X | π, μ) = Σ_i logsumexp_k (log π_k + log N(x_i | μ_k, Σ_k)).
//
// NUTS works on R^n, so π is written through Stan's stick-breaking transform of
// y ∈ R^{K−1} (see simplex.go), and the log posterior density of θ = (y, μ)
// includes the log-Jacobian of that map. Model implements mcmc.Target with the
// gradient in closed form; with responsibilities γ_ik and N_k = Σ_i γ_ik,
//
//	∂/∂μ_k = Σ_k⁻¹ Σ_i γ_ik (x_i − μ_k) − S0⁻¹ (μ_k − m0),   π_k ∂/∂π_k = N_k + α_k − 1.
//
// # Gibbs samplers
//
// Keeping z instead makes every conditional conjugate: z_i | π, μ is
// categorical, π | z Dirichlet(α + n), μ_k | z normal (Model.Gibbs). With
// unknown covariances under a Normal-Wishart prior, (μ_k, Σ_k⁻¹) | z is again
// Normal-Wishart (GibbsNormalWishart). Given the labels, Model.Conditional is
// the exact posterior, the reference the samplers are tested against.
//
// # Numerics
//
// Every log-density and the gradient go through the Cholesky factors of Σ_k and
// S0 on centred data (x − μ), the kernel gmm uses: no covariance is inverted
// there, and shifting data, means and prior together leaves them unchanged. The
// conjugate Gibbs updates are written in precision form, as the algebra is: the
// normal conditional of μ_k needs S0⁻¹ + N_k Σ_k⁻¹, so Σ_k⁻¹ and S0⁻¹ are formed
// once from their factors for it, and the Normal-Wishart sampler draws a
// precision Λ_k whose inverse is the covariance it reports.
//
// # Label switching and summaries
//
// The posterior is invariant to permuting the components, so chains may settle
// on different labellings: Posterior.RelabelByMean orders the components by a
// coordinate of the means, Posterior.RelabelToMeans matches them to reference
// means by the Hungarian assignment. The labels have switched when the draws do
// not share one labelling: Posterior.Switched matches every draw's means to
// those of the first draw (Hungarian assignment) and counts the draws the match
// permutes. Posterior.Mean, MeanMixture and Summary refuse, with
// ErrLabelSwitching, draws that were not relabelled and have switched.
// Posterior.Summary gives mcmc's table, its rows named by WeightName, MeanName
// and CovarianceName (look them up with mcmc.Summary.Param);
// Posterior.Predictive, the posterior predictive density as a gmm.Mixture,
// needs no relabelling.
//
// # Results
//
// Model.NUTS, Model.Gibbs and GibbsNormalWishart all return the draws as a
// Posterior and the sampler's mcmc.Result: per chain the draws, the times and,
// for NUTS, its statistics; WarmupTime and SampleTime sum the chains' times,
// WallTime is the elapsed time of the run.
package bayes
