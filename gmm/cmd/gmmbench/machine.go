package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"gmmbook/gmm/internal/cpu"
)

// machineSide marks the JSON line holding a run's machineInfo.
const machineSide = "machine"

// machineInfo describes what a comparison ran on: the CPU and its vector
// instruction sets, the kernels the Go side dispatched to, the BLAS the
// scikit-learn side used (threadpoolctl), numpy's DGEMM rate measured in the same
// run before and after the pairs (with the scikit-learn side's environment), and
// the load average at those times.
type machineInfo struct {
	Side      string    `json:"side"`
	CPU       string    `json:"cpu"`
	ISA       string    `json:"isa"`        // the CPU's avx, avx2, fma, avx512f flags
	GoKernels string    `json:"go_kernels"` // what package gmm dispatches to
	BLAS      string    `json:"blas"`
	Threads   int       `json:"threads_pinned"`
	DGEMMAll  []float64 `json:"dgemm_gflops_all_cores"`
	DGEMMOne  []float64 `json:"dgemm_gflops_one_core"`
	Load      []string  `json:"loadavg"`
}

// dgemmReport is scripts/bench/dgemm.py's output line.
type dgemmReport struct {
	All  float64 `json:"gflops_all"`
	One  float64 `json:"gflops_one"`
	BLAS []struct {
		API     string `json:"internal_api"`
		Version string `json:"version"`
		Arch    string `json:"architecture"`
		Threads int    `json:"num_threads"`
	} `json:"blas"`
}

// newMachineInfo describes this machine's CPU and the Go side's kernels.
func newMachineInfo(threads int) *machineInfo {
	mi := &machineInfo{Side: machineSide, CPU: "unknown", GoKernels: cpu.Kernels(), Threads: threads}
	b, _ := os.ReadFile("/proc/cpuinfo")
	var isa []string
	for _, line := range strings.Split(string(b), "\n") {
		k, v, ok := strings.Cut(line, ":")
		switch k = strings.TrimSpace(k); {
		case ok && k == "model name" && mi.CPU == "unknown":
			mi.CPU = strings.TrimSpace(v)
		case ok && k == "flags" && isa == nil:
			isa = []string{}
			for _, f := range strings.Fields(v) {
				if f == "avx" || f == "avx2" || f == "fma" || f == "avx512f" {
					isa = append(isa, f)
				}
			}
		}
	}
	mi.ISA = strings.Join(isa, " ")
	if !strings.Contains(mi.ISA, "avx512f") {
		mi.ISA += " (no AVX-512)"
	}
	return mi
}

// probe measures numpy's DGEMM rate with dgemm.py (next to the scikit-learn script)
// in the scikit-learn side's environment, and records the load average.
func (mi *machineInfo) probe(c *compareConfig) error {
	if b, err := os.ReadFile("/proc/loadavg"); err == nil {
		f := strings.Fields(string(b))
		mi.Load = append(mi.Load, strings.Join(f[:min(3, len(f))], " "))
	}
	script := filepath.Join(filepath.Dir(c.sklearnPy), "dgemm.py")
	cmd := exec.Command(c.python, script)
	cmd.Env = environ(c.env(), sklearnUnset)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, os.Stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("gmmbench: %s: %w", script, err)
	}
	var r dgemmReport
	if err := json.Unmarshal(bytes.TrimSpace(out.Bytes()), &r); err != nil {
		return fmt.Errorf("gmmbench: %s: bad output %q: %w", script, out.String(), err)
	}
	mi.DGEMMAll, mi.DGEMMOne = append(mi.DGEMMAll, r.All), append(mi.DGEMMOne, r.One)
	var blas []string
	for _, b := range r.BLAS {
		blas = append(blas, fmt.Sprintf("%s %s, kernel %s, %d threads", b.API, b.Version, b.Arch, b.Threads))
	}
	mi.BLAS = strings.Join(blas, "; ")
	return nil
}

// rate returns the DGEMM rate the Go side's GFLOP/s are compared with: the best
// measured with the run's thread count (one core when pinned to one).
func (mi *machineInfo) rate() float64 {
	rates := mi.DGEMMAll
	if mi.Threads == 1 {
		rates = mi.DGEMMOne
	}
	var best float64
	for _, r := range rates {
		best = max(best, r)
	}
	return best
}

// print writes the machine's description above a table.
func (mi *machineInfo) print(w io.Writer, rows []row) {
	threads := "all cores"
	if mi.Threads > 0 {
		threads = fmt.Sprintf("%d thread(s) per side", mi.Threads)
	}
	fmt.Fprintf(w, "- CPU: %s, %s; Go kernels: %s; %s.\n", mi.CPU, mi.ISA, mi.GoKernels, threads)
	fmt.Fprintf(w, "- scikit-learn's BLAS (threadpoolctl, with %s unset): %s.\n", strings.Join(sklearnUnset, " and "), mi.BLAS)
	fmt.Fprintf(w, "- numpy DGEMM (2000×2000) in this run, before / after the pairs: %s GFLOP/s on all cores, %s on one core.\n",
		joinRates(mi.DGEMMAll), joinRates(mi.DGEMMOne))
	fmt.Fprintf(w, "- Load average (1, 5, 15 min) before / after: %s.\n", strings.Join(mi.Load, " / "))
	var kernels, blas []string
	for _, r := range rows {
		for _, m := range r.gm {
			if !strings.Contains(strings.Join(kernels, ","), m.Kernels) {
				kernels = append(kernels, m.Kernels)
			}
		}
		for _, m := range r.sk {
			if !strings.Contains(strings.Join(blas, ";"), m.BLAS) {
				blas = append(blas, m.BLAS)
			}
		}
	}
	fmt.Fprintf(w, "- As reported by the measuring processes: Go %s; scikit-learn %s.\n\n", strings.Join(kernels, ", "), strings.Join(blas, "; "))
}

func joinRates(v []float64) string {
	var s []string
	for _, r := range v {
		s = append(s, fmt.Sprintf("%.1f", r))
	}
	return strings.Join(s, " / ")
}
