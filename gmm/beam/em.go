// Package gmmbeam fits a Gaussian mixture by EM on Apache Beam, so that the data
// can be spread over the machines of a Flink, Spark or Dataflow cluster (or run
// in-process on Beam's Prism runner).
//
// EM's E-step is a sum over the rows: for the current mixture, each row adds its
// responsibilities γ_ik, γ_ik x_i and γ_ik x_i x_iᵀ and its log-likelihood to
// the sufficient statistics, which gmm.Stats holds and merges (about the
// mixture's means, by Chan et al.'s pairwise update, so that large offsets
// cancel). Each iteration is therefore one Beam pipeline,
//
//	rows ──ParDo(E-step per bundle; the mixture a side input)──▶ encoded gmm.Stats
//	     ──Combine(gmm.Stats.Merge)──▶ one gmm.Stats ──▶ a file
//
// and Fit, the driver, reads the merged statistics, takes the M-step
// (gmm.Stats.MStep) and starts the next pipeline with the new mixture, until the
// mean log-likelihood changes by less than Tol, as gmm.Fit does. The numbers are
// gmm.Fit's up to the order of the sums.
package gmmbeam

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"math"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

func init() {
	register.DoFn3x1[string, []byte, func([]byte), error](&eStepFn{})
	register.Emitter1[[]byte]()
	register.Combiner1[[]byte](&mergeFn{})
	register.Function1x1(encodeLine)
	beam.RegisterType(reflect.TypeOf((*eStepFn)(nil)).Elem())
	beam.RegisterType(reflect.TypeOf((*mergeFn)(nil)).Elem())
}

// Options configure Fit.
type Options struct {
	// Input is the CSV data: a file name or glob that Beam's textio reads (a
	// local path, or gs://… with the gcs filesystem imported). One row per line,
	// comma-separated numbers; lines with no number (headers) are skipped.
	Input string
	// Start is the starting mixture (required), for example gmm.FitStream's or
	// gmm.Fit's initialisation on a sample of the data.
	Start *gmm.Mixture
	// Covariance is the covariance type fitted (default Full).
	Covariance gmm.CovarianceType
	// Reg is added to the diagonal of every covariance, as gmm.Settings.Reg
	// (0: gmm.DefaultReg; gmm.NoReg: none).
	Reg float64
	// MaxIter is the largest number of iterations (0: gmm.DefaultMaxIter).
	MaxIter int
	// Tol stops EM when the mean log-likelihood changes by less than it, as
	// gmm.Settings.Tol with gmm.MeanChange (0: gmm.DefaultTol; negative: never).
	Tol float64
	// WorkDir receives each iteration's merged statistics (a local directory, or
	// one every worker can write to on a cluster).
	WorkDir string
	// Execute runs a pipeline: prism.Execute, or beamx.Run for the runner named by
	// the --runner flag (flink, spark, dataflow).
	Execute func(context.Context, *beam.Pipeline) (beam.PipelineResult, error)
	// Hook, if not nil, is called after every pipeline with the iteration (0 for
	// the start), its log-likelihood and its duration.
	Hook func(it int, logLik float64, took time.Duration)
}

// Result is the outcome of Fit.
type Result struct {
	// Mixture is the fitted mixture.
	Mixture *gmm.Mixture
	// LogLikelihood is Σ_i log p(x_i) under Mixture; History holds it for the
	// start and after each M-step.
	LogLikelihood float64
	History       []float64
	// Iterations is the number of M-steps and Converged whether Tol was met.
	Iterations int
	Converged  bool
	// N is the number of rows.
	N int
}

// Fit runs EM on the rows of o.Input, one pipeline per iteration, from o.Start.
func Fit(ctx context.Context, o Options) (*Result, error) {
	if o.Start == nil || o.Execute == nil || o.Input == "" || o.WorkDir == "" {
		return nil, fmt.Errorf("gmmbeam: Options need Input, Start, WorkDir and Execute")
	}
	maxIter, tol := o.MaxIter, o.Tol
	if maxIter == 0 {
		maxIter = gmm.DefaultMaxIter
	}
	if tol == 0 {
		tol = gmm.DefaultTol
	}
	m := o.Start
	st, err := o.iteration(ctx, m, 0)
	if err != nil {
		return nil, err
	}
	r := &Result{Mixture: m, History: []float64{st.LogLikelihood()}, N: st.Rows()}
	for it := 1; it <= maxIter; it++ {
		next, err := st.MStep(o.Reg)
		if err != nil {
			return nil, fmt.Errorf("gmmbeam: iteration %d: %w", it, err)
		}
		if st, err = o.iteration(ctx, next, it); err != nil {
			return nil, err
		}
		prev := r.History[len(r.History)-1]
		r.Mixture, r.Iterations = next, it
		r.History = append(r.History, st.LogLikelihood())
		if tol >= 0 && math.Abs(st.LogLikelihood()-prev)/st.Weight() < tol {
			r.Converged = true
			break
		}
	}
	r.LogLikelihood = r.History[len(r.History)-1]
	return r, nil
}

// iteration runs the pipeline of the E-step for m and returns its statistics.
func (o *Options) iteration(ctx context.Context, m *gmm.Mixture, it int) (*gmm.Stats, error) {
	began := time.Now()
	mix, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	out := filepath.Join(o.WorkDir, fmt.Sprintf("stats-%04d.txt", it))
	p, s := beam.NewPipelineWithRoot()
	lines := textio.Read(s, o.Input)
	stats := EStep(s, lines, beam.Create(s, mix), o.Covariance)
	textio.Write(s, out, beam.ParDo(s, encodeLine, stats))
	if _, err := o.Execute(ctx, p); err != nil {
		return nil, fmt.Errorf("gmmbeam: iteration %d: %w", it, err)
	}
	st, err := readStats(ctx, out)
	if err != nil {
		return nil, fmt.Errorf("gmmbeam: iteration %d: %w", it, err)
	}
	if o.Hook != nil {
		o.Hook(it, st.LogLikelihood(), time.Since(began))
	}
	return st, nil
}

// EStep adds to s the transforms of one E-step: the CSV lines are parsed and
// added to a gmm.Stats per bundle, under the mixture in the singleton side
// input mixture (its JSON), with covariance type ct, and the bundles'
// statistics are merged by gmm.Stats.Merge. It returns a PCollection of one
// element, the merged statistics encoded by gmm.Stats.MarshalBinary.
func EStep(s beam.Scope, lines, mixture beam.PCollection, ct gmm.CovarianceType) beam.PCollection {
	s = s.Scope("gmm.EStep")
	parts := beam.ParDo(s, &eStepFn{Covariance: int(ct)}, lines, beam.SideInput{Input: mixture})
	return beam.Combine(s, &mergeFn{}, parts)
}

// eStepFn accumulates the statistics of a bundle of CSV lines.
type eStepFn struct {
	Covariance int

	mixture *gmm.Mixture
	stats   *gmm.Stats
	batch   []float64
	rows    int
}

// batchRows is the number of rows eStepFn hands to gmm.Stats.Add at a time.
const batchRows = 4096

func (f *eStepFn) ProcessElement(line string, mixture []byte, _ func([]byte)) error {
	if f.stats == nil {
		var m gmm.Mixture
		if err := m.UnmarshalJSON(mixture); err != nil {
			return err
		}
		f.mixture, f.stats = &m, gmm.NewStats(&m, gmm.CovarianceType(f.Covariance))
		f.stats.Workers = 1
	}
	before := len(f.batch)
	var err error
	if f.batch, err = appendRow(f.batch, line); err != nil {
		return err
	}
	if len(f.batch) == before { // a header
		return nil
	}
	if d := f.mixture.Dim(); len(f.batch)-before != d {
		return fmt.Errorf("gmmbeam: line %q has %d fields, want %d", line, len(f.batch)-before, d)
	}
	if f.rows++; f.rows == batchRows {
		return f.flush()
	}
	return nil
}

func (f *eStepFn) flush() error {
	if f.rows == 0 {
		return nil
	}
	err := f.stats.Add(mat.NewDense(f.rows, f.mixture.Dim(), f.batch), nil)
	f.batch, f.rows = f.batch[:0], 0
	return err
}

// FinishBundle emits the bundle's statistics (Beam wants the side input here
// too).
func (f *eStepFn) FinishBundle(_ []byte, emit func([]byte)) error {
	if f.stats == nil {
		return nil
	}
	if err := f.flush(); err != nil {
		return err
	}
	b, err := f.stats.MarshalBinary()
	if err != nil {
		return err
	}
	emit(b)
	f.stats = nil
	return nil
}

// appendRow appends the numbers of a CSV line to dst; a line with no number
// (a header, or blank) appends nothing.
func appendRow(dst []float64, line string) ([]float64, error) {
	fields := strings.Split(line, ",")
	n := len(dst)
	for j, field := range fields {
		v, err := strconv.ParseFloat(strings.TrimSpace(field), 64)
		if err != nil {
			if j == 0 && !anyNumber(fields) {
				return dst[:n], nil
			}
			return dst[:n], fmt.Errorf("gmmbeam: line %q, field %d: not a number", line, j+1)
		}
		dst = append(dst, v)
	}
	return dst, nil
}

func anyNumber(fields []string) bool {
	for _, f := range fields {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return true
		}
	}
	return false
}

// mergeFn is the CombineFn of the E-step: it merges encoded gmm.Stats.
type mergeFn struct{}

func (mergeFn) MergeAccumulators(a, b []byte) ([]byte, error) {
	var sa, sb gmm.Stats
	if err := sa.UnmarshalBinary(a); err != nil {
		return nil, err
	}
	if err := sb.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	if err := sa.Merge(&sb); err != nil {
		return nil, err
	}
	return sa.MarshalBinary()
}

func encodeLine(b []byte) string { return base64.StdEncoding.EncodeToString(b) }

// readStats reads the statistics that an iteration wrote to path.
func readStats(ctx context.Context, path string) (*gmm.Stats, error) {
	fs, err := filesystem.New(ctx, path)
	if err != nil {
		return nil, err
	}
	defer fs.Close()
	r, err := fs.OpenRead(ctx, path)
	if err != nil {
		return nil, err
	}
	defer r.Close()
	text, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	if len(strings.TrimSpace(string(text))) == 0 {
		return nil, fmt.Errorf("gmmbeam: no data rows")
	}
	b, err := base64.StdEncoding.DecodeString(strings.TrimSpace(string(text)))
	if err != nil {
		return nil, err
	}
	var st gmm.Stats
	if err := st.UnmarshalBinary(b); err != nil {
		return nil, err
	}
	if st.Rows() == 0 {
		return nil, fmt.Errorf("gmmbeam: no data rows")
	}
	return &st, nil
}
