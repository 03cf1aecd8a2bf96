#!/usr/bin/env python3
"""Machine speed for the flop floor of docs/performance.md (numpy + Debian's OpenBLAS).

  /usr/bin/python3 scripts/bench/calib.py

Prints, as one JSON line, the best of 5 timings of a 2000 x 2000 DGEMM with 1 and 2
BLAS threads (GFLOP/s), the BLAS's own report of its kernel architecture, and the
number of CPUs. The flop floor of one EM iteration is its flop count divided by the
2-thread figure (or by the CPU's peak, whichever is higher).
"""
import json
import os
import time

import numpy as np
from threadpoolctl import threadpool_info, threadpool_limits


def best(f, reps=5):
    f()
    ts = []
    for _ in range(reps):
        t0 = time.perf_counter()
        f()
        ts.append(time.perf_counter() - t0)
    return min(ts)


def main():
    rng = np.random.default_rng(0)
    a, b = rng.standard_normal((2000, 2000)), rng.standard_normal((2000, 2000))
    out = {"cpus": os.cpu_count(),
           "blas": [(d.get("internal_api"), d.get("version"), d.get("architecture"))
                    for d in threadpool_info() if d.get("user_api") == "blas"]}
    for th in (1, 2):
        with threadpool_limits(limits=th, user_api="blas"):
            out[f"dgemm_gflops_{th}_threads"] = 2 * 2000 ** 3 / best(lambda: a @ b) / 1e9
    with open("/proc/loadavg") as f:
        out["loadavg"] = f.read().split()[:3]
    print(json.dumps(out))


if __name__ == "__main__":
    main()
