// Article D's Bayesian Gaussian mixture with known identity covariance, as
// gmm/bayes.Model writes it: w ~ Dirichlet(alpha), mu[k] ~ N(0, I),
// x[n] ~ sum_k w[k] N(mu[k], I), the labels summed out by log_sum_exp.
// Stan's simplex is the same stick-breaking transform as the Go model's, so
// both samplers move in the same unconstrained coordinates. (Stan 2.21 syntax.)
data {
  int<lower=1> N;
  int<lower=1> D;
  int<lower=1> K;
  vector[D] x[N];
  vector<lower=0>[K] alpha;
}
parameters {
  simplex[K] w;
  vector[D] mu[K];
}
model {
  vector[K] lw = log(w);
  w ~ dirichlet(alpha);
  for (k in 1:K)
    mu[k] ~ normal(0, 1);
  for (n in 1:N) {
    vector[K] lps = lw;
    for (k in 1:K)
      lps[k] += normal_lpdf(x[n] | mu[k], 1);
    target += log_sum_exp(lps);
  }
}
