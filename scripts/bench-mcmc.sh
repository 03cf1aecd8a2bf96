#!/bin/sh
# Effective draws per second of the slowest parameter on article D's model and
# data: the Go NUTS and Gibbs samplers against Stan's NUTS (Debian's
# r-cran-rstan), measured in the same run from the same data and initial points.
# Needs: apt-get install r-cran-rstan r-cran-jsonlite. The first run compiles
# the Stan model (about 1.5 min) and caches it under $GMM_BENCH_DATA/mcmc.
#   scripts/bench-mcmc.sh [-reps 3] [-workers 1] [-stan=false] ...
set -eu
cd "$(dirname "$0")/.."
dir="${GMM_BENCH_DATA:-$PWD/bench-data}/mcmc"
mkdir -p "$dir"
exec go run ./scripts/bench-mcmc -dir "$dir" -stan-dir scripts/bench-mcmc "$@"
