package gmmbeam_test

import (
	"bufio"
	"context"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/runners/prism"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	gmmbeam "gmmbook/gmm/beam"
	"gmmbook/gmm/datasets"
)

func TestMain(m *testing.M) {
	beam.Init()
	os.Exit(m.Run())
}

// TestFitFaithful checks 20 iterations on Prism against gmm.Fit's from the same
// start on Old Faithful, for every covariance type: the log-likelihoods agree to
// 1e-9 relative at every iteration.
func TestFitFaithful(t *testing.T) {
	x := datasets.Faithful()
	path := writeCSV(t, x)
	for _, ct := range gmm.CovarianceTypes() {
		checkAgainstFit(t, ct.String(), x, path, faithfulStart(t, ct), ct)
	}
}

// TestFitMillion checks 20 iterations on Prism against gmm.Fit's on 10⁶ rows
// drawn from a three-component mixture in two dimensions (full covariances),
// and logs the cost of an iteration.
func TestFitMillion(t *testing.T) {
	truth, err := gmm.New([]float64{0.2, 0.3, 0.5}, [][]float64{{0, 0}, {4, 2}, {-3, 5}}, []mat.Symmetric{
		mat.NewSymDense(2, []float64{1, 0.5, 0.5, 1}), mat.NewSymDense(2, []float64{2, 0, 0, 0.5}),
		mat.NewSymDense(2, []float64{1, -0.3, -0.3, 0.8})})
	if err != nil {
		t.Fatal(err)
	}
	x, _ := truth.Sample(1_000_000, rand.NewPCG(1, 2))
	start, err := gmm.New([]float64{1. / 3, 1. / 3, 1. / 3}, [][]float64{{1, 1}, {3, 3}, {-2, 4}},
		[]mat.Symmetric{eye(2), eye(2), eye(2)})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstFit(t, "1e6 rows", x, writeCSV(t, x), start, gmm.Full)
}

// checkAgainstFit runs 20 iterations of gmmbeam.Fit on Prism and of gmm.Fit in
// memory from start, and compares their log-likelihoods.
func checkAgainstFit(t *testing.T, name string, x *mat.Dense, path string, start *gmm.Mixture, ct gmm.CovarianceType) {
	t.Helper()
	const iters = 20
	began := time.Now()
	want, err := gmm.Fit(x, nil, start.K(), &gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: start,
		MaxIter: iters, Tol: gmm.NoTol, NoLabels: true})
	if err != nil {
		t.Fatal(err)
	}
	inMemory := time.Since(began)
	var took time.Duration
	got, err := gmmbeam.Fit(context.Background(), gmmbeam.Options{
		Input: path, Start: start, Covariance: ct, MaxIter: iters, Tol: gmm.NoTol,
		WorkDir: t.TempDir(), Execute: prism.Execute,
		Hook: func(_ int, _ float64, d time.Duration) { took += d },
	})
	if err != nil {
		t.Fatal(err)
	}
	n, _ := x.Dims()
	if got.Iterations != iters || got.N != n {
		t.Fatalf("%s: %d iterations on %d rows, want %d on %d", name, got.Iterations, got.N, iters, n)
	}
	worst := 0.0
	for i, ll := range want.History {
		worst = math.Max(worst, math.Abs(got.History[i]-ll)/math.Abs(ll))
	}
	if worst > 1e-9 {
		t.Errorf("%s: log-likelihoods differ by up to %.2g relative: %.15g, want %.15g", name, worst, got.LogLikelihood, want.LogLikelihood)
	}
	perIter := took / (iters + 1)
	t.Logf("%s: within %.2g relative; Prism %v per iteration (%.3g rows/s), in memory %v",
		name, worst, perIter.Round(time.Millisecond), float64(n)/perIter.Seconds(), (inMemory / (iters + 1)).Round(time.Microsecond))
}

// faithfulStart is a fixed 2-component start on Old Faithful of type ct.
func faithfulStart(t *testing.T, ct gmm.CovarianceType) *gmm.Mixture {
	t.Helper()
	full := mat.NewSymDense(2, []float64{0.3, 1, 1, 40})
	diag := mat.NewSymDense(2, []float64{0.3, 0, 0, 40})
	sph := mat.NewSymDense(2, []float64{5, 0, 0, 5})
	covs := map[gmm.CovarianceType][]mat.Symmetric{
		gmm.Full: {full, diag}, gmm.Diagonal: {diag, diag}, gmm.Spherical: {sph, sph}, gmm.Tied: {full, full},
	}[ct]
	m, err := gmm.NewTyped(ct, []float64{0.4, 0.6}, [][]float64{{2.5, 60}, {4, 75}}, covs)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func eye(d int) *mat.SymDense {
	s := mat.NewSymDense(d, nil)
	for i := 0; i < d; i++ {
		s.SetSym(i, i, 1)
	}
	return s
}

// writeCSV writes x, every value exactly, with a header, to a temporary file.
func writeCSV(t *testing.T, x *mat.Dense) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "data.csv")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	w.WriteString("x,y\n")
	n, d := x.Dims()
	var line []byte
	for i := 0; i < n; i++ {
		line = line[:0]
		for j := 0; j < d; j++ {
			if j > 0 {
				line = append(line, ',')
			}
			line = strconv.AppendFloat(line, x.At(i, j), 'g', -1, 64)
		}
		w.Write(append(line, '\n'))
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}
