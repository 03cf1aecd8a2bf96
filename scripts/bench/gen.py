#!/usr/bin/env python3
"""gmmbook benchmark workloads W1-W5: data, true parameters and the fixed start.

Writes to $GMM_BENCH_DATA (default: bench-data/ at the repository root), per workload W:

  W.f64          float64 little-endian, row-major N x D (row i = sample i)
  W.labels.i32   int32 little-endian true component of each row
  W.json         N, D, K, seed, the true parameters and "init": the fixed starting
                 point every system uses (weights, means, covariances_full,
                 covariances_diag, plus covariances_spherical and covariance_tied)
                 with the mean log-likelihood at that start for each covariance type
                 (mean_loglik_full, mean_loglik_diag, mean_loglik_spherical,
                 mean_loglik_tied), computed here with numpy/scipy so that a Go
                 E-step can be checked against an independent implementation.

JSON floats are Python repr (shortest round trip): strconv.ParseFloat recovers the
exact doubles. Everything is a deterministic function of the seeds below.

Usage: /usr/bin/python3 scripts/bench/gen.py [--force] [W1 W2 ...]   (default: all)
"""
import argparse
import hashlib
import json
import os
import sys
import time

import numpy as np
from scipy.linalg import solve_triangular
from scipy.special import logsumexp

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("GMM_BENCH_DATA", os.path.join(ROOT, "bench-data"))

# name -> (N, D, K, seed); sizes as in the project's benchmark description.
WORKLOADS = {
    "W1": (10_000, 2, 3, 701),
    "W2": (100_000, 10, 10, 702),
    "W3": (1_000_000, 10, 10, 703),
    "W4": (100_000, 50, 5, 704),
    "W5": (1_000_000, 2, 3, 705),
}
HALF_WIDTH = 10.0          # true means lie in [-HALF_WIDTH, HALF_WIDTH]^D
SEPARATION = 8.0           # every pair of true means at least this far apart
VAR_RANGE = (0.25, 4.0)    # covariance eigenvalues, log-uniform in this range


def spd_matrix(rng, d):
    """Random SPD matrix Q diag(lambda) Q^T with a uniformly random rotation Q."""
    a = rng.standard_normal((d, d))
    q, r = np.linalg.qr(a)
    q *= np.where(np.diag(r) < 0, -1.0, 1.0)
    lam = np.exp(rng.uniform(np.log(VAR_RANGE[0]), np.log(VAR_RANGE[1]), size=d))
    s = q @ np.diag(lam) @ q.T
    return (s + s.T) / 2


def separated_means(rng, k, d):
    """Place means one at a time, redrawing any mean too close to an earlier one."""
    means = []
    tries = 0
    while len(means) < k:
        tries += 1
        if tries > 1_000_000:
            raise RuntimeError("cannot place separated means")
        m = rng.uniform(-HALF_WIDTH, HALF_WIDTH, size=d)
        if all(np.linalg.norm(m - o) >= SEPARATION for o in means):
            means.append(m)
    return np.array(means)


def kmeans_plus_plus(x, k, rng):
    """k-means++ seeding (one candidate per step): returns row indices and centres."""
    n = x.shape[0]
    first = int(rng.integers(n))
    idx = [first]
    d2 = np.sum((x - x[first]) ** 2, axis=1)
    while len(idx) < k:
        nxt = int(rng.choice(n, p=d2 / d2.sum()))
        idx.append(nxt)
        np.minimum(d2, np.sum((x - x[nxt]) ** 2, axis=1), out=d2)
    return idx, x[idx].copy()


def mean_loglik(x, weights, means, covs, chunk=100_000):
    """Mean log-likelihood of a full-covariance mixture, by chunks (exact)."""
    n, d = x.shape
    chols = [np.linalg.cholesky(c) for c in covs]
    consts = [np.log(w) - 0.5 * d * np.log(2 * np.pi) - np.sum(np.log(np.diag(c)))
              for w, c in zip(weights, chols)]
    total = 0.0
    for s in range(0, n, chunk):
        xb = x[s:s + chunk]
        lp = np.empty((xb.shape[0], len(weights)))
        for k, (mu, c) in enumerate(zip(means, chols)):
            z = solve_triangular(c, (xb - mu).T, lower=True)
            lp[:, k] = consts[k] - 0.5 * np.einsum("ij,ij->j", z, z)
        total += logsumexp(lp, axis=1).sum()
    return total / n


def sample(rng, n, weights, means, covs):
    counts = rng.multinomial(n, weights)
    parts, labels = [], []
    for k, c in enumerate(counts):
        z = rng.standard_normal((c, means.shape[1]))
        parts.append(means[k] + z @ np.linalg.cholesky(covs[k]).T)
        labels.append(np.full(c, k, dtype=np.int32))
    x, lab = np.concatenate(parts), np.concatenate(labels)
    order = rng.permutation(n)
    return np.ascontiguousarray(x[order]), lab[order], counts


def generate(name):
    n, d, k, seed = WORKLOADS[name]
    t0 = time.time()
    rng = np.random.default_rng(seed)
    weights = rng.dirichlet(np.full(k, 5.0))
    means = separated_means(rng, k, d)
    covs = np.array([spd_matrix(rng, d) for _ in range(k)])
    x, labels, counts = sample(rng, n, weights, means, covs)

    # The fixed start: k-means++ centres, uniform weights, every covariance the
    # global (ddof = 0) covariance of the data or its diagonal / mean variance.
    idx, init_means = kmeans_plus_plus(x, k, np.random.default_rng(seed + 1))
    gcov = np.atleast_2d(np.cov(x, rowvar=False, bias=True))
    gcov = (gcov + gcov.T) / 2
    init_w = np.full(k, 1.0 / k)
    var_diag = np.diag(gcov).copy()
    var_sph = float(var_diag.mean())
    init = {
        "method": ("means: rows of X picked by k-means++ seeding with "
                   f"numpy default_rng({seed + 1}); weights 1/K; covariances: the global "
                   "covariance of X (ddof=0) for full and tied, its diagonal for diag, the "
                   "mean of that diagonal for spherical"),
        "indices": idx,
        "weights": init_w.tolist(),
        "means": init_means.tolist(),
        "covariances_full": [gcov.tolist()] * k,
        "covariances_diag": [var_diag.tolist()] * k,
        "covariances_spherical": [var_sph] * k,
        "covariance_tied": gcov.tolist(),
    }
    full = np.array([gcov] * k)
    init["mean_loglik_full"] = mean_loglik(x, init_w, init_means, full)
    init["mean_loglik_diag"] = mean_loglik(x, init_w, init_means,
                                           np.array([np.diag(var_diag)] * k))
    init["mean_loglik_spherical"] = mean_loglik(x, init_w, init_means,
                                                np.array([var_sph * np.eye(d)] * k))
    init["mean_loglik_tied"] = init["mean_loglik_full"]

    os.makedirs(DATA, exist_ok=True)
    data_path = os.path.join(DATA, f"{name}.f64")
    x.astype("<f8").tofile(data_path)
    labels.astype("<i4").tofile(os.path.join(DATA, f"{name}.labels.i32"))
    with open(data_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()
    meta = {
        "name": name, "N": n, "D": d, "K": k, "seed": seed,
        "data_file": f"{name}.f64", "dtype": "float64", "byte_order": "little",
        "layout": "row-major N x D (row i = sample i)",
        "labels_file": f"{name}.labels.i32", "data_sha256": digest,
        "generator": {
            "script": "scripts/bench/gen.py", "numpy": np.__version__,
            "rng": "numpy.random.default_rng (PCG64)",
            "weights": "Dirichlet(5, ..., 5)",
            "means": f"uniform in [-{HALF_WIDTH}, {HALF_WIDTH}]^D, redrawn until every pair "
                     f"is at least {SEPARATION} apart",
            "covariances": f"Q diag(lambda) Q^T, Q a random rotation, lambda log-uniform in "
                           f"{list(VAR_RANGE)}",
            "rows": "multinomial counts per component, then shuffled",
        },
        "true": {
            "weights": weights.tolist(), "means": means.tolist(),
            "covariances": covs.tolist(), "counts": counts.tolist(),
            "mean_loglik": mean_loglik(x, weights, means, covs),
        },
        "init": init,
    }
    with open(os.path.join(DATA, f"{name}.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(f"{name}: N={n} D={d} K={k} init mean loglik full={init['mean_loglik_full']:.6f} "
          f"diag={init['mean_loglik_diag']:.6f} true={meta['true']['mean_loglik']:.6f} "
          f"({time.time() - t0:.1f} s) -> {DATA}", flush=True)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("workloads", nargs="*", default=list(WORKLOADS))
    ap.add_argument("--force", action="store_true", help="regenerate existing workloads")
    a = ap.parse_args()
    for name in a.workloads:
        if name not in WORKLOADS:
            sys.exit(f"gen.py: unknown workload {name!r} (want one of {', '.join(WORKLOADS)})")
        done = os.path.exists(os.path.join(DATA, f"{name}.json"))
        if done and not a.force:
            print(f"{name}: already in {DATA} (use --force to regenerate)")
            continue
        generate(name)


if __name__ == "__main__":
    main()
