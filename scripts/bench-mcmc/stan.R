# Runs Stan's NUTS (rstan, Debian's r-cran-rstan) on the data and initial
# points written by the Go side of scripts/bench-mcmc, and writes the draws and
# per-chain times for the Go side to summarise with the same diagnostics.
#   Rscript stan.R DIR CHAINS WARMUP DRAWS SEED
# DIR holds data.json and inits.json; draws go to DIR/stan_chain<c>.csv
# (columns w[1..K], mu[k,d] row-major), times to DIR/stan_times.json: Stan's
# per-chain elapsed warm-up and sampling seconds, and the CPU seconds (user +
# system) of the whole sampling() call.
# The compiled model is cached in DIR/../gmm_stan_model.rds (about 1.5 min to build).
suppressMessages({
  library(rstan)
  library(jsonlite)
})
rstan_options(boost_lib = "/usr/include")  # rstan does not find Debian's Boost by itself
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
chains <- as.integer(args[2]); warmup <- as.integer(args[3]); draws <- as.integer(args[4])
seed <- as.integer(args[5])
here <- dirname(sub("--file=", "", grep("--file=", commandArgs(), value = TRUE)))
cache <- file.path(dir, "..", "gmm_stan_model.rds")
if (file.exists(cache)) {
  model <- readRDS(cache)
} else {
  model <- stan_model(file.path(here, "gmm.stan"))
  saveRDS(model, cache)
}
d <- fromJSON(file.path(dir, "data.json"))
inits <- fromJSON(file.path(dir, "inits.json"), simplifyVector = FALSE)
init_list <- lapply(inits, function(i) list(w = unlist(i$w),
                                            mu = do.call(rbind, lapply(i$mu, unlist))))
# R-hat warnings are about the raw draws: the Go side judges them after relabelling.
cpu <- system.time(fit <- suppressWarnings(
  sampling(model, data = list(N = d$N, D = d$D, K = d$K, x = d$x, alpha = d$alpha),
           chains = chains, warmup = warmup, iter = warmup + draws, seed = seed,
           init = init_list, cores = 1, refresh = 0)))
sims <- as.array(fit)  # iterations × chains × parameters
K <- d$K; D <- d$D
cols <- c(sprintf("w[%d]", 1:K), as.vector(t(outer(1:K, 1:D, function(k, j) sprintf("mu[%d,%d]", k, j)))))
for (c in seq_len(chains)) {
  write.csv(sims[, c, cols], file.path(dir, sprintf("stan_chain%d.csv", c)), row.names = FALSE)
}
times <- get_elapsed_time(fit)
sp <- get_sampler_params(fit, inc_warmup = FALSE)
write_json(list(warmup = times[, "warmup"], sample = times[, "sample"],
                cpu = cpu[["user.self"]] + cpu[["sys.self"]],
                divergences = sum(sapply(sp, function(s) sum(s[, "divergent__"]))),
                mean_treedepth = mean(sapply(sp, function(s) mean(s[, "treedepth__"]))),
                leapfrogs = sum(sapply(sp, function(s) sum(s[, "n_leapfrog__"]))),
                stepsize = sapply(sp, function(s) s[1, "stepsize__"]),
                rstan = as.character(packageVersion("rstan"))),
           file.path(dir, "stan_times.json"), digits = NA, auto_unbox = TRUE)
