#!/usr/bin/env bash
# Run a package's tests on an emulated CPU with AVX-512, on a machine without it.
#
#   scripts/avx512.sh                                   # every test of ./gmm/
#   scripts/avx512.sh -run TestAVX512Executes -v ./gmm/internal/cpu/
#   scripts/avx512.sh -run 'Kernels|Scatter' -timeout 1200 ./gmm/ -- -test.short
#
# Builds each package's test binary statically (CGO_ENABLED=0 go test -c) and the
# guest init gmm/internal/avx512init, packs them with the packages' testdata/ into an
# initramfs, and boots Debian's amd64 cloud kernel with it from an ISOLINUX CD image
# in the Bochs emulator (Debian's bochs package), on its Skylake-X CPU model, which
# has AVX-512F, headless, the guest console on an emulated serial port. The init
# checks internal/cpu's detection (CPUID and the ZMM state the kernel enabled in
# XCR0), runs each package's tests in its directory, in turn, prints
# "AVX512INIT: EXIT STATUS n" and powers the machine off. The guest's console is
# printed as it comes (kernel messages only with -kmsg).
#
# Exits 0 only if every test binary printed PASS and exited 0; otherwise non-zero with
# a message: the tests' own exit status if they failed, 3 if the guest has no AVX-512F,
# 4 if the guest did not boot or died (kernel panic), 124 on timeout, 2 on bad usage or
# a failed build.
#
# Emulation is slow: Bochs runs some 25-40 million guest instructions per CPU
# second, on one core. Booting takes about 25 s before the first test runs (with
# Debian's generic kernel, XZ-compressed, it took 2.5 minutes, 2 of them
# decompressing); Go tests then run some 100-300 times slower than natively (gmm's
# kernel tests: 0.1 s of CPU natively, 28 s emulated). The guest's clock follows
# the emulation, not real time: -test.timeout is off in the guest; -timeout bounds
# the whole run in real seconds.
#
# The guest CPU has AVX512F, CD, BW, DQ and VL (Skylake-X), not VNNI, IFMA or VBMI.
#
# Installs what it needs if missing (apt-get: bochs bochsbios vgabios isolinux
# syslinux-common xorriso cpio; needs root or sudo). The kernel is the current
# dependency of linux-image-cloud-amd64 (LZ4-compressed, which the emulator unpacks
# in seconds, where the generic kernel's XZ took two minutes), fetched with apt-get
# download and cached in $GMM_AVX512_CACHE (default ~/.cache/gmmbook-avx512).
# $GMM_AVX512_KERNEL_ARGS is appended to the kernel's command line (e.g.
# "initcall_debug ignore_loglevel", with -kmsg); $GMM_AVX512_CPU replaces Bochs's
# CPU model (to test this script: one without AVX-512, such as corei7_haswell_4770,
# must make it exit 3).
#
# Usage: scripts/avx512.sh [-run REGEX] [-timeout SECONDS] [-v] [-kmsg] [-keep]
#                          [PACKAGE...] [-- TESTFLAG...]
#   -run REGEX        passed as -test.run
#   -timeout SECONDS  real time allowed for the whole emulation (default 1800)
#   -v                passed as -test.v
#   -kmsg             show the kernel's boot messages too
#   -keep             keep the scratch folder (bochsrc, image, serial log) and say where
#   PACKAGE...        packages of this module (default ./gmm/; not patterns such as
#                     ./...), tested one after the other in one boot
#   TESTFLAG...       more flags for the test binary, e.g. -test.short -test.count=1
set -euo pipefail

run='' timeout=1800 verbose=0 kmsg=0 keep=0
pkgs=() extra=()
usage() { awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; }
while [[ $# -gt 0 ]]; do
	case "$1" in
	-run) run=$2; shift 2 ;;
	-timeout) timeout=$2; shift 2 ;;
	-v) verbose=1; shift ;;
	-kmsg) kmsg=1; shift ;;
	-keep) keep=1; shift ;;
	-h | -help | --help) usage; exit 0 ;;
	--) shift; extra=("$@"); break ;;
	-*) echo "avx512.sh: unknown flag $1 (try -h)" >&2; exit 2 ;;
	*) pkgs+=("$1"); shift ;;
	esac
done
[[ ${#pkgs[@]} -gt 0 ]] || pkgs=(./gmm/)
[[ $timeout =~ ^[0-9]+$ ]] || { echo "avx512.sh: -timeout wants whole seconds, got $timeout" >&2; exit 2; }

repo=$(cd "$(dirname "$0")/.." && pwd)
cache=${GMM_AVX512_CACHE:-$HOME/.cache/gmmbook-avx512}
cpu_model=${GMM_AVX512_CPU:-corei7_skylake_x}

say() { echo "avx512.sh: $*" >&2; }
die() { local code=$1; shift; say "$*"; exit "$code"; }

# install_missing installs the Debian packages whose files are missing.
install_missing() {
	local need=()
	command -v bochs-bin >/dev/null || need+=(bochs)
	[[ -f /usr/share/bochs/BIOS-bochs-latest ]] || need+=(bochsbios)
	[[ -f /usr/share/vgabios/vgabios.bin ]] || need+=(vgabios)
	[[ -f /usr/lib/ISOLINUX/isolinux.bin ]] || need+=(isolinux)
	[[ -f /usr/lib/syslinux/modules/bios/ldlinux.c32 ]] || need+=(syslinux-common)
	command -v xorriso >/dev/null || need+=(xorriso)
	command -v cpio >/dev/null || need+=(cpio)
	[[ ${#need[@]} -eq 0 ]] && return
	command -v apt-get >/dev/null || die 2 "missing ${need[*]} and no apt-get to install them"
	local sudo=()
	[[ $(id -u) -eq 0 ]] || sudo=(sudo)
	say "installing ${need[*]}"
	"${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get -y -qq install --no-install-recommends \
		"${need[@]}" >/dev/null || die 2 "apt-get install ${need[*]} failed"
}

# fetch_kernel leaves the kernel's bzImage in $kernel (once).
kernel_package=linux-image-cloud-amd64
kernel=$cache/vmlinuz-cloud
fetch_kernel() {
	[[ -s $kernel ]] && return
	mkdir -p "$cache"
	local name
	name=$(apt-cache depends $kernel_package 2>/dev/null | awk '/Depends: linux-image-[0-9]/ { print $2; exit }')
	[[ -n $name ]] || die 2 "apt-cache does not know $kernel_package (apt-get update?)"
	say "downloading $name"
	local tmp
	tmp=$(mktemp -d "$cache/dl.XXXXXX")
	(cd "$tmp" && apt-get download -qq "$name" 2>/dev/null) || { rm -rf "$tmp"; die 2 "apt-get download $name failed"; }
	dpkg-deb --fsys-tarfile "$tmp"/*.deb | tar -x -C "$tmp" --wildcards './boot/vmlinuz-*'
	mv "$tmp"/boot/vmlinuz-* "$kernel"
	echo "$name" >"$kernel.version"
	rm -rf "$tmp"
}

# cpu_delta BEFORE AFTER: whole seconds of user+system CPU between two lines of
# `times` for children ("XmY.YYYs XmY.YYYs").
cpu_delta() {
	local a b
	a=$(awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print int(t) }' <<<"$1")
	b=$(awk '{ t = 0; for (i = 1; i <= 2; i++) { split($i, p, "m"); t += p[1] * 60 + p[2] } print int(t) }' <<<"$2")
	echo $((b - a))
}

install_missing
fetch_kernel

scratch=$(mktemp -d "${TMPDIR:-/tmp}/avx512.XXXXXX")
bochs_pid=''
cleanup() {
	[[ -n $bochs_pid ]] && kill "$bochs_pid" 2>/dev/null
	if [[ $keep -eq 1 ]]; then say "kept $scratch"; else rm -rf "$scratch"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The guest's root: /init, /args, and /pkg/N/{name,test.bin,testdata} for each package.
root=$scratch/root iso=$scratch/iso
mkdir -p "$root/pkg" "$iso/isolinux"
cd "$repo"
export CGO_ENABLED=0 GOOS=linux GOARCH=amd64
go build -o "$root/init" ./gmm/internal/avx512init || die 2 "building the guest init failed"
for n in "${!pkgs[@]}"; do
	pkg=${pkgs[$n]} dir=$root/pkg/$n
	pkgdir=$(go list -f '{{.Dir}}' "$pkg") || die 2 "no package $pkg"
	mkdir -p "$dir"
	echo "$pkg" >"$dir/name"
	go test -c -o "$dir/test.bin" "$pkg" || die 2 "building the tests of $pkg failed"
	[[ -f $dir/test.bin ]] || die 2 "$pkg has no tests"
	[[ -d $pkgdir/testdata ]] && cp -r "$pkgdir/testdata" "$dir/"
done
{
	echo "-test.timeout=0"
	[[ -n $run ]] && echo "-test.run=$run"
	[[ $verbose -eq 1 ]] && echo "-test.v"
	for a in "${extra[@]}"; do echo "$a"; done
} >"$root/args"
(cd "$root" && find . | cpio -o -H newc --quiet) >"$iso/initrd"

# The boot CD: ISOLINUX loads the kernel and the initramfs. clearcpuid: Bochs 2.7
# reports no size for the PKRU state and wrong compacted XSAVE sizes, so the
# kernel would give up XSAVE (and with it AVX and AVX-512) without these three.
# tsc_early_khz: Bochs advances the TSC by one per instruction, at the ips below,
# not at the 3.5 GHz its CPUID claims; without it the guest clock runs ~90× slow.
# The rest only saves time (measured with initcall_debug): the crypto self-tests
# take 19 s of emulation, the certificates 3.4 s, the W+X page check 3 s.
loglevel=quiet
[[ $kmsg -eq 1 ]] && loglevel=''
cp "$kernel" "$iso/vmlinuz"
cp /usr/lib/ISOLINUX/isolinux.bin /usr/lib/syslinux/modules/bios/ldlinux.c32 "$iso/isolinux/"
cat >"$iso/isolinux/isolinux.cfg" <<EOF
SERIAL 0 115200
DEFAULT linux
PROMPT 0
TIMEOUT 0
LABEL linux
  KERNEL /vmlinuz
  INITRD /initrd
  APPEND console=ttyS0,115200 $loglevel mitigations=off clearcpuid=pku,xsaves,xsavec tsc_early_khz=40000 panic=0 cryptomgr.notests rodata=off initcall_blacklist=load_system_certificate_list,trace_eval_init,init_kprobe_trace ${GMM_AVX512_KERNEL_ARGS:-}
EOF
xorriso -as mkisofs -quiet -o "$scratch/boot.iso" -b isolinux/isolinux.bin -c isolinux/boot.cat \
	-no-emul-boot -boot-load-size 4 -boot-info-table "$iso" 2>/dev/null || die 2 "xorriso failed"
rm -rf "$iso" "$root"

# Bochs: the Debian build has no "nogui" display and an internal debugger, which
# stops before the first instruction until told to continue (dbg.rc). The "rfb"
# display is a VNC server listening on the first free port from 5900 on all
# interfaces with no password, so Bochs runs in a network namespace of its own
# (unshare --net: only a loopback, down), where nothing can reach it; timeout=0:
# Bochs does not wait for a viewer.
serial=$scratch/serial.txt
cat >"$scratch/bochsrc" <<EOF
memory: guest=1024, host=1024
romimage: file=/usr/share/bochs/BIOS-bochs-latest
vgaromimage: file=/usr/share/vgabios/vgabios.bin
cpu: model=$cpu_model, count=1, ips=40000000, reset_on_triple_fault=0
display_library: rfb, options="timeout=0"
ata0-master: type=cdrom, path=$scratch/boot.iso, status=inserted
boot: cdrom
com1: enabled=1, mode=file, dev=$serial
log: $scratch/bochs.log
panic: action=fatal
error: action=report
info: action=ignore
debug: action=ignore
clock: sync=none, time0=local
sound: driver=dummy
speaker: enabled=1, mode=system
EOF
echo c >"$scratch/dbg.rc"
: >"$serial"
say "booting ${pkgs[*]} under Bochs ($cpu_model); the guest's console follows"
times >"$scratch/times.before" # a builtin in this shell: children's CPU so far
start=$SECONDS
unshare --net timeout "$timeout" bochs-bin -q -f "$scratch/bochsrc" -rc "$scratch/dbg.rc" </dev/null >"$scratch/bochs.out" 2>&1 &
bochs_pid=$!
tail --pid="$bochs_pid" -n +1 -f "$serial" 2>/dev/null | sed -u 's/\r$//' &
tail_pid=$! # sed's; tail ends with Bochs
# Wait for Bochs to end (the guest powers off), or for a panic or the marker line.
booted=''
while kill -0 "$bochs_pid" 2>/dev/null; do
	sleep 2
	[[ -z $booted ]] && grep -q 'AVX512INIT: running' "$serial" && booted=$((SECONDS - start))
	if grep -q 'Kernel panic' "$serial"; then sleep 5; break; fi
	if grep -q 'AVX512INIT: \(EXIT STATUS\|NO AVX512F\)' "$serial"; then
		for _ in 1 2 3 4 5; do kill -0 "$bochs_pid" 2>/dev/null || break; sleep 2; done
		break
	fi
done
bochs_status=0
if kill -0 "$bochs_pid" 2>/dev/null; then
	kill "$bochs_pid" 2>/dev/null
	wait "$bochs_pid" 2>/dev/null || true
else
	wait "$bochs_pid" || bochs_status=$?
fi
bochs_pid=''
wait "$tail_pid" 2>/dev/null || true
elapsed=$((SECONDS - start))
times >"$scratch/times.after"
cpu_seconds=$(cpu_delta "$(tail -1 "$scratch/times.before")" "$(tail -1 "$scratch/times.after")")
# Bochs's debugger prints its tick count (instructions, plus idle time skipped) on exit.
ticks=$(sed -n 's/^([0-9]*)\.\[\([0-9]*\)\].*/\1/p' "$scratch/bochs.out" | tail -1)
if [[ -n $ticks && $cpu_seconds -gt 0 ]]; then
	say "Bochs: $elapsed s, $cpu_seconds s of CPU, $((ticks / 1000000)) million guest ticks" \
		"($((ticks / cpu_seconds / 1000000)) million per CPU second); tests started after ${booted:-?} s"
fi
log=$(tr -d '\r' <"$serial")

status=$(sed -n 's/.*AVX512INIT: EXIT STATUS \([0-9]*\).*/\1/p' <<<"$log" | tail -1)
if grep -q 'AVX512INIT: NO AVX512F' <<<"$log"; then
	die 3 "the guest CPU ($cpu_model) has no usable AVX-512F (see the AVX512INIT line above)"
elif [[ -z $status ]]; then
	[[ $bochs_status -eq 124 ]] && die 124 "timeout: no result after $timeout s"
	say "the guest did not finish (Bochs exit status $bochs_status after $elapsed s); Bochs said:"
	grep -v 'lt_dlhandle\|loaded plugin\|^ALSA\|^000' "$scratch/bochs.out" | tail -15 >&2
	grep -q 'Kernel panic' <<<"$log" && die 4 "kernel panic in the guest"
	die 4 "boot failed or the guest died"
elif [[ $status -ne 0 ]]; then
	die "$status" "tests failed in the guest (exit status $status) after $elapsed s"
elif [[ $(grep -cx 'PASS' <<<"$log") -lt ${#pkgs[@]} ]]; then
	die 1 "a test binary exited 0 without printing PASS"
fi
say "PASS under Bochs ($cpu_model, AVX-512F) in $elapsed s"
