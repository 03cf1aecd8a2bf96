package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// addCommon registers the flags compare and scaling share.
func addCommon(fs *flag.FlagSet, c *compareConfig) {
	fs.StringVar(&c.dataDir, "data", defaultDataDir(), "workload directory ($GMM_BENCH_DATA)")
	fs.IntVar(&c.iters, "iters", 10, "EM / Lloyd iterations I")
	fs.IntVar(&c.reps, "reps", 3, "repetitions (alternating which side goes first)")
	fs.StringVar(&c.python, "python", "/usr/bin/python3", "Python with Debian's scikit-learn")
	fs.StringVar(&c.sklearnPy, "sklearn", "scripts/bench/sklearn_run.py", "the scikit-learn measurement script")
	fs.Float64Var(&c.noisy, "noisy", 0.5, "repeat a pair when other processes used more cores than this")
	fs.IntVar(&c.retries, "retries", 1, "at most this many repeats of a noisy pair")
	fs.IntVar(&c.threads, "threads", 0, "threads per side (OPENBLAS_NUM_THREADS, GOMAXPROCS); 0: all cores")
}

func compareCommand(args []string) error {
	c := compareConfig{log: os.Stderr}
	fs := flag.NewFlagSet("compare", flag.ContinueOnError)
	addCommon(fs, &c)
	workloads := fs.String("workloads", "W1,W2,W3,W4,W5", "comma-separated workloads")
	covs := fs.String("covs", "full,diag,kmeans", "comma-separated: full, diag, spherical, tied, kmeans")
	fs.IntVar(&c.rows, "rows", 0, "use only the first rows rows of each workload (0: all)")
	jsonPath := fs.String("json", "", "append every measurement as a JSON line to this file")
	if err := fs.Parse(args); err != nil {
		return err
	}
	c.workloads, c.covs = strings.Split(*workloads, ","), strings.Split(*covs, ",")
	if err := c.setup(); err != nil {
		return err
	}
	closeJSON, err := c.openJSON(*jsonPath)
	if err != nil {
		return err
	}
	defer closeJSON()
	fmt.Fprintf(c.log, "gmmbench compare: I=%d reps=%d threads=%d data=%s %s\n", c.iters, c.reps, c.threads, c.dataDir, time.Now().Format(time.RFC3339))
	mi := newMachineInfo(c.threads)
	if err := mi.probe(&c); err != nil {
		return err
	}
	rows, err := c.run()
	if perr := mi.probe(&c); perr != nil && err == nil {
		err = perr
	}
	if c.jsonOut != nil {
		b, _ := json.Marshal(mi)
		fmt.Fprintf(c.jsonOut, "%s\n", b)
	}
	printTable(os.Stdout, rows, mi)
	return err
}

// setup finds this executable (the Go side runs as `gmmbench run`).
func (c *compareConfig) setup() error {
	self, err := os.Executable()
	if err != nil {
		return err
	}
	c.self = self
	if c.dataDir, err = filepath.Abs(c.dataDir); err != nil {
		return err
	}
	if _, err := os.Stat(c.sklearnPy); err != nil {
		return fmt.Errorf("gmmbench: %w (run from the repository root or pass -sklearn)", err)
	}
	return nil
}

// tableCommand prints the table of saved measurements and, with -png, draws
// them as the scaling plot.
func tableCommand(args []string) error {
	fs := flag.NewFlagSet("table", flag.ContinueOnError)
	png := fs.String("png", "", "also draw seconds per iteration against N to this PNG")
	metric := fs.String("metric", "wall", "what -png plots: wall or cpu")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		return fmt.Errorf("gmmbench table: want one JSON-lines file")
	}
	f, err := os.Open(fs.Arg(0))
	if err != nil {
		return err
	}
	defer f.Close()
	rows, mi, err := readRows(f)
	if err != nil {
		return err
	}
	printTable(os.Stdout, rows, mi)
	if *png != "" && len(rows) > 0 {
		return plotScaling(*png, rows, rows[0].workload, rows[0].cov, *metric)
	}
	return nil
}

// openJSON opens path (if not empty) to append every measurement to as a JSON
// line, and returns the function that closes it.
func (c *compareConfig) openJSON(path string) (func(), error) {
	if path == "" {
		return func() {}, nil
	}
	f, err := os.OpenFile(path, os.O_CREATE|os.O_APPEND|os.O_WRONLY, 0o644)
	if err != nil {
		return nil, err
	}
	c.jsonOut = f
	return func() { f.Close() }, nil
}
