// Command bench-mcmc measures effective draws per second of the slowest
// parameter (min bulk ESS / sampling time) on article D's model and data for
// the Go NUTS, the Go Gibbs sampler and Stan's NUTS (rstan), in one run, from
// the same data and the same initial points, with every sampler's draws
// relabelled and summarised by the same code (gmm/mcmc, whose R-hat and ESS
// match rstan's to 1e-10). Run it through scripts/bench-mcmc.sh.
package main

import (
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"time"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
)

type config struct {
	dir, stanDir                string
	chains, warmup, draws, reps int
	seed                        uint64
	workers                     int
	stan                        bool
}

// row is one sampler's line of the results table.
type row struct {
	name          string
	minESS        float64
	sample, total time.Duration
	cpu           time.Duration // CPU time (user + system) of warm-up and sampling
	maxRhat       float64
	divergences   int
	note          string
	post          *bayes.Posterior
	summary       mcmc.Summary
}

func (r row) essPerSec() float64      { return r.minESS / r.sample.Seconds() }
func (r row) essPerSecTotal() float64 { return r.minESS / r.total.Seconds() }
func (r row) essPerCPU() float64      { return r.minESS / r.cpu.Seconds() }

// cpuTime returns the CPU time (user + system) the process has used.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

func main() {
	var cfg config
	flag.StringVar(&cfg.dir, "dir", filepath.Join(os.TempDir(), "gmmbook-bench-mcmc"), "work directory (data, inits, Stan draws)")
	flag.StringVar(&cfg.stanDir, "stan-dir", "scripts/bench-mcmc", "directory of stan.R and gmm.stan")
	flag.IntVar(&cfg.chains, "chains", 4, "chains per sampler")
	flag.IntVar(&cfg.warmup, "warmup", 1000, "warm-up iterations per chain")
	flag.IntVar(&cfg.draws, "draws", 1000, "kept draws per chain")
	flag.IntVar(&cfg.reps, "reps", 3, "repetitions of every sampler, with different seeds (the best ESS/s of each is kept)")
	flag.Uint64Var(&cfg.seed, "seed", 2, "seed of the data, the initial points and the samplers")
	flag.IntVar(&cfg.workers, "workers", 1, "chains run at once by the Go samplers (Stan runs with cores = 1)")
	flag.BoolVar(&cfg.stan, "stan", true, "run Stan through Rscript")
	flag.Parse()
	log.SetFlags(0)
	if err := run(&cfg); err != nil {
		log.Fatal(err)
	}
}

func run(cfg *config) error {
	data := filepath.Join(cfg.dir, "run")
	if err := os.MkdirAll(data, 0o755); err != nil {
		return err
	}
	x, err := workload(rand.NewPCG(cfg.seed, cfg.seed))
	if err != nil {
		return err
	}
	model, err := bayes.NewModel(x, 3, nil, nil)
	if err != nil {
		return err
	}
	inits := dispersedInits(model, cfg)
	if err := writeInputs(data, x, inits); err != nil {
		return err
	}
	fmt.Printf("article D: N = %d, D = 2, K = 3; %d chains × %d draws after %d warm-up; same initial points for all samplers\n\n",
		model.N(), cfg.chains, cfg.draws, cfg.warmup)
	var rows []row
	nuts, err := best(cfg.reps, func(rep int) (row, error) { return runNUTS(model, inits, cfg, rep) })
	if err != nil {
		return err
	}
	gibbs, err := best(cfg.reps, func(rep int) (row, error) { return runGibbs(model, inits, cfg, rep) })
	if err != nil {
		return err
	}
	rows = append(rows, nuts, gibbs)
	if cfg.stan {
		stan, err := best(cfg.reps, func(rep int) (row, error) { return runStan(data, cfg, rep) })
		if err != nil {
			return err
		}
		rows = append(rows, stan)
	}
	report(rows)
	return nil
}

// dispersedInits returns per chain equal weights and k-means++ means.
func dispersedInits(m *bayes.Model, cfg *config) [][][]float64 {
	rng := rand.New(rand.NewPCG(cfg.seed, 100))
	out := make([][][]float64, cfg.chains)
	for c := range out {
		out[c] = bayes.DispersedMeans(m.Data(), m.K(), rng)
	}
	return out
}

func writeInputs(dir string, x *mat.Dense, inits [][][]float64) error {
	n, d := x.Dims()
	rows := make([][]float64, n)
	for i := range rows {
		rows[i] = x.RawRowView(i)
	}
	in := map[string]any{"N": n, "D": d, "K": 3, "x": rows, "alpha": []float64{1, 1, 1}}
	if err := writeJSON(filepath.Join(dir, "data.json"), in); err != nil {
		return err
	}
	type init struct {
		W  []float64   `json:"w"`
		Mu [][]float64 `json:"mu"`
	}
	var list []init
	for _, means := range inits {
		list = append(list, init{W: []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, Mu: means})
	}
	return writeJSON(filepath.Join(dir, "inits.json"), list)
}

func writeJSON(path string, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	return os.WriteFile(path, b, 0o644)
}

// best runs f reps times and keeps the row with the highest ESS per second.
func best(reps int, f func(rep int) (row, error)) (row, error) {
	var out row
	for rep := 0; rep < max(reps, 1); rep++ {
		r, err := f(rep)
		if err != nil {
			return r, err
		}
		if rep == 0 || r.essPerSec() > out.essPerSec() {
			out = r
		}
	}
	return out, nil
}

// finish relabels p, summarises it and records the sampler's times, summed
// over chains (warm-up, sampling).
func finish(r row, p *bayes.Posterior, warmup, sample time.Duration) (row, error) {
	p = p.RelabelToMeans(workloadMeans)
	s, err := p.Summary()
	if err != nil {
		return r, err
	}
	r.minESS, r.maxRhat, r.post, r.summary = s.MinBulkESS(), s.MaxRhat(), p, s
	r.sample, r.total = sample, warmup+sample
	return r, nil
}

func runNUTS(m *bayes.Model, inits [][][]float64, cfg *config, rep int) (row, error) {
	equal := []float64{1.0 / 3, 1.0 / 3, 1.0 / 3}
	var thetas [][]float64
	for _, means := range inits {
		theta, err := m.Unconstrain(equal, means)
		if err != nil {
			return row{}, err
		}
		thetas = append(thetas, theta)
	}
	s := &mcmc.Settings{Chains: cfg.chains, Warmup: cfg.warmup, Draws: cfg.draws, Inits: thetas,
		Workers: cfg.workers, Src: rand.NewPCG(cfg.seed, uint64(200+rep))}
	start := cpuTime()
	p, res, err := m.NUTS(s, bayes.InitDispersed)
	if err != nil {
		return row{}, err
	}
	r := row{name: "Go NUTS", divergences: res.Divergences(), cpu: cpuTime() - start,
		note: fmt.Sprintf("step %.3f, depth %.2f, %d leapfrogs", res.MeanStepSize(), res.MeanTreeDepth(), res.Leapfrogs())}
	return finish(r, p, res.WarmupTime(), res.SampleTime())
}

func runGibbs(m *bayes.Model, inits [][][]float64, cfg *config, rep int) (row, error) {
	s := &bayes.GibbsSettings{Chains: cfg.chains, Warmup: cfg.warmup, Draws: cfg.draws, InitMeans: inits,
		Workers: cfg.workers, Src: rand.NewPCG(cfg.seed, uint64(300+rep))}
	start := cpuTime()
	p, res, err := m.Gibbs(s)
	if err != nil {
		return row{}, err
	}
	return finish(row{name: "Go Gibbs", cpu: cpuTime() - start}, p, res.WarmupTime(), res.SampleTime())
}

// stanTimes is what stan.R writes besides the draws.
type stanTimes struct {
	Warmup, Sample []float64
	CPU            float64
	Divergences    int
	MeanTreedepth  float64 `json:"mean_treedepth"`
	Leapfrogs      int
	Stepsize       []float64
	Rstan          string
}

func runStan(dir string, cfg *config, rep int) (row, error) {
	cmd := exec.Command("Rscript", filepath.Join(cfg.stanDir, "stan.R"), dir,
		strconv.Itoa(cfg.chains), strconv.Itoa(cfg.warmup), strconv.Itoa(cfg.draws), strconv.FormatUint(cfg.seed+uint64(rep), 10))
	cmd.Stderr = os.Stderr
	if out, err := cmd.Output(); err != nil {
		return row{}, fmt.Errorf("stan.R: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(dir, "stan_times.json"))
	if err != nil {
		return row{}, err
	}
	var t stanTimes
	if err := json.Unmarshal(b, &t); err != nil {
		return row{}, err
	}
	p := &bayes.Posterior{K: 3, D: 2}
	for c := 1; c <= cfg.chains; c++ {
		d, err := readCSV(filepath.Join(dir, fmt.Sprintf("stan_chain%d.csv", c)))
		if err != nil {
			return row{}, err
		}
		p.Draws = append(p.Draws, d)
	}
	var eps float64
	for _, e := range t.Stepsize {
		eps += e / float64(len(t.Stepsize))
	}
	r := row{name: "Stan NUTS", divergences: t.Divergences, cpu: time.Duration(t.CPU * float64(time.Second)),
		note: fmt.Sprintf("rstan %s; step %.3f, depth %.2f, %d leapfrogs", t.Rstan, eps, t.MeanTreedepth, t.Leapfrogs)}
	return finish(r, p, seconds(t.Warmup), seconds(t.Sample))
}

func seconds(s []float64) time.Duration {
	var sum float64
	for _, v := range s {
		sum += v
	}
	return time.Duration(sum * float64(time.Second))
}

func readCSV(path string) (*mat.Dense, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, err
	}
	out := mat.NewDense(len(recs)-1, len(recs[0]), nil)
	for i, r := range recs[1:] {
		for j, s := range r {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("%s line %d: %w", path, i+2, err)
			}
			out.Set(i, j, v)
		}
	}
	return out, nil
}

func report(rows []row) {
	fmt.Println("ESS = smallest bulk ESS over the 9 parameters, after relabelling; times summed over chains;")
	fmt.Println("\"sample\" and \"total\" are elapsed seconds per chain (Stan's own get_elapsed_time for Stan),")
	fmt.Println("\"CPU\" is the process's user + system time for warm-up and sampling, robust to other load.")
	fmt.Println()
	fmt.Printf("%-10s %7s %9s %8s %9s %8s %7s %8s %7s %4s  %s\n", "sampler", "ESS", "sample s", "ESS/s", "total s", "ESS/s", "CPU s", "ESS/CPUs", "R-hat", "div", "notes")
	for _, r := range rows {
		fmt.Printf("%-10s %7.0f %9.3f %8.0f %9.3f %8.0f %7.3f %8.0f %7.4f %4d  %s\n", r.name, r.minESS, r.sample.Seconds(),
			r.essPerSec(), r.total.Seconds(), r.essPerSecTotal(), r.cpu.Seconds(), r.essPerCPU(), r.maxRhat, r.divergences, r.note)
	}
	stan := rows[len(rows)-1]
	if stan.name != "Stan NUTS" {
		return
	}
	fmt.Println()
	for _, r := range rows[:len(rows)-1] {
		fmt.Printf("%s / Stan NUTS: ESS/s × %.1f (sampling), × %.1f (warm-up + sampling), × %.1f (per CPU second)\n",
			r.name, r.essPerSec()/stan.essPerSec(), r.essPerSecTotal()/stan.essPerSecTotal(), r.essPerCPU()/stan.essPerCPU())
	}
	fmt.Println("\nposterior means, largest |difference| / combined MCSE against Stan:")
	ss := stan.summary
	for _, r := range rows[:len(rows)-1] {
		s := r.summary
		worst, name := 0.0, ""
		for j := range s {
			z := math.Abs(s[j].Mean-ss[j].Mean) / math.Hypot(s[j].MCSE, ss[j].MCSE)
			if z > worst {
				worst, name = z, s[j].Name
			}
		}
		fmt.Printf("  %s: %.2f (%s)\n", r.name, worst, name)
	}
}

// workloadMeans are the component means of the benchmark's data: article D's
// mixture (the data of notebooks 04 and 05), three unit-covariance components.
var workloadMeans = [][]float64{{0, 5}, {5, 0}, {8, 8}}

// workload draws the benchmark's data from src: 100 points from each of
// N(workloadMeans[k], I), shuffled.
func workload(src rand.Source) (*mat.Dense, error) {
	id := mat.NewDiagDense(2, []float64{1, 1})
	m, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3}, workloadMeans, []mat.Symmetric{id, id, id})
	if err != nil {
		return nil, err
	}
	x, _, err := m.SampleCounts([]int{100, 100, 100}, src)
	return x, err
}
