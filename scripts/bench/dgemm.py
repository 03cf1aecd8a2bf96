#!/usr/bin/env python3
"""The machine's DGEMM rate through numpy's BLAS, as the scikit-learn side sees it.

  /usr/bin/python3 scripts/bench/dgemm.py [--n 2000] [--reps 5]

Prints one JSON line: the best GFLOP/s of C = A B (n × n, 2n³ flops) over --reps
products with the BLAS's default thread count and with one thread (threadpoolctl), and
what threadpoolctl reports of the BLAS (library, version, kernel "architecture",
threads). Run it with the scikit-learn side's environment (gmmbench compare unsets
OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE for both).
"""
import argparse
import json
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def best_rate(n, reps):
    rng = np.random.default_rng(1)
    a, b = rng.standard_normal((n, n)), rng.standard_normal((n, n))
    a @ b  # warm-up: threads, pages
    best = 0.0
    for _ in range(reps):
        t = time.perf_counter()
        a @ b
        best = max(best, 2 * n**3 / (time.perf_counter() - t) / 1e9)
    return best


def blas_info():
    return [{k: d.get(k) for k in ("internal_api", "version", "architecture", "num_threads")}
            for d in threadpool_info() if d.get("user_api") == "blas"]


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=2000)
    ap.add_argument("--reps", type=int, default=5)
    a = ap.parse_args()
    info = blas_info()
    all_cores = best_rate(a.n, a.reps)
    with threadpool_limits(1, user_api="blas"):
        one = best_rate(a.n, a.reps)
    print(json.dumps({"gflops_all": all_cores, "gflops_one": one, "blas": info}))


if __name__ == "__main__":
    main()
