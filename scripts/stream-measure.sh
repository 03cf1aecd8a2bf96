#!/usr/bin/env bash
# Measure gmm fit -stream on a 10^7 x 10 CSV (issue 17): generate the file
# (scripts/streamdata gen, seeded: about 1 GB), run `gmm fit -stream` under
# /usr/bin/time -v (peak RSS), then the in-memory gmm.Fit from the same start
# (scripts/streamdata compare, also under time -v), check that the two
# log-likelihoods agree to 1e-10 relative, and delete the file.
#
#   scripts/stream-measure.sh [N] [ITERATIONS]     # defaults 10000000 10
#
# Needs about 1 GB of disk in $TMPDIR (default /tmp) and, for the in-memory side,
# about 3 GB of memory. Results go to standard output.
set -euo pipefail
n=${1:-10000000}
iters=${2:-10}
cd "$(dirname "$0")/.."
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
go build -o "$dir/gmm" ./gmm/cmd/gmm
go build -o "$dir/streamdata" ./scripts/streamdata
echo "generating $n x 10 rows"
/usr/bin/time -f "gen: %e s" "$dir/streamdata" gen -n "$n" -o "$dir/data.csv"
ls -l "$dir/data.csv"
run() { # name, output file, command...: run under time -v, print wall time and peak RSS
	local name=$1 out=$2
	shift 2
	/usr/bin/time -v "$@" >"$out" 2>"$dir/$name.time"
	cat "$out"
	grep -E "Elapsed|Maximum resident" "$dir/$name.time" | sed "s/^/$name: /"
}
run stream "$dir/stream.json" "$dir/gmm" fit -k 5 -max-iter "$iters" -tol 0 -stream "$dir/data.csv"
run in-memory "$dir/compare.txt" "$dir/streamdata" compare -k 5 -max-iter "$iters" -tol 0 -stream-json "$dir/stream.json" "$dir/data.csv"
