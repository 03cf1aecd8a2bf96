//go:build linux

// Command avx512init is the /init of the guest that scripts/avx512.sh boots under
// the Bochs emulator to run a package's tests on an emulated CPU with AVX-512.
//
// As process 1 of a Linux guest whose root is an initramfs, it mounts /proc,
// /sys and /dev, prints what internal/cpu detected, and, if AVX-512F is usable
// (CPUID and the XCR0 state the kernel enabled), runs each /pkg/N/test.bin (N =
// 0, 1, ...) in its directory with the arguments listed one per line in /args,
// printing "AVX512INIT: PACKAGE name EXIT STATUS n" after each (name is read from
// /pkg/N/name). It then prints one marker line
//
//	AVX512INIT: EXIT STATUS n
//
// (n is the first non-zero exit status of a test binary, 125 if one could not be
// started, or 0) or
//
//	AVX512INIT: NO AVX512F
//
// and powers the machine off, which ends Bochs. The script decides on these lines.
package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"time"

	"gmmbook/gmm/internal/cpu"
)

func main() {
	mountFilesystems()
	fmt.Printf("AVX512INIT: kernels %s, AVX2FMA: %v, AVX512F: %v, /proc/cpuinfo: %s\n",
		cpu.Kernels(), cpu.AVX2FMA, cpu.AVX512F, strings.Join(cpuinfoFlags("avx512"), " "))
	if !cpu.AVX512F {
		fmt.Println("AVX512INIT: NO AVX512F")
		powerOff()
	}
	status := 125
	if args, err := readArgs("/args"); err != nil {
		fmt.Println("AVX512INIT:", err)
	} else {
		status = runPackages(args)
	}
	fmt.Printf("AVX512INIT: EXIT STATUS %d\n", status)
	powerOff()
}

// mountFilesystems mounts what a test binary may expect; failures are reported and
// otherwise ignored (a test that needs the missing one will say so).
func mountFilesystems() {
	mounts := []struct{ source, target, fstype string }{
		{"proc", "/proc", "proc"},
		{"sysfs", "/sys", "sysfs"},
		{"devtmpfs", "/dev", "devtmpfs"},
	}
	for _, m := range mounts {
		if err := os.MkdirAll(m.target, 0o755); err != nil {
			fmt.Println("AVX512INIT: mkdir", m.target, err)
			continue
		}
		if err := syscall.Mount(m.source, m.target, m.fstype, 0, ""); err != nil {
			fmt.Println("AVX512INIT: mount", m.target, err)
		}
	}
	if err := os.MkdirAll("/tmp", 0o1777); err != nil {
		fmt.Println("AVX512INIT: mkdir /tmp", err)
	}
}

// cpuinfoFlags returns the flags of the first flags line of /proc/cpuinfo that
// begin with prefix.
func cpuinfoFlags(prefix string) []string {
	b, err := os.ReadFile("/proc/cpuinfo")
	if err != nil {
		return nil
	}
	var flags []string
	for _, line := range strings.Split(string(b), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "flags" {
			for _, f := range strings.Fields(v) {
				if strings.HasPrefix(f, prefix) {
					flags = append(flags, f)
				}
			}
			break
		}
	}
	return flags
}

// runPackages runs the tests of each /pkg/N in turn and returns the first non-zero
// exit status, or 0.
func runPackages(args []string) int {
	status := 0
	for n := 0; ; n++ {
		dir := fmt.Sprintf("/pkg/%d", n)
		name, err := os.ReadFile(dir + "/name")
		if err != nil {
			return status
		}
		s := runTests(dir, args)
		fmt.Printf("AVX512INIT: PACKAGE %s EXIT STATUS %d\n", strings.TrimSpace(string(name)), s)
		if status == 0 {
			status = s
		}
	}
}

// readArgs returns the lines of the file at path that are not empty.
func readArgs(path string) ([]string, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var args []string
	for _, a := range strings.Split(string(b), "\n") {
		if a != "" {
			args = append(args, a)
		}
	}
	return args, nil
}

// runTests runs dir/test.bin in dir with args and returns its exit status, or 125
// if it could not be run.
func runTests(dir string, args []string) int {
	fmt.Printf("AVX512INIT: running %s/test.bin %q\n", dir, args)
	cmd := exec.Command(dir+"/test.bin", args...)
	cmd.Dir = dir
	cmd.Env = []string{"PATH=/bin", "HOME=/tmp", "TMPDIR=/tmp"}
	cmd.Stdout, cmd.Stderr = os.Stdout, os.Stderr
	start := time.Now()
	err := cmd.Run()
	fmt.Printf("AVX512INIT: %s/test.bin ran %.1f s of guest time\n", dir, time.Since(start).Seconds())
	var exit *exec.ExitError
	switch {
	case err == nil:
		return 0
	case errors.As(err, &exit) && exit.ExitCode() >= 0:
		return exit.ExitCode()
	default:
		fmt.Println("AVX512INIT:", err)
		return 125
	}
}

// powerOff waits until the console has sent what was printed, then powers the
// machine off; it does not return.
func powerOff() {
	const tcsbrk = 0x5409 // ioctl TCSBRK with a non-zero argument is tcdrain
	syscall.Syscall(syscall.SYS_IOCTL, uintptr(syscall.Stdout), tcsbrk, 1)
	time.Sleep(100 * time.Millisecond) // the UART's FIFO
	syscall.Sync()
	err := syscall.Reboot(syscall.LINUX_REBOOT_CMD_POWER_OFF)
	fmt.Println("AVX512INIT: power off failed:", err)
	for {
		time.Sleep(time.Hour)
	}
}
