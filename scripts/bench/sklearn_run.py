#!/usr/bin/env python3
"""One scikit-learn measurement for the gmmbook benchmark (one process, one JSON line).

  /usr/bin/python3 scripts/bench/sklearn_run.py --workload W2 --cov full --iters 10

--cov full|diag|spherical|tied runs GaussianMixture, --cov kmeans runs Lloyd's KMeans.
Both start from the workload's fixed "init" (see gen.py) and run plain maximum-likelihood
EM: reg_covar=0, tol=0, so exactly --iters iterations. In this one process it times
(time.perf_counter, data loading excluded, after a small warm-up fit on 1000 rows):
  t1  a fit with max_iter=1      (fixed overhead + one iteration)
  tI  a fit with max_iter=iters
and reports the mean log-likelihood after the iters M-steps (score(X)), or for k-means
the inertia per sample, the RSS before the I-iteration fit and the peak RSS during it
(VmHWM, reset just before it), plus how many cores other processes used
meanwhile (others_cores, from /proc/stat). The driver (gmmbench compare) alternates
processes of this script with the Go side and takes medians.
"""
import argparse
import gc
import json
import os
import platform
import time
import warnings

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
DATA = os.environ.get("GMM_BENCH_DATA", os.path.join(ROOT, "bench-data"))


def proc_status(key):
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1]) * 1024
    return -1


def reset_peak():
    try:
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")
        return True
    except OSError:
        return False


def machine_busy_jiffies():
    with open("/proc/stat") as f:
        v = [int(t) for t in f.readline().split()[1:]]
    return v[0] + v[1] + v[2] + v[5] + v[6] + v[7]


class Others:
    """Cores used by other processes while this one measures (0 = quiet machine)."""

    def __enter__(self):
        self.b, self.c, self.w = machine_busy_jiffies(), time.process_time(), time.perf_counter()
        return self

    def __exit__(self, *exc):
        hz = os.sysconf("SC_CLK_TCK")
        wall = time.perf_counter() - self.w
        machine = (machine_busy_jiffies() - self.b) / hz
        self.cores = max(0.0, (machine - (time.process_time() - self.c)) / wall)


def load(name, rows):
    with open(os.path.join(DATA, f"{name}.json")) as f:
        meta = json.load(f)
    n, d = meta["N"], meta["D"]
    if rows:
        n = min(rows, n)
    x = np.fromfile(os.path.join(DATA, meta["data_file"]), dtype="<f8", count=n * d)
    return meta, x.reshape(n, d)


def precisions(meta, cov):
    init = meta["init"]
    if cov == "full":
        p = np.array([np.linalg.inv(c) for c in np.array(init["covariances_full"])])
        return (p + p.transpose(0, 2, 1)) / 2
    if cov == "tied":
        p = np.linalg.inv(np.array(init["covariance_tied"]))
        return (p + p.T) / 2
    if cov == "diag":
        return 1.0 / np.array(init["covariances_diag"])
    return 1.0 / np.array(init["covariances_spherical"])


def mixture(meta, cov, iters):
    from sklearn.mixture import GaussianMixture
    init = meta["init"]
    return GaussianMixture(
        n_components=meta["K"], covariance_type=cov, tol=0.0, reg_covar=0.0,
        max_iter=iters, n_init=1, init_params="random_from_data", random_state=0,
        weights_init=np.array(init["weights"]), means_init=np.array(init["means"]),
        precisions_init=precisions(meta, cov))


def kmeans(meta, iters):
    from sklearn.cluster import KMeans
    return KMeans(n_clusters=meta["K"], init=np.array(meta["init"]["means"]), n_init=1,
                  max_iter=iters, tol=0.0, algorithm="lloyd", random_state=0)


def timed(model, x):
    """Wall and process CPU seconds of model.fit(x)."""
    c0, t0 = time.process_time(), time.perf_counter()
    model.fit(x)
    return time.perf_counter() - t0, time.process_time() - c0


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--workload", required=True)
    ap.add_argument("--cov", required=True, choices=["full", "diag", "spherical", "tied", "kmeans"])
    ap.add_argument("--iters", type=int, default=10)
    ap.add_argument("--rows", type=int, default=0, help="use only the first ROWS rows")
    a = ap.parse_args()
    warnings.simplefilter("ignore")  # ConvergenceWarning: tol=0 never converges

    import scipy
    import sklearn
    from threadpoolctl import threadpool_info
    meta, x = load(a.workload, a.rows)
    x.sum()  # page the data in
    make = (lambda i: kmeans(meta, i)) if a.cov == "kmeans" else (lambda i: mixture(meta, a.cov, i))
    make(1).fit(x[:1000])  # warm-up: imports, BLAS threads
    with Others() as others:
        t1, cpu1 = timed(make(1), x)
        # Memory figures are those of the I-iteration fit alone.
        gc.collect()
        rss_data = proc_status("VmRSS")
        peak_reset = reset_peak()
        model = make(a.iters)
        ti, cpui = timed(model, x)
    peak = proc_status("VmHWM")
    out = {
        "side": "sklearn", "workload": a.workload, "cov": a.cov, "iters": a.iters,
        "n": x.shape[0], "d": x.shape[1], "k": meta["K"],
        "n_iter": int(model.n_iter_), "t1": t1, "ti": ti, "cpu1": cpu1, "cpui": cpui,
        "rss_data": rss_data, "peak_rss": peak, "peak_reset": peak_reset,
        "data_bytes": x.nbytes, "others_cores": others.cores,
        "threads": [d.get("num_threads") for d in threadpool_info()],
        "blas": "; ".join(f"{d.get('internal_api')} {d.get('version')}, kernel {d.get('architecture')}, "
                          f"{d.get('num_threads')} threads"
                          for d in threadpool_info() if d.get("user_api") == "blas"),
        "version": f"scikit-learn {sklearn.__version__}, numpy {np.__version__}, "
                   f"scipy {scipy.__version__}, python {platform.python_version()}",
    }
    if a.cov == "kmeans":
        out["inertia_per_sample"] = float(model.inertia_) / x.shape[0]
    else:
        out["mean_loglik"] = float(model.score(x))
    print(json.dumps(out))


if __name__ == "__main__":
    main()
