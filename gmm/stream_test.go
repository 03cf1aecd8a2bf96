package gmm_test

import (
	"bufio"
	"encoding/binary"
	"errors"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// TestFitStreamMatchesFit checks that FitStream, from the same start, follows
// Fit's iterations to 1e-10 relative in the log-likelihood, on a CSV file and on
// a binary file of the same rows, for every covariance type (Full only for the
// binary file); 66 000 rows make two batches.
func TestFitStreamMatchesFit(t *testing.T) {
	x, _ := threeBlobs(t, 66_000, 11)
	dir := t.TempDir()
	sources := map[string]gmm.RowSource{
		"csv":    gmm.CSVFile(writeCSV(t, filepath.Join(dir, "x.csv"), x, "a,b,c")),
		"binary": gmm.Float64File{Path: writeFloat64s(t, filepath.Join(dir, "x.f64"), x), Dim: 3},
	}
	for name, src := range sources {
		for _, ct := range gmm.CovarianceTypes() {
			if name == "binary" && ct != gmm.Full {
				continue
			}
			s := gmm.Settings{Covariance: ct, Init: gmm.InitMixture, Start: blobStart(t, ct, 0), Tol: 1e-8}
			want, err := gmm.Fit(x, nil, 3, &s)
			if err != nil {
				t.Fatal(err)
			}
			got, err := gmm.FitStream(src, 3, &gmm.StreamSettings{Settings: s})
			if err != nil {
				t.Fatal(err)
			}
			checkSameFit(t, name+" "+ct.String(), got, want, 1e-10)
		}
	}
}

// TestFitStreamInit checks that FitStream's k-means start is Fit's when the
// reservoir holds all the rows, and that a smaller sample reaches a fit as good.
func TestFitStreamInit(t *testing.T) {
	x, _ := threeBlobs(t, 5000, 12)
	src := gmm.CSVFile(writeCSV(t, filepath.Join(t.TempDir(), "x.csv"), x, ""))
	want, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitKMeans, Tol: 1e-8})
	if err != nil {
		t.Fatal(err)
	}
	got, err := gmm.FitStream(src, 3, &gmm.StreamSettings{Settings: gmm.Settings{Init: gmm.InitKMeans, Tol: 1e-8}})
	if err != nil {
		t.Fatal(err)
	}
	checkSameFit(t, "all rows sampled", got, want, 1e-10)
	small, err := gmm.FitStream(src, 3, &gmm.StreamSettings{Settings: gmm.Settings{Init: gmm.InitKMeans, Tol: 1e-8}, SampleRows: 500})
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinRel(small.LogLikelihood, want.LogLikelihood, 1e-6) {
		t.Errorf("500-row sample: log-likelihood %.10g, want %.10g", small.LogLikelihood, want.LogLikelihood)
	}
}

func TestFitStreamErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, c := range []struct {
		name string
		src  gmm.RowSource
		s    *gmm.StreamSettings
		want string
	}{
		{"missing file", gmm.CSVFile(filepath.Join(dir, "none.csv")), nil, "no such file"},
		{"empty", gmm.CSVFile(write("empty.csv", "a,b\n")), nil, "no data"},
		{"bad field", gmm.CSVFile(write("bad.csv", "1,2\n3,x\n")), nil, "line 2, column 2"},
		{"ragged", gmm.CSVFile(write("ragged.csv", "1,2\n3,4,5\n")), nil, "line 2"},
		{"short binary", gmm.Float64File{Path: write("short.f64", "12345678abc"), Dim: 1}, nil, "ends within a row"},
		{"binary dim", gmm.Float64File{Path: write("d.f64", ""), Dim: 0}, nil, "Dim = 0"},
		{"too few rows", gmm.CSVFile(write("two.csv", "1,2\n3,4\n")), nil, "fewer than k"},
		{"restarts", gmm.CSVFile(write("ok.csv", "1,2\n3,4\n5,6\n7,9\n")),
			&gmm.StreamSettings{Settings: gmm.Settings{Restarts: 2}}, "one restart"},
	} {
		_, err := gmm.FitStream(c.src, 3, c.s)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one with %q", c.name, err, c.want)
		}
	}
	for _, c := range []struct {
		name string
		src  gmm.RowSource
		kind error
	}{
		{"too few rows", gmm.CSVFile(write("two.csv", "1,2\n3,4\n")), gmm.ErrTooFewRows},
		{"short binary", gmm.Float64File{Path: write("short.f64", "12345678abc"), Dim: 1}, gmm.ErrBadShape},
		{"binary NaN", gmm.Float64File{Path: write("nan.f64", "\x00\x00\x00\x00\x00\x00\xf8\x7f"), Dim: 1}, gmm.ErrNotFinite},
	} {
		if _, err := gmm.FitStream(c.src, 3, nil); !errors.Is(err, c.kind) {
			t.Errorf("%s: error %v, want one wrapping %v", c.name, err, c.kind)
		}
	}
}

// checkSameFit fails unless got and want ran the same number of iterations with
// log-likelihoods equal to tol relative and the same final mixture to 1e-8.
func checkSameFit(t *testing.T, name string, got, want *gmm.Result, tol float64) {
	t.Helper()
	if got.Iterations != want.Iterations || got.Converged != want.Converged || got.N != want.N {
		t.Errorf("%s: %d iterations (converged %v, N %d), want %d (%v, %d)", name,
			got.Iterations, got.Converged, got.N, want.Iterations, want.Converged, want.N)
		return
	}
	worst := 0.0
	for i, ll := range want.History {
		worst = math.Max(worst, math.Abs(got.History[i]-ll)/math.Abs(ll))
	}
	if worst > tol {
		t.Errorf("%s: log-likelihoods differ by %.2g relative, want at most %g", name, worst, tol)
	}
	if got.BIC != -2*got.LogLikelihood+float64(want.NumParams)*math.Log(float64(want.N)) {
		t.Errorf("%s: BIC %v inconsistent", name, got.BIC)
	}
	t.Logf("%s: %d iterations, log-likelihoods within %.2g relative", name, got.Iterations, worst)
	checkMixturesClose(t, name, got.Mixture, want.Mixture, 1e-8, 0)
}

// writeCSV writes x to path with the header line (none if empty), every value
// exactly (strconv's shortest form), and returns path.
func writeCSV(t *testing.T, path string, x mat.Matrix, header string) string {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	if header != "" {
		w.WriteString(header + "\n")
	}
	n, d := x.Dims()
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if j > 0 {
				w.WriteByte(',')
			}
			w.WriteString(strconv.FormatFloat(x.At(i, j), 'g', -1, 64))
		}
		w.WriteByte('\n')
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeFloat64s writes x row by row as little-endian float64s and returns path.
func writeFloat64s(t *testing.T, path string, x mat.Matrix) string {
	t.Helper()
	n, d := x.Dims()
	buf := make([]byte, 0, 8*n*d)
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			buf = binary.LittleEndian.AppendUint64(buf, math.Float64bits(x.At(i, j)))
		}
	}
	if err := os.WriteFile(path, buf, 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}
