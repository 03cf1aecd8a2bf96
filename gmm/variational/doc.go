// Package variational fits a Bayesian Gaussian mixture by variational inference
// (coordinate ascent on the evidence lower bound), as scikit-learn's
// BayesianGaussianMixture does, with the same priors, defaults and updates, so
// that both give the same posterior from the same starting responsibilities.
//
// # The model
//
// For K components in D dimensions and rows x_i with weights w_i (frequencies:
// a weight of 2 counts a row twice),
//
//	z_i | π ~ Cat(π),  x_i | z_i = k ~ N(μ_k, Λ_k⁻¹),
//	(μ_k, Λ_k) ~ N(μ_k | m₀, (β₀Λ_k)⁻¹) W(Λ_k | W₀, ν₀),
//
// and the weights π have either a Dirichlet distribution Dir(α₀, …, α₀)
// (DirichletDistribution) or a truncated Dirichlet process by stick breaking
// (DirichletProcess, the default): π_k = v_k Π_{j<k} (1 − v_j) with
// v_k ~ Beta(1, γ) for every k = 1…K (as in scikit-learn, the last stick is
// Beta-distributed too, not fixed at 1). Settings.WeightConcentration is α₀ or γ.
// The defaults are scikit-learn's: α₀ = γ = 1/K, β₀ = 1, m₀ the data's mean,
// ν₀ = D, and W₀⁻¹ the data's covariance (divisor Σw_i − 1), its diagonal for
// Diagonal, and the mean of that diagonal (times I) for Spherical.
//
// # Coordinate ascent
//
// The approximation q(z) q(π) Π_k q(μ_k, Λ_k) is improved one factor at a time.
// Given responsibilities r_ik = q(z_i = k), with N_k = Σ_i w_i r_ik (plus
// 10·ε, as scikit-learn, so that nothing is divided by 0),
// x̄_k = Σ_i w_i r_ik x_i / N_k and S_k = Σ_i w_i r_ik (x_i − x̄_k)(x_i − x̄_k)ᵀ / N_k
// + Reg·I, the optimal factors are
//
//	Dirichlet:        α_k = α₀ + N_k
//	Dirichlet process: a_k = 1 + N_k,  b_k = γ + Σ_{j>k} N_j
//	β_k = β₀ + N_k,  m_k = (β₀ m₀ + N_k x̄_k) / β_k,  ν_k = ν₀ + N_k,
//	W_k⁻¹ = W₀⁻¹ + N_k S_k + (β₀ N_k / β_k)(x̄_k − m₀)(x̄_k − m₀)ᵀ.
//
// For Diagonal only the diagonal of W_k⁻¹ is kept, for Spherical the mean of
// that diagonal (times I), which is the closest Wishart of that structure with
// the same ν_k; for Tied, as in scikit-learn, one Wishart with
// ν = ν₀ + Σ_k N_k / K and W⁻¹ = W₀⁻¹ + (Σ_k N_k S_k)/K + (β₀/K) Σ_k (N_k/β_k)
// (x̄_k − m₀)(x̄_k − m₀)ᵀ. Given these, the responsibilities are
// r_ik ∝ exp(E[ln π_k] + ½E[ln|Λ_k|] − ½E[(x_i − μ_k)ᵀ Λ_k (x_i − μ_k)]) with
//
//	E[ln π_k] = ψ(α_k) − ψ(Σ_j α_j)   or   ψ(a_k) − ψ(a_k + b_k) + Σ_{j<k} (ψ(b_j) − ψ(a_j + b_j)),
//	E[ln|Λ_k|] = Σ_{i=0}^{D−1} ψ((ν_k − i)/2) + D ln 2 + ln|W_k|,
//	E[(x − μ_k)ᵀ Λ_k (x − μ_k)] = D/β_k + ν_k (x − m_k)ᵀ W_k (x − m_k).
//
// So r_ik are the responsibilities of the Gaussian mixture with covariances
// W_k⁻¹/ν_k and weights ∝ exp(E[ln π_k] + ½(E[ln|Λ_k|] − ln|W_k| − D ln ν_k − D/β_k)),
// which is how they are computed: by one E-step of gmm (gmm.EStep) over the data.
// Each iteration is that E-step followed by the updates above, as scikit-learn's.
//
// # The bound
//
// When q(π, μ, Λ) is the optimum for q(z), as it is just after an update (with
// Reg = gmm.NoReg; Reg adds Reg·N_k·I to W_k⁻¹), the evidence lower bound
// 𝓛 = E_q[ln p(X, z, π, μ, Λ) − ln q] reduces to
//
//	𝓛 = −Σ_i w_i Σ_k r_ik ln r_ik + ln C_π − ln C_π₀
//	    + Σ_k [ −(N_k D/2) ln 2π + (D/2) ln(β₀/β_k) + ln B(W₀, ν₀) − ln B(W_k, ν_k) ],
//
// with the Wishart normaliser
// ln B(W, ν) = −(ν/2) ln|W| − (νD/2) ln 2 − (D(D−1)/4) ln π − Σ_{i=1}^D ln Γ((ν+1−i)/2),
// and for the weights ln C_π − ln C_π₀ = Σ_k ln Β(a_k, b_k) − K ln Β(1, γ) (Β the
// beta function) for the Dirichlet process, and
// [ln Γ(Kα₀) − K ln Γ(α₀)] − [ln Γ(Σ_k α_k) − Σ_k ln Γ(α_k)] for the Dirichlet
// distribution. The entropy term comes from the same E-step:
// Σ_i w_i Σ_k r_ik ln r_ik = Σ_k Σ_i w_i r_ik ln(π̃_k N(x_i | m_k, W_k⁻¹/ν_k)) − Σ_i w_i ln p̃(x_i)
// for the mixture p̃ of that E-step. Result.LowerBound and Result.History are this
// 𝓛 with every term. scikit-learn's lower_bound_ omits the terms that do not
// change during a fit; 𝓛 − lower_bound_ = Constant(...) =
//
//	−(Σ_i w_i)(D/2) ln 2π + K [(D/2) ln β₀ + ln B(W₀, ν₀) + (D(D−1)/4) ln π]
//	+ K ln γ                       (Dirichlet process)
//	+ ln Γ(Kα₀) − K ln Γ(α₀)       (Dirichlet distribution).
//
// Each update maximises 𝓛 over one factor, so 𝓛 never decreases (tested for
// every covariance type and weight prior). With Reg > 0 the update of W_k is
// slightly off the optimum and 𝓛 may fall by a hair (seen: 6e-12 of its size).
// With K = 1 and no Reg, q is the exact posterior and 𝓛 = ln p(X), the
// marginal likelihood (tested against Student-t predictives by scipy). As in scikit-learn, the fit stops when
// 𝓛 changes by less than Tol from one iteration to the next (not tested after
// the first), and of several restarts the one with the highest 𝓛 is kept.
//
// # What the result gives
//
// Result.Mixture is the mixture of the posterior expectations: the expected
// weights E[π_k], the means m_k and the covariances W_k⁻¹/ν_k = E[Λ_k]⁻¹ (scikit-
// learn's weights_, means_ and covariances_). A component is active when its
// expected weight exceeds ActiveWeight: with a Dirichlet-process prior and more
// components than the data need, the others are switched off.
package variational
