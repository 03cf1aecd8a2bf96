"""Reference numbers for notebook 03b (Old Faithful), computed once with scikit-learn.

Run from the repository root with Debian's python3-sklearn 1.2.1:

    /usr/bin/python3 notebooks/reference/sklearn_nb03.py

It reads the 272 rows of Old Faithful from gmm/datasets/faithful_data.go (the same
doubles the notebook fits) and, for the two models the notebook shows (full
covariance with K = 2, and tied covariance with K = 3, the model BIC picks), runs

    GaussianMixture(n_components=K, covariance_type=type, init_params=init, n_init=1,
                    tol=1e-10, max_iter=20000, reg_covar=1e-6, random_state=seed)

for init in kmeans, k-means++, random, random_from_data and seed in 0..39 (160 runs),
and prints the run with the highest total log-likelihood (score(X) * N): its
log-likelihood, bic(X), aic(X), the share of runs that reached it (within 1e-6
relative), and its parameters with the components sorted by eruption time. The
notebook embeds the printed numbers.
"""
import re
import sys

import numpy as np
import sklearn
from sklearn.mixture import GaussianMixture

SEEDS = 40
INITS = ["kmeans", "k-means++", "random", "random_from_data"]
MODELS = [("full", 2), ("tied", 3)]


def faithful():
    rows = re.findall(r"\{([0-9.]+), ([0-9.]+)\},", open("gmm/datasets/faithful_data.go").read())
    x = np.array([[float(a), float(b)] for a, b in rows])
    assert x.shape == (272, 2), x.shape
    return x


def best_fit(x, k, cov):
    runs = []
    for init in INITS:
        for seed in range(SEEDS):
            gm = GaussianMixture(n_components=k, covariance_type=cov, init_params=init, n_init=1,
                                 tol=1e-10, max_iter=20000, reg_covar=1e-6, random_state=seed).fit(x)
            runs.append((gm.score(x) * len(x), gm))
    best, gm = max(runs, key=lambda r: r[0])
    share = np.mean([abs(s - best) <= 1e-6 * abs(best) for s, _ in runs])
    return best, share, gm


def main():
    x = faithful()
    print(f"# scikit-learn {sklearn.__version__}, numpy {np.__version__}, python {sys.version.split()[0]}")
    for cov, k in MODELS:
        ll, share, gm = best_fit(x, k, cov)
        order = np.argsort(gm.means_[:, 0])
        covs = gm.covariances_ if cov != "tied" else np.array([gm.covariances_])
        if cov == "full":
            covs = covs[order]
        print(f"{cov} K={k}: loglik {ll!r} bic {gm.bic(x)!r} aic {gm.aic(x)!r} "
              f"reached by {share:.3f} of {len(INITS) * SEEDS} runs")
        print("  weights", [float(v) for v in gm.weights_[order]])
        print("  means", [[float(v) for v in row] for row in gm.means_[order]])
        print("  covariances", [[[float(v) for v in row] for row in c] for c in covs])


if __name__ == "__main__":
    main()
