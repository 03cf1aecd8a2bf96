# Writes mclust_reference.json: R mclust's answers on Old Faithful (datasets::faithful)
# and iris (the four numeric columns of datasets::iris), used by gmm's tests
# (mclust_reference_test.go embeds the JSON).
#
# Run from this directory: Rscript mclust_reference.R
# Made with R 4.2.2 and mclust 6.0.0 (Debian r-base-core, r-cran-mclust, r-cran-jsonlite).
#
# For each data set and each of the fourteen models, G = 1..9:
#   bic      Mclust(x, G = 1:9)$BIC: mclust's default fit (hc start, emControl()),
#            larger is better (mclust's sign: 2 loglik - npar log n); null where mclust
#            gave no fit.
#   loglik   the log-likelihood of that fit, (bic + npar log n) / 2.
#   npar     nMclustParams(model, d, G).
#   best     the highest log-likelihood that me() reaches at a tight tolerance
#            (emControl(tol = c(1e-10, 1e-12))) from the hc start, 5 k-means starts and
#            10 random-responsibility starts, counting only regular fits: every
#            component with n_k >= d + 1 and every covariance eigenvalue at least
#            1e-6 times the mean of the data's column variances (null: none regular).
#   mstep    for G = 3 and responsibilities z = 0.7 unmap(hclass(hc, 3)) + 0.1, the
#            covariances mstep(x, model, z, control = emControl(tol = c(1e-10, 1e-14)))
#            gives, each model's G matrices column-major, one after the other.
#   hc       hclass(hc(x, modelName = "VVV", use = mclust.options("hcUse")), G) for
#            G = 2..9: the partitions Mclust starts from ("SVD" transform in 6.0.0).
suppressPackageStartupMessages({
  library(mclust)
  library(jsonlite)
  library(parallel)
})
stopifnot(packageVersion("mclust") == "6.0.0")

models <- c("EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE",
            "EEV", "VEV", "EVV", "VVV")
Gs <- 1:9
tight <- emControl(tol = c(1e-10, 1e-12))

regular <- function(fit, x) {
  if (is.null(fit$loglik) || is.na(fit$loglik)) return(FALSE)
  d <- ncol(x)
  floor <- 1e-6 * mean(apply(x, 2, var))
  nk <- colSums(fit$z)
  sig <- fit$parameters$variance$sigma
  eig <- apply(sig, 3, function(s) min(eigen(s, symmetric = TRUE, only.values = TRUE)$values))
  all(nk >= d + 1) && all(eig >= floor)
}

bestLoglik <- function(x, model, G, hcz) {
  n <- nrow(x)
  starts <- list(hcz)
  for (s in 1:5) {
    set.seed(s)
    cl <- if (G == 1) rep(1, n) else kmeans(x, G, nstart = 1)$cluster
    starts[[length(starts) + 1]] <- unmap(cl, groups = 1:G)
  }
  for (s in 1:10) {
    set.seed(100 + s)
    z <- matrix(runif(n * G), n, G)
    starts[[length(starts) + 1]] <- z / rowSums(z)
  }
  best <- NA
  for (z in starts) {
    fit <- tryCatch(suppressWarnings(me(x, modelName = model, z = z, control = tight)),
                    error = function(e) NULL)
    if (!is.null(fit) && regular(fit, x) && (is.na(best) || fit$loglik > best))
      best <- fit$loglik
  }
  best
}

reference <- function(x) {
  x <- data.matrix(x)
  dimnames(x) <- NULL
  n <- nrow(x)
  d <- ncol(x)
  mc <- Mclust(x, G = Gs, modelNames = models, verbose = FALSE)
  hcp <- hc(x, modelName = "VVV", use = mclust.options("hcUse"))
  cls <- hclass(hcp, 2:9)
  out <- list(n = n, d = d, hcUse = mclust.options("hcUse"),
              bic = list(), loglik = list(), npar = list(), best = list(), hc = list())
  # The cells are independent (each sets its own seeds): run them in parallel.
  cells <- expand.grid(G = Gs, m = models, stringsAsFactors = FALSE)
  best <- unlist(mclapply(seq_len(nrow(cells)), function(i) {
    G <- cells$G[i]
    hcz <- if (G == 1) matrix(1, n, 1) else unmap(cls[, as.character(G)], groups = 1:G)
    bestLoglik(x, cells$m[i], G, hcz)
  }, mc.cores = 6))
  for (m in models) {
    npar <- sapply(Gs, function(G) nMclustParams(m, d, G))
    bic <- as.numeric(mc$BIC[, m])
    out$bic[[m]] <- bic
    out$loglik[[m]] <- (bic + npar * log(n)) / 2
    out$npar[[m]] <- npar
    out$best[[m]] <- best[cells$m == m]
  }
  z3 <- 0.7 * unmap(cls[, "3"], groups = 1:3) + 0.1
  out$mstepZ <- as.numeric(z3)
  out$mstep <- list()
  for (m in models) {
    ms <- mstep(x, modelName = m, z = z3, control = emControl(tol = c(1e-10, 1e-14)))
    out$mstep[[m]] <- as.numeric(ms$parameters$variance$sigma)
  }
  for (G in 2:9) out$hc[[as.character(G)]] <- as.integer(cls[, as.character(G)])
  top <- summary(mc)
  out$bestModel <- top$modelName
  out$bestG <- top$G
  out
}

ref <- list(
  mclust = as.character(packageVersion("mclust")),
  R = R.version.string,
  faithful = reference(faithful),
  iris = reference(iris[, 1:4]))
writeLines(toJSON(ref, digits = NA, na = "null", auto_unbox = TRUE, pretty = FALSE),
           "mclust_reference.json")
