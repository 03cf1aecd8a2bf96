package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"gmmbook/gmm/internal/cpu"
	"os"
	"runtime"
	"runtime/debug"
	"runtime/pprof"
	"time"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm"
)

// runConfig is one Go-side measurement (`gmmbench run`).
type runConfig struct {
	dataDir, workload, cov string
	iters, rows, workers   int
	data                   *mat.Dense
	cpuProfile             string
}

func runCommand(args []string) error {
	var c runConfig
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.StringVar(&c.dataDir, "data", defaultDataDir(), "workload directory")
	fs.StringVar(&c.workload, "workload", "W1", "workload name")
	fs.StringVar(&c.cov, "cov", "full", "full, diag, spherical, tied or kmeans")
	fs.IntVar(&c.iters, "iters", 10, "EM or Lloyd iterations")
	fs.IntVar(&c.rows, "rows", 0, "use only the first rows rows (0: all)")
	fs.IntVar(&c.workers, "workers", 0, "goroutines (0: GOMAXPROCS)")
	fs.StringVar(&c.cpuProfile, "cpuprofile", "", "write a CPU profile of the timed fits to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	m, err := c.measure()
	if err != nil {
		return err
	}
	b, err := json.Marshal(m)
	if err != nil {
		return err
	}
	_, err = fmt.Printf("%s\n", b)
	return err
}

// fitter runs exactly iters iterations from start and returns the fitted
// mixture (nil for k-means), the iterations run and, for k-means, the inertia.
type fitter func(x *mat.Dense, iters int) (m *gmm.Mixture, nIter int, inertia float64, err error)

func (c *runConfig) measure() (*measurement, error) {
	w, err := readWorkload(c.dataDir, c.workload)
	if err != nil {
		return nil, err
	}
	x, err := w.loadData(c.dataDir, c.rows)
	if err != nil {
		return nil, err
	}
	c.data = x
	n, d := x.Dims()
	out := &measurement{Side: "go", Workload: c.workload, Cov: c.cov, Iters: c.iters, N: n, D: d, K: w.K,
		DataBytes: int64(8 * n * d), Version: runtime.Version() + " " + runtime.GOARCH,
		Kernels: cpu.Kernels()}
	fit, err := c.fitter(w, out)
	if err != nil {
		return nil, err
	}
	if _, _, _, err := fit(x.Slice(0, min(n, 1000), 0, d).(*mat.Dense), 1); err != nil { // warm-up
		return nil, err
	}
	if c.cpuProfile != "" {
		f, err := os.Create(c.cpuProfile)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			return nil, err
		}
		defer pprof.StopCPUProfile()
	}
	others := startOthers()
	c0, t0 := ownCPU(), time.Now()
	if _, _, _, err := fit(x, 1); err != nil {
		return nil, err
	}
	out.T1, out.CPU1 = time.Since(t0).Seconds(), (ownCPU() - c0).Seconds()
	// The memory figures are those of the I-iteration fit alone: the garbage of the
	// earlier fits is collected and returned to the OS first.
	debug.FreeOSMemory()
	out.RSSData = procStatus("VmRSS")
	resetPeakRSS()
	c0, t0 = ownCPU(), time.Now()
	mix, nIter, inertia, err := fit(x, c.iters)
	if err != nil {
		return nil, err
	}
	out.TI, out.CPUI = time.Since(t0).Seconds(), (ownCPU() - c0).Seconds()
	out.Others = others.cores()
	out.PeakRSS = procStatus("VmHWM")
	out.NIter, out.Inertia = nIter, inertia
	if mix != nil {
		out.MeanLogLik = stat.Mean(mix.LogProbsTo(nil, x), nil)
	}
	return out, nil
}

// fitter returns the function that runs the fit being measured. For EM it also
// checks the E-step at the start against the generator's log-likelihood.
func (c *runConfig) fitter(w *workload, out *measurement) (fitter, error) {
	if c.cov == "kmeans" {
		return c.kmeansFitter(w)
	}
	ct, err := gmm.ParseCovarianceType(c.cov)
	if err != nil {
		return nil, err
	}
	start, err := w.start(ct)
	if err != nil {
		return nil, err
	}
	if c.rows <= 0 {
		out.InitCheck = w.initMeanLogLik(ct)
		out.InitLogLik = stat.Mean(start.LogProbsTo(nil, c.data), nil)
	}
	return c.gmmFitter(start, w.K)
}

func defaultDataDir() string {
	if v := os.Getenv("GMM_BENCH_DATA"); v != "" {
		return v
	}
	return "bench-data"
}
