package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"syscall"
)

// measurement is one process's report (both sides print the same JSON fields).
type measurement struct {
	Side        string  `json:"side"`
	Workload    string  `json:"workload"`
	Cov         string  `json:"cov"`
	Iters       int     `json:"iters"`
	N           int     `json:"n"`
	D           int     `json:"d"`
	K           int     `json:"k"`
	NIter       int     `json:"n_iter"`
	T1          float64 `json:"t1"`
	TI          float64 `json:"ti"`
	CPU1        float64 `json:"cpu1"` // process CPU seconds of the T1 fit
	CPUI        float64 `json:"cpui"`
	RSSData     int64   `json:"rss_data"`
	PeakRSS     int64   `json:"peak_rss"`
	DataBytes   int64   `json:"data_bytes"`
	Others      float64 `json:"others_cores"`
	MeanLogLik  float64 `json:"mean_loglik"`
	Inertia     float64 `json:"inertia_per_sample"`
	InitLogLik  float64 `json:"init_mean_loglik,omitempty"`
	InitCheck   float64 `json:"init_mean_loglik_generator,omitempty"`
	Version     string  `json:"version"`
	Kernels     string  `json:"kernels,omitempty"`        // Go: the kernels gmm dispatched to
	BLAS        string  `json:"blas,omitempty"`           // scikit-learn: threadpoolctl's BLAS, kernel and threads
	ProcMaxRSS  int64   `json:"proc_max_rss"`             // filled in by the driver from getrusage
	Threads     int     `json:"threads_pinned,omitempty"` // the driver's -threads
	Description string  `json:"description,omitempty"`
}

// compareConfig says what `gmmbench compare` runs.
type compareConfig struct {
	dataDir   string
	workloads []string
	covs      []string
	iters     int
	reps      int
	rows      int
	python    string
	sklearnPy string
	self      string
	noisy     float64
	retries   int
	threads   int
	jsonOut   io.Writer
	log       io.Writer
}

// row is the summary of one workload and covariance type.
type row struct {
	workload, cov string
	n, d, k       int
	sk, gm        []measurement
}

// sklearnUnset are the variables removed from the scikit-learn side's environment:
// some machines set them, and they hold OpenBLAS to an older, slower kernel than the
// one it picks for the CPU by itself.
var sklearnUnset = []string{"OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE"}

// environ returns os.Environ() without the variables named in unset, plus env.
func environ(env, unset []string) []string {
	var out []string
	for _, kv := range os.Environ() {
		k, _, _ := strings.Cut(kv, "=")
		if !slices.Contains(unset, k) {
			out = append(out, kv)
		}
	}
	return append(out, env...)
}

// runProcess runs one measurement process, with env added to the environment and
// the variables in unset removed, and decodes its last output line.
func runProcess(argv, env, unset []string) (measurement, error) {
	var m measurement
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Env = environ(env, unset)
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = os.Stderr
	if err := cmd.Run(); err != nil {
		return m, fmt.Errorf("%s: %w", strings.Join(argv, " "), err)
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	if err := json.Unmarshal([]byte(lines[len(lines)-1]), &m); err != nil {
		return m, fmt.Errorf("%s: bad output %q: %w", strings.Join(argv, " "), out.String(), err)
	}
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru != nil {
		m.ProcMaxRSS = ru.Maxrss * 1024
	}
	return m, nil
}

func (c *compareConfig) argv(side, workload, cov string) []string {
	common := []string{"--workload", workload, "--cov", cov, "--iters", strconv.Itoa(c.iters)}
	if c.rows > 0 {
		common = append(common, "--rows", strconv.Itoa(c.rows))
	}
	if side == "sklearn" {
		return append([]string{c.python, c.sklearnPy}, common...)
	}
	return append([]string{c.self, "run", "--data", c.dataDir}, common...)
}

// env is what both sides' processes get added to their environment.
func (c *compareConfig) env() []string {
	env := []string{"GMM_BENCH_DATA=" + c.dataDir}
	if c.threads > 0 {
		t := strconv.Itoa(c.threads)
		env = append(env, "OPENBLAS_NUM_THREADS="+t, "OMP_NUM_THREADS="+t, "GOMAXPROCS="+t)
	}
	return env
}

// pair measures both sides once, in the given order, retrying when another
// process used more than c.noisy cores meanwhile.
func (c *compareConfig) pair(workload, cov string, goFirst bool) (sk, gm measurement, err error) {
	env := c.env()
	order := []string{"sklearn", "go"}
	if goFirst {
		order = []string{"go", "sklearn"}
	}
	for try := 0; ; try++ {
		for _, side := range order {
			var unset []string
			if side == "sklearn" {
				unset = sklearnUnset
			}
			m, err := runProcess(c.argv(side, workload, cov), env, unset)
			if err != nil {
				return sk, gm, err
			}
			m.Threads = c.threads
			if side == "go" {
				gm = m
			} else {
				sk = m
			}
		}
		if max(sk.Others, gm.Others) <= c.noisy || try >= c.retries {
			return sk, gm, nil
		}
		fmt.Fprintf(c.log, "  noisy (other processes used %.2f / %.2f cores): repeating\n", sk.Others, gm.Others)
	}
}

// run measures every workload and covariance type, alternating the sides.
func (c *compareConfig) run() ([]row, error) {
	var rows []row
	for _, w := range c.workloads {
		for _, cov := range c.covs {
			r := row{workload: w, cov: cov}
			for rep := 0; rep < c.reps; rep++ {
				sk, gm, err := c.pair(w, cov, rep%2 == 1)
				if err != nil {
					return rows, err
				}
				r.sk, r.gm = append(r.sk, sk), append(r.gm, gm)
				r.n, r.d, r.k = gm.N, gm.D, gm.K
				fmt.Fprintf(c.log, "  %s %-9s rep %d: sklearn T1 %.4g s TI %.4g s (%d it) | go T1 %.4g s TI %.4g s (%d it)\n",
					w, cov, rep+1, sk.T1, sk.TI, sk.NIter, gm.T1, gm.TI, gm.NIter)
				if c.jsonOut != nil {
					for _, m := range []measurement{sk, gm} {
						b, _ := json.Marshal(m)
						fmt.Fprintf(c.jsonOut, "%s\n", b)
					}
				}
			}
			rows = append(rows, r)
		}
	}
	return rows, nil
}

func median(v []float64) float64 {
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n == 0 {
		return math.NaN()
	}
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// perIter returns the marginal seconds per iteration (median T(I) − median T(1)) / (I − 1)
// where I is the number of iterations actually run. For k-means, which stops after
// 2 or 3 iterations here (and scikit-learn's max_iter=1 fit adds an assignment
// pass that its converged fits do not), it is median T(I) / I, fixed costs
// included.
func perIter(ms []measurement) float64 {
	return marginal(ms, func(m measurement) (float64, float64) { return m.T1, m.TI })
}

// cpuPerIter is perIter on process CPU time, which other processes' load does
// not inflate for a single-threaded run.
func cpuPerIter(ms []measurement) float64 {
	return marginal(ms, func(m measurement) (float64, float64) { return m.CPU1, m.CPUI })
}

func marginal(ms []measurement, times func(measurement) (float64, float64)) float64 {
	if ms[0].Cov == "kmeans" {
		var ti []float64
		for _, m := range ms {
			_, b := times(m)
			ti = append(ti, b)
		}
		return median(ti) / float64(max(1, ms[0].NIter))
	}
	var t1, ti []float64
	for _, m := range ms {
		a, b := times(m)
		t1, ti = append(t1, a), append(ti, b)
	}
	it := ms[0].NIter
	if it <= 1 {
		return median(ti)
	}
	return (median(ti) - median(t1)) / float64(it-1)
}

func peak(ms []measurement) (peakMB, overPct float64) {
	var p, over float64
	for _, m := range ms {
		p = max(p, float64(m.ProcMaxRSS))
		if m.DataBytes > 0 {
			over = max(over, 100*float64(m.PeakRSS-m.RSSData)/float64(m.DataBytes))
		}
	}
	return p / 1e6, over
}

func maxOthers(ms []measurement) float64 {
	var o float64
	for _, m := range ms {
		o = max(o, m.Others)
	}
	return o
}

// printTable writes the comparison table as Markdown, after the machine's
// description if mi is not nil (then with the Go side's GFLOP/s as a percentage of
// the DGEMM rate measured in the same run).
func printTable(w io.Writer, rows []row, mi *machineInfo) {
	dgemm := math.NaN()
	if mi != nil {
		mi.print(w, rows)
		dgemm = mi.rate()
	}
	fmt.Fprintln(w, "| workload | cov | sklearn s/it | Go s/it | speed-up | Go GFLOP/s | % of DGEMM | CPU s/it sklearn / Go (ratio) | sklearn mean loglik | Go mean loglik | rel. diff | sklearn peak MB (fit +% of data) | Go peak MB (fit +% of data) | others' cores |")
	fmt.Fprintln(w, "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, r := range rows {
		sk, gm := perIter(r.sk), perIter(r.gm)
		skP, skO := peak(r.sk)
		gmP, gmO := peak(r.gm)
		value := func(m measurement) float64 { return m.MeanLogLik }
		cov := r.cov
		if r.cov == "kmeans" {
			value = func(m measurement) float64 { return m.Inertia }
			cov = fmt.Sprintf("kmeans (%d/%d it, T(I)/I, inertia/N)", r.sk[0].NIter, r.gm[0].NIter)
		}
		a, b := value(r.sk[len(r.sk)-1]), value(r.gm[len(r.gm)-1])
		skC, gmC := cpuPerIter(r.sk), cpuPerIter(r.gm)
		gf := flops(r.cov, r.n, r.d, r.k) / gm / 1e9
		fmt.Fprintf(w, "| %s | %s | %.4g | %.4g | %.1f× | %.1f | %.0f %% | %.3g / %.3g (%.1f×) | %.12g | %.12g | %.1e | %.0f (+%.0f%%) | %.0f (+%.0f%%) | %.2f |\n",
			nameRows(r), cov, sk, gm, sk/gm, gf, 100*gf/dgemm, skC, gmC, skC/gmC, a, b, math.Abs(a-b)/math.Abs(a),
			skP, skO, gmP, gmO, max(maxOthers(r.sk), maxOthers(r.gm)))
	}
}

func nameRows(r row) string {
	return fmt.Sprintf("%s (N=%d D=%d K=%d)", r.workload, r.n, r.d, r.k)
}

// readRows groups JSON-line measurements (as written by -json) into rows, in the
// order their workload and covariance type first appear.
// and the machine's description if a line holds it (the last such line).
func readRows(r io.Reader) ([]row, *machineInfo, error) {
	var rows []row
	var mi *machineInfo
	index := map[string]int{}
	dec := json.NewDecoder(r)
	for {
		var raw json.RawMessage
		if err := dec.Decode(&raw); err == io.EOF {
			break
		} else if err != nil {
			return nil, nil, err
		}
		var m measurement
		if err := json.Unmarshal(raw, &m); err != nil {
			return nil, nil, err
		}
		if m.Side == machineSide {
			mi = new(machineInfo)
			if err := json.Unmarshal(raw, mi); err != nil {
				return nil, nil, err
			}
			continue
		}
		key := fmt.Sprintf("%s/%s/%d", m.Workload, m.Cov, m.N)
		i, ok := index[key]
		if !ok {
			i = len(rows)
			index[key] = i
			rows = append(rows, row{workload: m.Workload, cov: m.Cov, n: m.N, d: m.D, k: m.K})
		}
		if m.Side == "go" {
			rows[i].gm = append(rows[i].gm, m)
		} else {
			rows[i].sk = append(rows[i].sk, m)
		}
	}
	return rows, mi, nil
}
