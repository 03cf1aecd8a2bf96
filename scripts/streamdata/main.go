// Command streamdata makes and checks the large workload of gmm fit -stream
// (issue 17). Run it through scripts/stream-measure.sh.
//
//	streamdata gen -n 10000000 -o data.csv      # N×10 rows from a seeded 5-component mixture
//	streamdata compare -k 5 -o fit.json data.csv # in-memory gmm.Fit from fit -stream's start
//
// gen draws from a fixed mixture (K = 5, D = 10, means uniform in [−10, 10]ᴰ,
// covariances AAᵀ/D + ½I with A standard normal, all from -seed) and writes
// the values with 6 decimals. compare computes the start that gmm fit -stream
// takes with the same -seed, -max-iter and -tol (gmm.FitStream's sample and initialisation, stopped
// at iteration 0), loads the file whole and runs gmm.Fit from that start with
// fit's settings, then prints its log-likelihood, and, with -stream-json,
// the relative difference from fit -stream's.
package main

import (
	"bufio"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"log"
	"math"
	"math/rand/v2"
	"os"
	"strconv"
	"time"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

func main() {
	log.SetFlags(0)
	if len(os.Args) < 2 {
		log.Fatal("usage: streamdata gen|compare [flags]")
	}
	var err error
	switch os.Args[1] {
	case "gen":
		err = gen(os.Args[2:])
	case "compare":
		err = compare(os.Args[2:])
	default:
		err = fmt.Errorf("unknown command %q", os.Args[1])
	}
	if err != nil {
		log.Fatal(err)
	}
}

const dim, components = 10, 5

func gen(args []string) error {
	fs := flag.NewFlagSet("gen", flag.ExitOnError)
	n := fs.Int("n", 10_000_000, "rows")
	seed := fs.Uint64("seed", 1, "random seed")
	out := fs.String("o", "", "output CSV file")
	fs.Parse(args)
	rng := rand.New(rand.NewPCG(*seed, 17))
	weights := []float64{0.1, 0.15, 0.2, 0.25, 0.3}
	means := make([][]float64, components)
	covs := make([]mat.Symmetric, components)
	for c := range means {
		means[c] = make([]float64, dim)
		for j := range means[c] {
			means[c][j] = 20*rng.Float64() - 10
		}
		a := mat.NewDense(dim, dim, nil)
		a.Apply(func(_, _ int, _ float64) float64 { return rng.NormFloat64() }, a)
		cov := mat.NewSymDense(dim, nil)
		cov.SymOuterK(1/float64(dim), a)
		for j := 0; j < dim; j++ {
			cov.SetSym(j, j, cov.At(j, j)+0.5)
		}
		covs[c] = cov
	}
	m, err := gmm.New(weights, means, covs)
	if err != nil {
		return err
	}
	f, err := os.Create(*out)
	if err != nil {
		return err
	}
	w := bufio.NewWriterSize(f, 1<<20)
	src := rand.NewPCG(*seed, 18)
	var line []byte
	for done := 0; done < *n; {
		b := min(100_000, *n-done)
		x, _ := m.Sample(b, src)
		for i := 0; i < b; i++ {
			line = line[:0]
			for j, v := range x.RawRowView(i) {
				if j > 0 {
					line = append(line, ',')
				}
				line = strconv.AppendFloat(line, v, 'f', 6, 64)
			}
			line = append(line, '\n')
			w.Write(line)
		}
		done += b
	}
	if err := w.Flush(); err != nil {
		return err
	}
	return f.Close()
}

func compare(args []string) error {
	fs := flag.NewFlagSet("compare", flag.ExitOnError)
	k := fs.Int("k", components, "components")
	seed := fs.Uint64("seed", 1, "random seed, as fit's -seed")
	maxIter := fs.Int("max-iter", 100, "as fit's -max-iter")
	tol := fs.Float64("tol", 1e-3, "as fit's -tol (0: run -max-iter iterations)")
	streamJSON := fs.String("stream-json", "", "fit -stream's output, to compare with")
	fs.Parse(args)
	path := fs.Arg(0)
	// fit's defaults and its source for -seed (gmm/cmd/gmm: source).
	settings := func() gmm.Settings {
		t := *tol
		if t == 0 {
			t = gmm.NoTol
		}
		return gmm.Settings{MaxIter: *maxIter, Tol: t, Reg: 1e-6, Src: rand.NewPCG(*seed, 0x9e3779b97f4a7c15)}
	}
	var start *gmm.Mixture
	s := settings()
	s.Hook = func(it gmm.Iteration) bool { start = it.Mixture; return true }
	if _, err := gmm.FitStream(gmm.CSVFile(path), *k, &gmm.StreamSettings{Settings: s}); err != nil {
		return err
	}
	t0 := time.Now()
	x, err := load(gmm.CSVFile(path))
	if err != nil {
		return err
	}
	t1 := time.Now()
	s = settings()
	s.Init, s.Start, s.Src, s.NoLabels = gmm.InitMixture, start, nil, true
	res, err := gmm.Fit(x, nil, *k, &s)
	if err != nil {
		return err
	}
	t2 := time.Now()
	fmt.Printf("in-memory: load %.1f s, fit %.1f s (%d iterations, %.3f s each), log-likelihood %.17g\n",
		t1.Sub(t0).Seconds(), t2.Sub(t1).Seconds(), res.Iterations, t2.Sub(t1).Seconds()/float64(res.Iterations+1), res.LogLikelihood)
	if *streamJSON == "" {
		return nil
	}
	b, err := os.ReadFile(*streamJSON)
	if err != nil {
		return err
	}
	var sr struct {
		LogLikelihood float64 `json:"log_likelihood"`
		Iterations    int     `json:"iterations"`
	}
	if err := json.Unmarshal(b, &sr); err != nil {
		return err
	}
	rel := math.Abs(sr.LogLikelihood-res.LogLikelihood) / math.Abs(res.LogLikelihood)
	fmt.Printf("fit -stream: %d iterations, log-likelihood %.17g: %.2g relative to in-memory\n", sr.Iterations, sr.LogLikelihood, rel)
	if rel > 1e-10 || sr.Iterations != res.Iterations {
		return fmt.Errorf("fit -stream and the in-memory fit differ")
	}
	return nil
}

// load reads every row of src into a matrix.
func load(src gmm.RowSource) (*mat.Dense, error) {
	r, err := src.Open()
	if err != nil {
		return nil, err
	}
	defer r.Close()
	var data []float64
	d := 0
	for {
		row, err := r.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		d = len(row)
		data = append(data, row...)
	}
	return mat.NewDense(len(data)/d, d, data), nil
}
