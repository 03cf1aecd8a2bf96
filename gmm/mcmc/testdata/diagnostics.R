# Reference diagnostics for diagnostics_test.go, computed once with
#   Rscript diagnostics.R    (R 4.2.2, rstan 2.21.7 from Debian's r-cran-rstan)
# on draws.csv (written by gendraws.go). mcse_sd is printed but not compared:
# mcmc.MCSESD uses the delta method on centred squares instead.
suppressMessages(library(rstan))
d <- read.csv("draws.csv")
params <- c("ar09", "shifted", "cauchy", "antithetic", "ties")
for (p in params) {
  sims <- sapply(1:4, function(c) d[d$chain == c, p])  # 200 × 4
  cat(sprintf('{"%s", %.15g, %.15g, %.15g, %.15g, %.15g, %.15g},\n', p,
      rstan::Rhat(sims), rstan::ess_bulk(sims), rstan::ess_tail(sims),
      rstan:::ess_mean(sims), rstan:::mcse_mean(sims), rstan:::mcse_sd(sims)))
}
