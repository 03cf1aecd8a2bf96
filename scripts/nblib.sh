# nblib.sh: shell helpers shared by scripts/run.sh and scripts/test.sh (source it).
# Sets REPO (the repository root), puts Go's tools on PATH for the GoNB kernel, and
# defines nb_setup (setup if anything is missing), nb_execute (headless execution of one
# notebook) and nb_check (scripts/nbcheck.py on the result).

REPO="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PY=/usr/bin/python3 # Debian's jupyter and nbformat live there, whatever python3 is on PATH
NB_CELL_TIMEOUT="${NB_CELL_TIMEOUT:-900}"

if command -v go >/dev/null 2>&1; then
	_gobin="$(go env GOBIN)"
	[ -n "$_gobin" ] || _gobin="$(go env GOPATH)/bin"
	# The kernel inherits Jupyter's PATH: go and goimports must be on it.
	export PATH="$(go env GOROOT)/bin:$_gobin:$PATH"
	unset _gobin
fi
export PYDEVD_DISABLE_FILE_VALIDATION=1 # silences a debugger warning from ipykernel
export DEBIAN_FRONTEND=noninteractive

# nb_setup: runs scripts/setup.sh unless everything is already present.
nb_setup() {
	if ! bash "$REPO/scripts/setup.sh" --check >/dev/null 2>&1; then
		echo "== setup (scripts/setup.sh)"
		bash "$REPO/scripts/setup.sh"
	fi
}

# nb_notebooks: the notebooks to run, in order (arguments, or every notebooks/*.ipynb).
nb_notebooks() {
	if [ "$#" -gt 0 ]; then
		printf '%s\n' "$@"
	else
		find "$REPO/notebooks" -maxdepth 1 -name '*.ipynb' | LC_ALL=C sort
	fi
}

# nb_execute NOTEBOOK OUTDIR LOG: executes NOTEBOOK headless, with GMMBOOK_HEADLESS=1 (the
# kernel runs in the notebook's own folder, so its first cell finds the module) and writes the
# executed copy to OUTDIR/<same name>, errors kept in the outputs (--allow-errors) for
# nb_check.
# nbconvert's and the kernel's messages go to LOG. Returns nbconvert's status.
nb_execute() {
	local nb="$1" outdir="$2" log="$3"
	mkdir -p "$outdir"
	rm -f "$outdir/$(basename "$nb")"
	# No browser runs the widgets' JavaScript here: GMMBOOK_HEADLESS=1 tells an interactive
	# notebook (07) to draw its controls' starting state instead of waiting for them.
	GMMBOOK_HEADLESS=1 jupyter nbconvert --to notebook --execute --allow-errors \
		--ExecutePreprocessor.timeout="$NB_CELL_TIMEOUT" \
		--ExecutePreprocessor.record_timing=False \
		--output-dir "$outdir" "$nb" </dev/null >"$log" 2>&1
}

# nb_check EXECUTED [nbcheck options...]: prints the real error of any failing cell.
nb_check() {
	"$PY" "$REPO/scripts/nbcheck.py" "$@"
}

# nb_seconds START: seconds elapsed since START (from date +%s.%N), one decimal.
nb_seconds() {
	awk -v s="$1" -v e="$(date +%s.%N)" 'BEGIN { printf "%.1f", e - s }'
}

# nb_render NOTEBOOK DIR LOG: renders NOTEBOOK to DIR/<name>.md, its images (PNG, SVG,
# JPEG and animated GIF) in DIR/<name>_files/ (old renderings of it removed first).
# scripts/nbconvert/markdown_config.py adds the GIFs, which nbconvert's Markdown drops.
nb_render() {
	local nb="$1" dir="$2" log="$3" base
	base="$(basename "$nb" .ipynb)"
	mkdir -p "$dir"
	rm -rf "${dir:?}/$base.md" "${dir:?}/${base}_files"
	jupyter nbconvert --to markdown --config "$REPO/scripts/nbconvert/markdown_config.py" \
		--output-dir "$dir" "$nb" </dev/null >"$log" 2>&1
}
