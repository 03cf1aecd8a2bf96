package gmm

import (
	"bufio"
	"cmp"
	"encoding/binary"
	"errors"
	"io"
	"math"
	"math/rand/v2"
	"os"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/csvdata"
)

// RowSource is data that can be read more than once, a row at a time: FitStream
// opens it once per EM iteration.
type RowSource interface {
	// Open starts a pass over the rows, from the first.
	Open() (RowReader, error)
}

// RowReader reads one pass over a RowSource's rows.
type RowReader interface {
	// Next returns the next row, in a slice that the next call may overwrite,
	// and io.EOF after the last. Every row has the same length.
	Next() ([]float64, error)
	// Close ends the pass.
	Close() error
}

// CSVFile is the RowSource of the CSV file at its path: one record per row,
// comma-separated numbers, a first record of names (none a number) taken as a
// header and skipped, as the gmm command reads data.
type CSVFile string

// Open opens the file and reads its first record.
func (path CSVFile) Open() (RowReader, error) {
	f, err := os.Open(string(path))
	if err != nil {
		return nil, err
	}
	r, err := csvdata.NewReader(bufio.NewReaderSize(f, 1<<16))
	if err != nil {
		f.Close()
		return nil, wrapf(err, "%s", path)
	}
	return &csvRows{f: f, r: r}, nil
}

// csvRows reads a CSV file csvChunk rows at a time.
type csvRows struct {
	f     *os.File
	r     *csvdata.Reader
	chunk *mat.Dense
	next  int
}

const csvChunk = 4096

func (c *csvRows) Next() ([]float64, error) {
	if c.chunk == nil || c.next == c.chunk.RawMatrix().Rows {
		chunk, err := c.r.ReadRows(csvChunk)
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, wrapf(err, "%s", c.f.Name())
		}
		c.chunk, c.next = chunk, 0
	}
	c.next++
	return c.chunk.RawRowView(c.next - 1), nil
}

func (c *csvRows) Close() error { return c.f.Close() }

// Float64File is the RowSource of a binary file of little-endian IEEE 754
// float64 values, row after row, Dim to a row, with no header.
type Float64File struct {
	Path string
	Dim  int
}

// Open opens the file.
func (b Float64File) Open() (RowReader, error) {
	if b.Dim < 1 {
		return nil, errorf(ErrBadArgument, "Float64File %s: Dim = %d, want at least 1", b.Path, b.Dim)
	}
	f, err := os.Open(b.Path)
	if err != nil {
		return nil, err
	}
	return &binaryRows{f: f, r: bufio.NewReaderSize(f, 1<<16), buf: make([]byte, 8*b.Dim), row: make([]float64, b.Dim)}, nil
}

type binaryRows struct {
	f   *os.File
	r   *bufio.Reader
	buf []byte
	row []float64
}

func (b *binaryRows) Next() ([]float64, error) {
	switch _, err := io.ReadFull(b.r, b.buf); {
	case err == io.EOF:
		return nil, io.EOF
	case err == io.ErrUnexpectedEOF:
		return nil, errorf(ErrBadShape, "%s: the file ends within a row of %d values", b.f.Name(), len(b.row))
	case err != nil:
		return nil, err
	}
	for j := range b.row {
		b.row[j] = math.Float64frombits(binary.LittleEndian.Uint64(b.buf[8*j:]))
	}
	return b.row, nil
}

func (b *binaryRows) Close() error { return b.f.Close() }

// DefaultSampleRows is the size of FitStream's reservoir sample when
// StreamSettings.SampleRows is 0.
const DefaultSampleRows = 100_000

// batchRows is the number of rows FitStream hands to Stats.Add at a time.
const batchRows = 1 << 16

// StreamSettings configures FitStream: the fields of Settings, used as Fit uses
// them, and the size of the initialisation's sample.
type StreamSettings struct {
	// Settings are EM's settings. Restarts must be at most 1 and NoLabels is
	// implied: Result.Labels is nil. Every iteration is a pass over the
	// source, so with InitAuto (the zero Init: its first start, HC on the
	// sample) the zero Tol and MaxIter mean DefaultTol and DefaultMaxIter, not
	// InitAuto's.
	Settings
	// SampleRows is the number of rows of the reservoir sample that the
	// initialisation is drawn from (0: DefaultSampleRows).
	SampleRows int
}

// FitStream fits a K-component Gaussian mixture by EM, as Fit does, to the rows
// of src, which it reads once per iteration and never holds: its memory does not
// depend on the number of rows N. The first pass checks the rows and draws a
// uniform reservoir sample of SampleRows of them (Vitter's algorithm R, with
// Settings.Src); the starting mixture is Fit's initialisation (Settings.Init) on
// that sample, or Settings.Start. Every later pass is one E-step, whose Stats
// give the M-step. With the same starting mixture FitStream follows Fit's
// iterations to rounding (the sums are taken in another order), and when N is
// at most SampleRows the sample is the data and the start is Fit's too.
//
// FitStream returns Fit's errors for bad data or settings (a bad row is named
// by its position), an error for Restarts above 1, and src's errors.
func FitStream(src RowSource, k int, s *StreamSettings) (*Result, error) {
	if s == nil {
		s = &StreamSettings{}
	}
	settings := s.Settings
	if settings.Init == InitAuto {
		settings.MaxIter = cmp.Or(settings.MaxIter, DefaultMaxIter)
		settings.Tol = cmp.Or(settings.Tol, DefaultTol)
	}
	cfg, err := newConfig(&settings)
	if err != nil {
		return nil, err
	}
	if s.Restarts > 1 {
		return nil, errorf(ErrBadArgument, "FitStream runs one restart, not %d", s.Restarts)
	}
	if s.SampleRows < 0 {
		return nil, errorf(ErrBadArgument, "SampleRows = %d, want at least 0", s.SampleRows)
	}
	sampleRows := s.SampleRows
	if sampleRows == 0 {
		sampleRows = DefaultSampleRows
	}
	sample, n, err := reservoir(src, sampleRows, rand.New(cfg.Src))
	if err != nil {
		return nil, err
	}
	if _, _, _, err := checkFitInput(sample, nil, k); err != nil {
		return nil, err
	}
	if err := checkStart(cfg, k, sample); err != nil {
		return nil, err
	}
	start, err := sampleStart(sample, k, cfg)
	if err != nil {
		return nil, err
	}
	return (&streamEM{src: src, n: n, k: k, cfg: cfg}).run(start)
}

// reservoir reads src once, checking that every row is finite and of the first
// row's length, and returns a uniform sample of at most size rows (all of them,
// in order, when there are no more) and the number of rows.
func reservoir(src RowSource, size int, rng *rand.Rand) (*mat.Dense, int, error) {
	var sample []float64
	d, n := 0, 0
	err := eachRow(src, func(row []float64) error {
		if n == 0 {
			d = len(row)
		}
		if err := checkRow(row, n, d); err != nil {
			return err
		}
		switch {
		case n < size:
			sample = append(sample, row...)
		default:
			if j := rng.IntN(n + 1); j < size {
				copy(sample[j*d:(j+1)*d], row)
			}
		}
		n++
		return nil
	})
	if err != nil {
		return nil, 0, err
	}
	if n == 0 || d == 0 {
		return nil, 0, errorf(ErrTooFewRows, "the row source has no data")
	}
	return mat.NewDense(len(sample)/d, d, sample), n, nil
}

// checkRow checks row i: d finite values.
func checkRow(row []float64, i, d int) error {
	if len(row) != d {
		return errorf(ErrBadShape, "row %d has %d values, want %d as the first", i, len(row), d)
	}
	for j, v := range row {
		if v-v != 0 {
			return errorf(ErrNotFinite, "data row %d, column %d is %v", i, j, v)
		}
	}
	return nil
}

// eachRow calls f with every row of one pass over src.
func eachRow(src RowSource, f func(row []float64) error) (err error) {
	r, err := src.Open()
	if err != nil {
		return err
	}
	defer func() {
		if cerr := r.Close(); err == nil {
			err = cerr
		}
	}()
	for {
		row, err := r.Next()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
		if err := f(row); err != nil {
			return err
		}
	}
}

// sampleStart returns the starting mixture: cfg.Start, or that of Fit's
// initialisation on the sample (its iteration 0).
func sampleStart(sample *mat.Dense, k int, cfg *config) (*Mixture, error) {
	if cfg.Start != nil {
		return cfg.Start, nil
	}
	s := cfg.Settings
	var start *Mixture
	s.Hook = func(it Iteration) bool {
		start = it.Mixture
		return true
	}
	s.NoLabels = true
	if _, err := Fit(sample, nil, k, &s); err != nil {
		return nil, wrapf(err, "initialisation on the sample")
	}
	return start, nil
}

// streamEM is one FitStream: EM whose sweeps are passes over src.
type streamEM struct {
	src  RowSource
	n, k int
	cfg  *config
}

// run iterates EM from start, with Fit's stopping rule and hook.
func (e *streamEM) run(start *Mixture) (*Result, error) {
	m := start
	st, err := e.sweep(m, 0)
	if err != nil {
		return nil, err
	}
	history := []float64{st.LogLikelihood()}
	if e.hook(0, m, history[0]) {
		return e.result(m, st, history, 0, false), nil
	}
	converged, it := false, 1
	for ; it <= e.cfg.MaxIter; it++ {
		reg := e.cfg.reg
		if e.cfg.Reg == 0 { // Fit's default, scaled by the columns' variances
			reg = defaultReg(st.columnVariances())
		}
		next, err := st.next(reg, fixed{e.cfg.FixWeights, e.cfg.FixMeans, e.cfg.FixCovariances})
		if err != nil {
			return nil, wrapf(err, "iteration %d", it)
		}
		prev := history[len(history)-1]
		if st, err = e.sweep(next, it); err != nil {
			return nil, err
		}
		m = next
		ll := st.LogLikelihood()
		history = append(history, ll)
		if e.hook(it, m, ll) {
			break
		}
		if e.cfg.converged(prev, ll, st.Weight()) {
			converged = true
			break
		}
	}
	return e.result(m, st, history, min(it, e.cfg.MaxIter), converged), nil
}

func (e *streamEM) hook(it int, m *Mixture, ll float64) bool {
	return e.cfg.Hook != nil && e.cfg.Hook(Iteration{Iter: it, LogLikelihood: ll, Mixture: m})
}

// sweep reads src once and returns the statistics of its rows under m.
func (e *streamEM) sweep(m *Mixture, it int) (*Stats, error) {
	st := NewStats(m, e.cfg.Covariance)
	st.Workers = e.cfg.Workers
	d := m.Dim()
	batch := mat.NewDense(min(batchRows, e.n), d, nil)
	raw := batch.RawMatrix().Data
	rows := 0
	flush := func() error {
		if rows == 0 {
			return nil
		}
		err := st.Add(batch.Slice(0, rows, 0, d), nil)
		rows = 0
		return err
	}
	err := eachRow(e.src, func(row []float64) error {
		if st.Rows()+rows >= e.n {
			return errorf(ErrBadShape, "the row source had %d rows, now more", e.n)
		}
		if err := checkRow(row, st.Rows()+rows, d); err != nil {
			return err
		}
		copy(raw[rows*d:(rows+1)*d], row)
		if rows++; rows == batchRows {
			return flush()
		}
		return nil
	})
	if err == nil {
		err = flush()
	}
	if err != nil {
		return nil, err
	}
	if st.Rows() != e.n {
		return nil, errorf(ErrBadShape, "the row source had %d rows, now %d", e.n, st.Rows())
	}
	if ll := st.LogLikelihood(); math.IsNaN(ll) || math.IsInf(ll, 0) {
		return nil, errorf(ErrScale, "iteration %d: log-likelihood is %v: the data's scale is beyond float64 (standardise the columns)", it, ll)
	}
	return st, nil
}

// result assembles FitStream's Result.
func (e *streamEM) result(m *Mixture, st *Stats, history []float64, iterations int, converged bool) *Result {
	ll := history[len(history)-1]
	wsum := st.Weight()
	p := (&em{k: e.k, d: m.Dim(), cfg: e.cfg}).numParams()
	return &Result{
		Mixture:           m,
		Covariance:        e.cfg.Covariance,
		LogLikelihood:     ll,
		MeanLogLikelihood: ll / wsum,
		History:           history,
		Iterations:        iterations,
		Converged:         converged,
		NumParams:         p,
		BIC:               -2*ll + float64(p)*math.Log(wsum),
		AIC:               -2*ll + 2*float64(p),
		N:                 e.n,
	}
}
