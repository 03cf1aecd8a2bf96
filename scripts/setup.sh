#!/usr/bin/env bash
# setup.sh: install what the notebooks need, from a fresh Debian machine.
#
#   - Jupyter from Debian's packages (notebook, nbconvert, client, nbformat, ipykernel), and
#     chromium and python3-websocket for the browser test of notebook 07 and the
#     screenshot check of scripts/test.sh
#   - GoNB v0.11.4 (the Go kernel), goimports (x/tools v0.52.0) and gopls v0.23.0
#   - the GoNB kernel registered with Jupyter and verified with `jupyter kernelspec list`
#
# Idempotent: every step checks first, so a re-run with everything present takes seconds.
# Needs Go (>= 1.24, see go.mod) and the Go module proxy; runs as root, or uses sudo for apt.
# Usage: scripts/setup.sh [--check]   (--check: only report whether anything is missing;
#                                        exit 0 if all is present, 1 otherwise)
set -euo pipefail

GONB_VERSION=v0.11.4
TOOLS_VERSION=v0.52.0 # golang.org/x/tools, for goimports
GOPLS_VERSION=v0.23.0 # v0.24.0 needs Go >= 1.27
APT_PACKAGES=(jupyter-notebook jupyter-nbconvert jupyter-client jupyter-nbformat python3-ipykernel
	chromium python3-websocket) # the last two for scripts/browser_test.py (notebook 07's widgets)

check_only=false
case "${1:-}" in
--check) check_only=true ;;
-h | --help)
	awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
	exit 0
	;;
"") ;;
*)
	echo "setup.sh: unknown argument $1 (try --help)" >&2
	exit 2
	;;
esac

log() { echo "setup: $*" >&2; }
die() {
	echo "setup: error: $*" >&2
	exit 1
}

command -v go >/dev/null 2>&1 || die "go not found on PATH: install Go >= 1.24 first (https://go.dev/dl)"
GOBIN_DIR="$(go env GOBIN)"
[ -n "$GOBIN_DIR" ] || GOBIN_DIR="$(go env GOPATH)/bin"
export PATH="$(go env GOROOT)/bin:$GOBIN_DIR:$PATH"
export PYDEVD_DISABLE_FILE_VALIDATION=1 # silences a debugger warning from ipykernel

missing_apt() {
	local p
	for p in "${APT_PACKAGES[@]}"; do
		[ "$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null)" = "install ok installed" ] || echo "$p"
	done
}

# has_module BIN MODULE VERSION: the binary exists and was built from MODULE at VERSION.
has_module() {
	local info
	[ -x "$GOBIN_DIR/$1" ] || return 1
	info="$(go version -m "$GOBIN_DIR/$1" 2>/dev/null)" || return 1
	# (no `cmd | grep -q` under pipefail: grep's early exit can fail the pipe)
	grep -qE "^[[:space:]]+mod[[:space:]]+$2[[:space:]]+$3([[:space:]]|$)" <<<"$info"
}

kernel_json() {
	echo "${JUPYTER_DATA_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/jupyter}/kernels/gonb/kernel.json"
}

kernelspecs() { jupyter kernelspec list 2>/dev/null || true; }

has_kernel() {
	[ -f "$(kernel_json)" ] && grep -qF "\"$GOBIN_DIR/gonb\"" "$(kernel_json)" &&
		command -v jupyter >/dev/null 2>&1 &&
		grep -qE '^[[:space:]]+gonb[[:space:]]' <<<"$(kernelspecs)"
}

if $check_only; then
	ok=true
	[ -z "$(missing_apt)" ] || { log "missing apt packages: $(missing_apt | tr '\n' ' ')"; ok=false; }
	has_module gonb github.com/janpfeifer/gonb "$GONB_VERSION" || { log "missing gonb $GONB_VERSION"; ok=false; }
	has_module goimports golang.org/x/tools "$TOOLS_VERSION" || { log "missing goimports $TOOLS_VERSION"; ok=false; }
	has_module gopls golang.org/x/tools/gopls "$GOPLS_VERSION" || { log "missing gopls $GOPLS_VERSION"; ok=false; }
	has_kernel || { log "gonb kernel not registered"; ok=false; }
	$ok && log "all present"
	$ok
	exit
fi

# 1. Jupyter from Debian.
missing="$(missing_apt | tr '\n' ' ')"
if [ -n "${missing// /}" ]; then
	SUDO=""
	[ "$(id -u)" -eq 0 ] || SUDO="sudo"
	export DEBIAN_FRONTEND=noninteractive
	log "installing apt packages: $missing"
	$SUDO apt-get -o DPkg::Lock::Timeout=600 update -q
	# shellcheck disable=SC2086
	$SUDO apt-get install -y -q -o DPkg::Lock::Timeout=600 $missing
else
	log "jupyter packages present"
fi

# 2. GoNB, built inside a throwaway module: `go install ...@v0.11.4` fails because the
# proxy refuses GoNB's version list (used for the deprecation check).
if ! has_module gonb github.com/janpfeifer/gonb "$GONB_VERSION"; then
	log "building gonb $GONB_VERSION"
	tmp="$(mktemp -d)"
	(
		cd "$tmp"
		go mod init gonbinstall >/dev/null 2>&1
		go get "github.com/janpfeifer/gonb@$GONB_VERSION"
		go install github.com/janpfeifer/gonb
	)
	rm -rf "$tmp"
	has_module gonb github.com/janpfeifer/gonb "$GONB_VERSION" || die "gonb $GONB_VERSION not installed in $GOBIN_DIR"
else
	log "gonb $GONB_VERSION present"
fi

# 3. goimports and gopls, installed separately (not from one tools module).
if ! has_module goimports golang.org/x/tools "$TOOLS_VERSION"; then
	log "installing goimports $TOOLS_VERSION"
	go install "golang.org/x/tools/cmd/goimports@$TOOLS_VERSION"
else
	log "goimports $TOOLS_VERSION present"
fi
if ! has_module gopls golang.org/x/tools/gopls "$GOPLS_VERSION"; then
	log "installing gopls $GOPLS_VERSION"
	go install "golang.org/x/tools/gopls@$GOPLS_VERSION"
else
	log "gopls $GOPLS_VERSION present"
fi

# 4. Register the kernel (writes kernel.json with the absolute path of the gonb binary).
if ! has_kernel; then
	log "registering the gonb kernel"
	"$GOBIN_DIR/gonb" --install --logtostderr
fi
specs="$(kernelspecs)"
grep -qE '^[[:space:]]+gonb[[:space:]]' <<<"$specs" || die "jupyter kernelspec list does not show gonb"
log "ok: $(grep -E '^[[:space:]]+gonb[[:space:]]' <<<"$specs" | sed 's/^ *//')"
