#!/usr/bin/env bash
# test.sh: every test of the repository, what CI runs (.ci/run).
#
#   1. gofmt -l (no file may need formatting), go vet ./..., go test ./..., the kernel
#      tests again on an emulated CPU with AVX-512 (scripts/avx512.sh); the same in
#      the gmm/beam module (Apache Beam on the Prism runner; its first build downloads
#      the Beam SDK from the Go module proxy) and in the notebooks module (notebooks/book)
#   2. scripts/setup.sh if Jupyter/GoNB are missing
#   3. the notebook checker's own test (scripts/nbcheck_test.py: a generated notebook
#      with a panic, one with a compile error, one with a failed shell line must fail
#      with their real messages; stale outputs must be caught; the Markdown rendering
#      must write image/gif outputs as files and show them)
#   4. every notebooks/*.ipynb executed headless into a scratch folder and checked by
#      scripts/nbcheck.py: no error output (the failing cell's real message is printed),
#      outputs identical to the committed ones (images compared loosely), executed top to
#      bottom, and docs/notebooks/<name>.md rendered from the committed notebook
#   5. notebook 07's widgets in a real browser (scripts/browser_test.py: Jupyter served on
#      127.0.0.1, Debian's chromium headless driven over the DevTools protocol; it moves the
#      sliders, checks that the figures change, and prints each update's latency), when every
#      notebook is checked or 07 is among those named
#   6. every docs/notebooks page rendered in headless Chromium by scripts/shots.py: fails
#      on a missing image or a table that did not render; screenshots in the scratch
#      folder (kept with --keep), never committed
#
# Ends with "notebooks: N passed, N failed"; exits non-zero if anything failed.
# Usage: scripts/test.sh [--go-only | --notebooks-only] [--keep] [NOTEBOOK...]
#   --go-only         step 1 only
#   --notebooks-only  steps 2-5 only
#   --keep            keep the scratch folder (executed notebooks, logs) even on success
#   NOTEBOOK...       check only these notebooks (default: every notebooks/*.ipynb)
# Environment: NB_CELL_TIMEOUT (seconds a cell may run, default 900).
set -uo pipefail

go_steps=true nb_steps=true keep=false
# The tests of the assembly kernels and of what calls them, run again under the
# AVX-512 emulator.
avx512_tests='AVX512|512|Kernels|Scatter|CopyShift|KMeans|RootMoments|Pooled|MomentsSym|ExpNormalise|ExpKernel|MomentsAgree|Sweep|MidDim'
args=()
while [ "$#" -gt 0 ]; do
	case "$1" in
	--go-only) nb_steps=false ;;
	--notebooks-only) go_steps=false ;;
	--keep) keep=true ;;
	-h | --help)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 0
		;;
	-*)
		echo "test.sh: unknown flag $1 (try --help)" >&2
		exit 2
		;;
	*) args+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")") ;;
	esac
	shift
done

# shellcheck source=scripts/nblib.sh
source "$(dirname "$0")/nblib.sh"
cd "$REPO" || exit 2
failed_steps=()
step() { echo; echo "== $*"; }
fail() { failed_steps+=("$1"); }

# docs_diff DIR BASE: differences between the rendering in DIR and docs/notebooks.
docs_diff() {
	diff -q "$1/$2.md" "docs/notebooks/$2.md" 2>&1
	if [ -d "$1/$2_files" ] || [ -d "docs/notebooks/$2_files" ]; then
		diff -r -q "$1/$2_files" "docs/notebooks/$2_files" 2>&1
	fi
}

if $go_steps; then
	step "gofmt -l ."
	unformatted="$(gofmt -l .)"
	if [ -n "$unformatted" ]; then
		echo "files need gofmt:"
		echo "$unformatted"
		fail gofmt
	fi
	step "gmm/sweep512_amd64.s is scripts/gen-sweep512.py's output"
	python3 scripts/gen-sweep512.py | cmp -s - gmm/sweep512_amd64.s ||
		{ echo "gmm/sweep512_amd64.s differs: run go generate ./gmm/"; fail "generated assembly"; }
	step "go vet ./..."
	go vet ./... || fail "go vet"
	step "go test ./..."
	go test ./... || fail "go test"
	step "go test -tags purego ./gmm/... (the pure-Go kernels, no assembly)"
	go test -tags purego ./gmm/... || fail "go test -tags purego"
	# The AVX-512 kernels run only where the CPU has AVX-512F; on an emulated one
	# they run everywhere: the kernels' tests and the sweeps and k-means built on them
	# (about 4 minutes of one core; the rest of gmm is tested natively above).
	step "AVX-512 kernels under the Bochs emulator (scripts/avx512.sh)"
	bash scripts/avx512.sh -timeout 1500 -run "$avx512_tests" ./gmm/internal/cpu/ ./gmm/ -- -test.short ||
		fail "avx512 (Bochs)"
	# gmm/beam is its own module (Apache Beam's Go SDK), so that the core module
	# depends on gonum only: vet and test it apart, on the in-process Prism runner.
	step "gmm/beam: go vet ./..., go test ./..."
	(cd gmm/beam && go vet ./... && go test -timeout 30m ./...) || fail "gmm/beam"
	# notebooks/ is its own module too (GoNB's gonbui, fonts), so that the library's
	# module depends on gonum and gonum/plot only.
	step "notebooks: go vet ./..., go test ./..."
	(cd notebooks && go vet ./... && go test ./...) || fail "notebooks module"
fi

passed=0 failed=0
if $nb_steps; then
	step "setup"
	if nb_setup; then
		echo "Jupyter and GoNB present"
	else
		fail setup
	fi
	scratch="$(mktemp -d "${TMPDIR:-/tmp}/gmmbook-nbtest.XXXXXX")"

	step "notebook checker self-test (scripts/nbcheck_test.py)"
	"$PY" "$REPO/scripts/nbcheck_test.py" "$scratch/selftest" || fail "nbcheck self-test"

	step "notebooks (executed into $scratch)"
	mapfile -t notebooks < <(nb_notebooks "${args[@]}")
	for nb in "${notebooks[@]}"; do
		name="${nb#"$REPO"/}"
		base="$(basename "$nb" .ipynb)"
		start="$(date +%s.%N)"
		nb_execute "$nb" "$scratch/run" "$scratch/$base.log"
		report="$(nb_check "$scratch/run/$base.ipynb" --committed "$nb" --name "$name" --log "$scratch/$base.log")"
		ok=$?
		# The rendered page must be the committed notebook's rendering.
		if nb_render "$nb" "$scratch/docs/$base" "$scratch/$base.render.log"; then
			docdiff="$(docs_diff "$scratch/docs/$base" "$base")"
			if [ -n "$docdiff" ]; then
				report+=$'\n'"$name: docs/notebooks/$base.md is stale (run scripts/run.sh, commit docs/notebooks):"
				report+=$'\n'"$(echo "$docdiff" | sed 's/^/    | /')"
				ok=1
			fi
		else
			report+=$'\n'"$name: nbconvert --to markdown failed:"$'\n'"$(tail -5 "$scratch/$base.render.log")"
			ok=1
		fi
		if [ "$ok" -eq 0 ]; then
			passed=$((passed + 1))
			echo "PASS $name ($(nb_seconds "$start") s)"
		else
			failed=$((failed + 1))
			echo "FAIL $name ($(nb_seconds "$start") s)"
			echo "${report#$'\n'}"
		fi
	done
	if [ "${#args[@]}" -eq 0 ] || [[ " ${args[*]} " == *"/07_steer_em.ipynb "* ]]; then
		step "browser test of notebook 07 (scripts/browser_test.py)"
		start="$(date +%s.%N)"
		"$PY" "$REPO/scripts/browser_test.py" || fail "browser test"
		echo "browser test took $(nb_seconds "$start") s"
	fi
	step "docs/notebooks in headless Chromium (scripts/shots.py)"
	pages=()
	for nb in "${notebooks[@]}"; do pages+=("$REPO/docs/notebooks/$(basename "$nb" .ipynb).md"); done
	start="$(date +%s.%N)"
	if "$PY" "$REPO/scripts/shots.py" "$scratch/shots" "${pages[@]}"; then
		echo "pages checked in $(nb_seconds "$start") s; screenshots in $scratch/shots"
	else
		fail "screenshots"
	fi
	if $keep || [ "$failed" -gt 0 ] || [ "${#failed_steps[@]}" -gt 0 ]; then
		echo "scratch folder kept: $scratch"
	else
		rm -rf "$scratch"
	fi
fi

echo
if [ "${#failed_steps[@]}" -gt 0 ]; then
	echo "FAILED steps: ${failed_steps[*]}"
fi
echo "notebooks: $passed passed, $failed failed"
[ "${#failed_steps[@]}" -eq 0 ] && [ "$failed" -eq 0 ]
