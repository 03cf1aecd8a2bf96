"""Time scikit-learn's BayesianGaussianMixture on the fits of gmm/variational's benchmarks.

    GMM_BENCH_DATA=DIR /usr/bin/python3 scripts/bench/gen.py W2
    cd gmm/variational && GMM_BENCH_DATA=DIR go test -run - -bench . -benchtime 5x
    GMM_BENCH_DATA=DIR env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /usr/bin/python3 scripts/bench/sklearn_vb.py

Run from the repository root. The fits are those of BenchmarkFaithful (K = 3,
full, dirichlet_process, 50 iterations, tol=0, from the fixed responsibilities
r_ik ~ 1 + ((7i + 3k) mod 5)) and BenchmarkW2 (K = 10, full, 20 iterations, from
the responsibilities of W2's fixed start mixture), reg_covar=1e-6 and the
default priors. It prints the median seconds per fit over --reps runs and
lower_bound_, which the Go benchmark reports as sklearn-bound.
"""
import argparse
import json
import os
import re
import time
import warnings

import numpy as np
import threadpoolctl
from scipy.special import logsumexp
from scipy.stats import multivariate_normal
from sklearn.mixture import BayesianGaussianMixture

warnings.simplefilter("ignore")


class FixedStart(BayesianGaussianMixture):
    resp0 = None

    def _initialize_parameters(self, X, random_state):
        self._initialize(X, self.resp0)


def faithful():
    src = open("gmm/datasets/faithful_data.go").read()
    rows = re.findall(r"\{([0-9.]+), ([0-9.]+)\},", src)
    x = np.array([[float(a), float(b)] for a, b in rows])
    i = np.arange(x.shape[0])[:, None]
    c = np.arange(3)[None, :]
    r = 1.0 + ((7 * i + 3 * c) % 5)
    return x, r / r.sum(axis=1, keepdims=True), 3, 50


def w2(d):
    meta = json.load(open(os.path.join(d, "W2.json")))
    x = np.fromfile(os.path.join(d, "W2.f64"), dtype="<f8").reshape(meta["N"], meta["D"])
    init = meta["init"]
    lp = np.column_stack([np.log(w) + multivariate_normal(m, c).logpdf(x)
                          for w, m, c in zip(init["weights"], init["means"], init["covariances_full"])])
    return x, np.exp(lp - logsumexp(lp, axis=1, keepdims=True)), meta["K"], 20


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--reps", type=int, default=5)
    args = ap.parse_args()
    print(json.dumps(threadpoolctl.threadpool_info()))
    d = os.environ.get("GMM_BENCH_DATA", "bench-data")
    for name, (x, resp, k, iters) in [("faithful", faithful()), ("W2", w2(d))]:
        times = []
        for _ in range(args.reps):
            m = FixedStart(n_components=k, covariance_type="full", max_iter=iters, tol=0, reg_covar=1e-6)
            m.resp0 = resp
            t = time.perf_counter()
            m.fit(x)
            times.append(time.perf_counter() - t)
        print("%s: median %.6f s per fit (%d reps), lower_bound_ %.10g" % (name, np.median(times), args.reps, m.lower_bound_))


main()
