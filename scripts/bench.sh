#!/usr/bin/env bash
# Benchmark this module's EM and k-means against scikit-learn, side by side.
#
#   scripts/bench.sh                          # W1-W5, full,diag,kmeans, I=10, 3 reps
#   scripts/bench.sh --workloads W2,W3 --covs full,diag,spherical,tied,kmeans --iters 20 --reps 5
#   scripts/bench.sh --threads 1              # both sides on one core (steadier on a shared machine)
#   scripts/bench.sh --scaling                # also N = 1e4..1e6 (D=10, K=10) -> docs/scaling.png
#
# From a clone with nothing else: installs Debian's scikit-learn stack if it is
# missing (needs root or sudo), generates the workloads with scripts/bench/gen.py into
# $GMM_BENCH_DATA (default bench-data/, git-ignored; about 150 MB), builds
# gmm/cmd/gmmbench and runs `gmmbench compare`, which alternates one process of each
# side per repetition, from the same start, plain ML EM (no regularisation) for
# exactly I iterations. It prints a Markdown table: seconds per iteration of each
# side (marginal: (median T(I) - median T(1)) / (I - 1)), the speed-up, the Go
# side's GFLOP/s, the mean log-likelihood of each after I iterations (k-means: inertia
# per point), the peak RSS of each process and how much of it the fit added over the
# loaded data. The table and every raw measurement (JSON lines) are also saved in
# $GMM_BENCH_DATA/results-<time>.{md,jsonl}. The scikit-learn side (and numpy's DGEMM rate,
# measured before and after the pairs on all cores and on one) runs with
# OPENBLAS_CORETYPE and OPENBLAS_L2_SIZE unset, so that OpenBLAS picks its own kernel;
# the table names the CPU, its vector instruction sets, the kernels the Go side
# dispatched to and the BLAS kernel and threads scikit-learn used (threadpoolctl).
set -euo pipefail

workloads=W1,W2,W3,W4,W5
covs=full,diag,kmeans
iters=10
reps=3
scaling=0
install=1
threads=0
while [[ $# -gt 0 ]]; do
  case "$1" in
    --workloads) workloads=$2; shift 2 ;;
    --covs) covs=$2; shift 2 ;;
    --iters) iters=$2; shift 2 ;;
    --reps) reps=$2; shift 2 ;;
    --scaling) scaling=1; shift ;;
    --threads) threads=$2; shift 2 ;;
    --no-install) install=0; shift ;;
    -h|--help) sed -n '2,25p' "$0"; exit 0 ;;
    *) echo "bench.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
  esac
done

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export GMM_BENCH_DATA=${GMM_BENCH_DATA:-$root/bench-data}
py=/usr/bin/python3

have_python_stack() {
  [[ -x $py ]] && $py -c 'import sklearn, numpy, scipy, threadpoolctl' 2>/dev/null &&
    dpkg -s libopenblas0-pthread >/dev/null 2>&1
}
if ! have_python_stack; then
  if [[ $install == 0 ]]; then
    echo "bench.sh: scikit-learn stack missing and --no-install given" >&2; exit 1
  fi
  sudo=""
  [[ $(id -u) == 0 ]] || sudo=sudo
  echo "bench.sh: installing Debian's python3-sklearn, numpy, scipy, threadpoolctl, OpenBLAS" >&2
  $sudo apt-get update -q >&2
  $sudo apt-get install -y -q -o DPkg::Lock::Timeout=600 python3-sklearn python3-numpy \
    python3-scipy python3-threadpoolctl libopenblas0-pthread >&2
fi

need=$(echo "$workloads" | tr ',' ' ')
[[ $scaling == 1 ]] && need="$need W3"
# shellcheck disable=SC2086
$py scripts/bench/gen.py $(echo $need | tr ' ' '\n' | sort -u) >&2

mkdir -p "$GMM_BENCH_DATA"
bin=$GMM_BENCH_DATA/gmmbench
go build -o "$bin" ./gmm/cmd/gmmbench

stamp=$(date -u +%Y%m%dT%H%M%SZ)
"$bin" compare -data "$GMM_BENCH_DATA" -workloads "$workloads" -covs "$covs" \
  -iters "$iters" -reps "$reps" -threads "$threads" -json "$GMM_BENCH_DATA/results-$stamp.jsonl" |
  tee "$GMM_BENCH_DATA/results-$stamp.md"

if [[ $scaling == 1 ]]; then
  # One core per side and CPU seconds: the curve's shape is then immune to other load.
  "$bin" scaling -data "$GMM_BENCH_DATA" -iters "$iters" -reps "$reps" -threads 1 -metric cpu \
    -png docs/scaling.png -json "$GMM_BENCH_DATA/scaling-$stamp.jsonl" |
    tee "$GMM_BENCH_DATA/scaling-$stamp.md"
fi
