// Package mcmc draws from differentiable densities with the No-U-Turn Sampler
// and judges the draws with the diagnostics Stan uses.
//
// # Sampler
//
// A Target gives log p(θ) (up to a constant) and its gradient on R^d. NUTS
// simulates Hamiltonian dynamics for
//
//	H(θ, ρ) = −log p(θ) + ½ ρᵀ M⁻¹ ρ,   ρ ~ N(0, M),   M diagonal,
//
// with the leapfrog integrator of step ε, doubling the trajectory forwards or
// backwards at random until the no-U-turn criterion
//
//	ρ♯₋ · Σρ > 0  and  ρ♯₊ · Σρ > 0   (ρ♯ = M⁻¹ρ, Σρ summed over the trajectory)
//
// fails across any merged subtree, or until 2^MaxTreeDepth steps. The next draw
// is picked from the trajectory with probability ∝ exp(−H) (multinomial
// sampling, biased towards the newer subtree as in Stan). A step whose energy
// error exceeds 1000 is a divergence: the trajectory stops and the transition is
// flagged — a sign the sampler cannot follow the posterior's curvature.
//
// During warm-up ε is tuned by dual averaging so that the mean acceptance
// statistic approaches TargetAccept (0.8), and M⁻¹ is set to the regularised
// variance of the draws in windows of 25, 50, 100, … iterations between an
// initial buffer of 75 and a terminal buffer of 50 (Stan's schedule). Chains run
// in parallel goroutines with their own seeded sources, so results do not
// depend on scheduling.
//
// # Diagnostics
//
// For draws x[c][i] of one scalar in M chains of N (split into 2M halves):
//
//	W = mean within-chain variance, B = N · variance of the chain means,
//	R̂ = sqrt(((N−1)/N · W + B/N) / W),
//	ESS = M N / (−1 + 2 Σ_{t<T} ρ̂_t + ρ̂_T),  ρ̂_t = 1 − (W − mean autocovariance_t) / var⁺,
//
// with Geyer's initial monotone sequence choosing T. Rhat is the larger of R̂
// on the rank-normalised draws Φ⁻¹((r − ½)/S) and on the rank-normalised |x −
// median|; BulkESS is the ESS of the rank-normalised draws, TailESS the smaller
// ESS of the indicators x ≤ q₀.₀₅ and x ≤ q₀.₉₅; MCSE = sd / sqrt(ESS)
// (Vehtari et al. 2021, "Rank-normalization, folding, and localization").
//
// The autocovariances are exact, Σ_i (x_i − x̄)(x_{i+t} − x̄) / N for a split
// chain of N draws. rstan 2.21 computes them by FFT, padding to 2M with M the
// next size ≥ N whose only prime factors are 2, 3 and 5, and divides by 2N²
// where the exact divisor is 2MN: its autocovariances are the exact ones times
// M/N. Where M = N (N = 2^a 3^b 5^c) the two agree: on the test data
// (testdata/diagnostics.R, 4 chains of 200 draws, so split chains of
// N = 100 = 2²·5²) Rhat, ess_bulk, ess_tail, ess_mean and mcse_mean agree with
// rstan 2.21 to 1e-10. That agreement is tested at this length only. At other
// lengths R-hat still agrees (it uses no autocovariance), but the ESS and MCSE
// here depart from rstan's: rstan scales the within-chain variance and every
// autocovariance by M/N and not the between-chain variance, so its ρ̂_t, and
// with them its ESS, differ (N = 77, for one, has M = 80). The numbers here
// follow the definition in Vehtari et al.
//
// # Label switching
//
// A mixture's likelihood is unchanged when its components are permuted, so
// chains may settle on different labellings. RelabelByParameter orders the
// components of each draw by one parameter; RelabelToReference permutes them
// to the closest match with a reference (Hungarian assignment, Assign).
// Permutation-invariant quantities, such as a predictive density, need neither.
package mcmc
