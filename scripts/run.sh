#!/usr/bin/env bash
# run.sh: set up Jupyter + GoNB if needed, execute every notebook, render docs/notebooks/.
#
# Usage: scripts/run.sh [--serve | --serve-only] [--port N] [NOTEBOOK...]
#
#   (no flag)     runs scripts/setup.sh if anything is missing; executes every
#                 notebooks/*.ipynb top to bottom, headless, and writes the executed
#                 notebook back in place (only if no cell failed: otherwise the failing
#                 cell's real error is printed and the committed notebook is left alone);
#                 trusts the notebooks (so Jupyter shows their HTML/SVG outputs); renders
#                 each to docs/notebooks/<name>.md with its images in <name>_files/ and
#                 writes the index docs/notebooks/README.md. One line per notebook with
#                 its time. Exits non-zero if any notebook failed.
#   --serve       the same, then starts Jupyter Notebook on http://127.0.0.1:PORT with
#                 the GoNB kernel, in notebooks/, and prints the URL to open (with its
#                 login token) and the ssh -L command to reach it from another machine
#                 (Ctrl-C stops it)
#   --serve-only  setup and trust only, then the server (no execution, no rendering)
#   --port N      the server's port (default 8888)
#   NOTEBOOK...   execute and render only these notebooks (default: all)
#   -h, --help    this text
#
# Environment: NB_CELL_TIMEOUT (seconds a cell may run, default 900). The executed copies
# and logs of failed notebooks stay in a folder under ${TMPDIR:-/tmp}, printed on failure.
set -uo pipefail

serve=false execute=true port=8888
args=()
while [ "$#" -gt 0 ]; do
	case "$1" in
	--serve) serve=true ;;
	--serve-only) serve=true execute=false ;;
	--port)
		port="${2:?--port needs a number}"
		shift
		;;
	--port=*) port="${1#--port=}" ;;
	-h | --help)
		awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
		exit 0
		;;
	-*)
		echo "run.sh: unknown flag $1 (try --help)" >&2
		exit 2
		;;
	*) args+=("$(cd "$(dirname "$1")" && pwd)/$(basename "$1")") ;;
	esac
	shift
done

# shellcheck source=scripts/nblib.sh
source "$(dirname "$0")/nblib.sh"
cd "$REPO" || exit 2
nb_setup || exit 1
mapfile -t notebooks < <(nb_notebooks "${args[@]}")

# write_index: docs/notebooks/README.md, one line per notebook with its title.
write_index() {
	local nb base title
	mkdir -p docs/notebooks
	{
		echo "# The notebooks, rendered"
		echo
		echo "Each page is a notebook from [\`notebooks/\`](../../notebooks) as executed by"
		echo "\`scripts/run.sh\`, with its figures, readable without Jupyter."
		echo
		for nb in $(nb_notebooks); do
			base="$(basename "$nb" .ipynb)"
			title="$("$PY" -c 'import sys, nbformat
nb = nbformat.read(sys.argv[1], as_version=4)
for c in nb.cells:
    for ln in c.source.splitlines() if c.cell_type == "markdown" else []:
        if ln.startswith("# "):
            print(ln[2:].strip()); sys.exit()
print(sys.argv[2])' "$nb" "$base")"
			echo "- [$title]($base.md) — [notebook](../../notebooks/$base.ipynb)"
		done
	} >docs/notebooks/README.md
}

failed=0
if $execute; then
	scratch="$(mktemp -d "${TMPDIR:-/tmp}/gmmbook-run.XXXXXX")"
	for nb in "${notebooks[@]}"; do
		name="${nb#"$REPO"/}"
		base="$(basename "$nb" .ipynb)"
		start="$(date +%s.%N)"
		nb_execute "$nb" "$scratch" "$scratch/$base.log"
		if report="$(nb_check "$scratch/$base.ipynb" --name "$name" --log "$scratch/$base.log")"; then
			cp "$scratch/$base.ipynb" "$nb"
			jupyter trust "$nb" >/dev/null 2>&1
			if nb_render "$nb" docs/notebooks "$scratch/$base.render.log"; then
				echo "ok    $name ($(nb_seconds "$start") s) -> docs/notebooks/$base.md"
			else
				failed=$((failed + 1))
				echo "FAIL  $name: nbconvert --to markdown failed:"
				tail -5 "$scratch/$base.render.log"
			fi
		else
			failed=$((failed + 1))
			echo "FAIL  $name ($(nb_seconds "$start") s): left unchanged; executed copy in $scratch"
			echo "$report"
		fi
	done
	write_index
	[ "$failed" -gt 0 ] || rm -rf "$scratch"
	echo "notebooks: $((${#notebooks[@]} - failed)) executed, $failed failed"
fi

if $serve; then
	# Trusted notebooks show their HTML and SVG outputs when opened.
	mapfile -t all < <(nb_notebooks)
	jupyter trust "${all[@]}" >/dev/null 2>&1
	root=()
	[ "$(id -u)" -ne 0 ] || root=(--allow-root)
	# Our own token, so that the URL printed here is the one that logs in.
	token="$("$PY" -c 'import secrets; print(secrets.token_hex(24))')"
	cat <<EOF

Jupyter Notebook with the GoNB kernel, serving notebooks/. Open (Ctrl-C stops it):

    http://127.0.0.1:$port/?token=$token

From another machine, forward the port over SSH first, then open the same URL there:

    ssh -L $port:127.0.0.1:$port $(id -un)@$(hostname)

The kernel logs to this terminal. At every kernel start GoNB prints three test lines of
its logger ("Info message", "Warning message", "Error message"): harmless, and filtered
out here. A compile error or a panic shows in the notebook, under its cell.

EOF
	# --port-retries=0: fail on a busy port rather than serve on another one than printed.
	# scripts/jupyter/custom/custom.css: tables aligned as their Markdown asks.
	jupyter notebook --no-browser --ip=127.0.0.1 --port="$port" --port-retries=0 "${root[@]}" \
		--NotebookApp.token="$token" --notebook-dir="$REPO/notebooks" \
		--NotebookApp.static_custom_path="$REPO/scripts/jupyter/custom" 2>&1 |
		grep --line-buffered -v -E '\] (Info|Warning|Error) message$'
	exit "${PIPESTATUS[0]}"
fi
[ "$failed" -eq 0 ]
