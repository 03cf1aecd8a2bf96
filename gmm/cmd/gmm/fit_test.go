package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gmmbook/gmm"

	"gonum.org/v1/gonum/mat"
)

// articleD is the mixture of article D: unit covariances around (0, 5), (5, 0)
// and (8, 8), equal weights.
func articleD(t *testing.T) *gmm.Mixture {
	t.Helper()
	id := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	m, err := gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3},
		[][]float64{{0, 5}, {5, 0}, {8, 8}}, []mat.Symmetric{id, id, id})
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// writeSample draws counts[k] points from component k of m and writes them as a
// CSV file with a header; it returns the path and the points.
func writeSample(t *testing.T, m *gmm.Mixture, counts []int, seed uint64) (string, *mat.Dense) {
	t.Helper()
	x, _, err := m.SampleCounts(counts, rand.NewPCG(seed, 1))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	n, d := x.Dims()
	for j := 0; j < d; j++ {
		if j > 0 {
			b.WriteString(",")
		}
		fmt.Fprintf(&b, "v%d", j)
	}
	b.WriteString("\n")
	for i := 0; i < n; i++ {
		for j := 0; j < d; j++ {
			if j > 0 {
				b.WriteString(",")
			}
			fmt.Fprint(&b, x.At(i, j))
		}
		b.WriteString("\n")
	}
	return writeTemp(t, "data.csv", b.String()), x
}

// decodeReport decodes fit's output, failing unless it has exactly the fields of
// the issue, in order.
func decodeReport(t *testing.T, out string) fitReport {
	t.Helper()
	want := []string{"k", "dim", "covariance", "weights", "means", "covariances", "log_likelihood",
		"mean_log_likelihood", "iterations", "converged", "bic", "aic", "n_parameters"}
	dec := json.NewDecoder(strings.NewReader(out))
	var keys []string
	if _, err := dec.Token(); err != nil {
		t.Fatalf("fit output is not a JSON object: %v\n%s", err, out)
	}
	for dec.More() {
		key, err := dec.Token()
		if err != nil {
			t.Fatal(err)
		}
		keys = append(keys, key.(string))
		var skip json.RawMessage
		if err := dec.Decode(&skip); err != nil {
			t.Fatal(err)
		}
	}
	if strings.Join(keys, " ") != strings.Join(want, " ") {
		t.Errorf("fields %q, want %q", keys, want)
	}
	var r fitReport
	d := json.NewDecoder(strings.NewReader(out))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFitRecoversArticleD fits 3 000 points drawn from article D's mixture and
// checks the fitted parameters against the true ones within four standard errors.
func TestFitRecoversArticleD(t *testing.T) {
	truth := articleD(t)
	const nk = 1000
	data, x := writeSample(t, truth, []int{nk, nk, nk}, 5)
	r := decodeReport(t, gmmOK(t, "", "fit", "-k", "3", "-restarts", "3", "-seed", "9", data))
	if r.K != 3 || r.Dim != 2 || r.Covariance != "full" || len(r.Weights) != 3 || len(r.Means) != 3 || len(r.Covariances) != 3 {
		t.Fatalf("report shape: %+v", r)
	}
	if !r.Converged || r.Iterations < 1 || r.Iterations > 100 {
		t.Errorf("converged %v after %d iterations", r.Converged, r.Iterations)
	}
	for k := 0; k < 3; k++ {
		mu := truth.Mean(k)
		j := nearestMean(r.Means, mu)
		// Weight: binomial-like standard error sqrt(π(1−π)/N) bounds it.
		if se := math.Sqrt(2.0 / 9 / (3 * nk)); math.Abs(r.Weights[j]-1.0/3) > 4*se {
			t.Errorf("component %d: weight %v, want 1/3 ± %v", k, r.Weights[j], 4*se)
		}
		// Mean: standard error σ/sqrt(n_k) with σ = 1.
		for i := range mu {
			if se := 1 / math.Sqrt(nk); math.Abs(r.Means[j][i]-mu[i]) > 4*se {
				t.Errorf("component %d: mean %v, want %v ± %v", k, r.Means[j], mu, 4*se)
			}
		}
		// Covariance of unit-variance normals: sd of a variance sqrt(2/n), of a
		// covariance sqrt(1/n).
		c := r.Covariances[j]
		if len(c) != 2 || len(c[0]) != 2 || len(c[1]) != 2 || c[0][1] != c[1][0] {
			t.Fatalf("component %d: covariance %v is not a symmetric 2×2 matrix", k, c)
		}
		for a := 0; a < 2; a++ {
			for b := 0; b < 2; b++ {
				want, se := 0.0, math.Sqrt(1.0/nk)
				if a == b {
					want, se = 1, math.Sqrt(2.0/nk)
				}
				if math.Abs(c[a][b]-want) > 4*se {
					t.Errorf("component %d: covariance %v, want the identity ± %v", k, c, 4*se)
				}
			}
		}
	}
	checkReportStatistics(t, r, x, gmm.NumParams(gmm.Full, 3, 2))
}

// checkReportStatistics checks the report's likelihood figures against the
// mixture it prints, evaluated independently with the mixture's LogProbsTo, and
// BIC and AIC against their definitions.
func checkReportStatistics(t *testing.T, r fitReport, x *mat.Dense, p int) {
	t.Helper()
	b, err := json.Marshal(r)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gmm.Load(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("the printed report does not load as a model: %v", err)
	}
	n, _ := x.Dims()
	var ll float64
	for _, v := range m.LogProbsTo(nil, x) {
		ll += v
	}
	if math.Abs(r.LogLikelihood-ll) > 1e-9*math.Abs(ll) {
		t.Errorf("log_likelihood %v, the printed model gives %v", r.LogLikelihood, ll)
	}
	if math.Abs(r.MeanLogLikelihood-ll/float64(n)) > 1e-9*math.Abs(ll/float64(n)) {
		t.Errorf("mean_log_likelihood %v, want %v", r.MeanLogLikelihood, ll/float64(n))
	}
	if r.NParameters != p {
		t.Errorf("n_parameters %d, want %d", r.NParameters, p)
	}
	if bic := -2*r.LogLikelihood + float64(p)*math.Log(float64(n)); math.Abs(r.BIC-bic) > 1e-9*math.Abs(bic) {
		t.Errorf("bic %v, want −2 log L + p log N = %v", r.BIC, bic)
	}
	if aic := -2*r.LogLikelihood + 2*float64(p); math.Abs(r.AIC-aic) > 1e-9*math.Abs(aic) {
		t.Errorf("aic %v, want −2 log L + 2p = %v", r.AIC, aic)
	}
}

func nearestMean(means [][]float64, mu []float64) int {
	best, bestD := 0, math.Inf(1)
	for j, m := range means {
		var d float64
		for i := range m {
			d += (m[i] - mu[i]) * (m[i] - mu[i])
		}
		if d < bestD {
			best, bestD = j, d
		}
	}
	return best
}

// TestFitCovarianceTypes fits each covariance type and checks the structure of
// the printed covariances, the parameter count and the statistics.
func TestFitCovarianceTypes(t *testing.T) {
	data, x := writeSample(t, articleD(t), []int{150, 100, 50}, 11)
	for _, ct := range gmm.CovarianceTypes() {
		r := decodeReport(t, gmmOK(t, "", "fit", "-k", "3", "-covariance", ct.String(), data))
		if r.Covariance != ct.String() {
			t.Errorf("%v: covariance %q", ct, r.Covariance)
		}
		for k, c := range r.Covariances {
			switch ct {
			case gmm.Diagonal:
				if c[0][1] != 0 || c[1][0] != 0 {
					t.Errorf("diag: component %d has off-diagonal %v", k, c)
				}
			case gmm.Spherical:
				if c[0][1] != 0 || c[0][0] != c[1][1] {
					t.Errorf("spherical: component %d is %v", k, c)
				}
			case gmm.Tied:
				if fmt.Sprint(c) != fmt.Sprint(r.Covariances[0]) {
					t.Errorf("tied: component %d is %v, component 0 %v", k, c, r.Covariances[0])
				}
			}
		}
		checkReportStatistics(t, r, x, gmm.NumParams(ct, 3, 2))
	}
}

// TestFitModelFile checks that -o writes the printed model, which score then uses.
func TestFitModelFile(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{60, 60, 60}, 2)
	model := filepath.Join(t.TempDir(), "model.json")
	out := gmmOK(t, "", "fit", "-k", "3", "-o", model, "-seed", "4", data)
	r := decodeReport(t, out)
	saved, err := os.ReadFile(model)
	if err != nil {
		t.Fatal(err)
	}
	m, err := gmm.Load(bytes.NewReader(saved))
	if err != nil {
		t.Fatal(err)
	}
	printed, err := gmm.Load(strings.NewReader(out))
	if err != nil {
		t.Fatal(err)
	}
	a, errA := json.Marshal(m)
	b, errB := json.Marshal(printed)
	if errA != nil || errB != nil {
		t.Fatal(errA, errB)
	}
	if !bytes.Equal(a, b) {
		t.Errorf("-o wrote\n%s\nbut fit printed\n%s", a, b)
	}
	// Scoring the training data with the saved model gives the reported total.
	_, rows := parseCSV(t, gmmOK(t, "", "score", "-model", model, data))
	var ll float64
	for _, row := range rows {
		ll += row[0]
	}
	if math.Abs(ll-r.LogLikelihood) > 1e-9*math.Abs(ll) {
		t.Errorf("score sums to %v, fit reported %v", ll, r.LogLikelihood)
	}
}

func TestFitIsSeeded(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{50, 50, 50}, 3)
	for _, init := range []string{"kmeans", "kmeans++", "random-points", "random-resp"} {
		a := gmmOK(t, "", "fit", "-k", "3", "-init", init, "-restarts", "2", "-seed", "8", data)
		b := gmmOK(t, "", "fit", data, "-seed", "8", "-restarts", "2", "-init", init, "-k", "3")
		if a != b {
			t.Errorf("-init %s: the same flags gave different fits", init)
		}
	}
}

// TestFitMaxIterWithoutTol runs exactly -max-iter iterations with -tol 0.
func TestFitMaxIterWithoutTol(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{50, 50, 50}, 3)
	r := decodeReport(t, gmmOK(t, "", "fit", "-k", "2", "-tol", "0", "-max-iter", "7", "-reg", "0", data))
	if r.Iterations != 7 || r.Converged {
		t.Errorf("iterations %d converged %v, want 7 and false", r.Iterations, r.Converged)
	}
}

// TestFitFailsCleanly checks that a failing fit prints nothing on standard output,
// leaves an existing model file as it was and creates none.
func TestFitFailsCleanly(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "model.json")
	if err := os.WriteFile(model, []byte("previous"), 0o644); err != nil {
		t.Fatal(err)
	}
	good, _ := writeSample(t, articleD(t), []int{20, 20, 20}, 1)
	for _, tc := range []struct {
		code       int
		want, data string
		args       []string
	}{
		{1, `line 3, column 2 (b): "x" is not a number`, "a,b\n1,2\n3,x\n", nil},
		{1, "line 2, column 1 (a): \"Inf\" is infinite", "a,b\nInf,2\n3,4\n", nil},
		{1, "line 4: 3 fields, want 2", "a,b\n1,2\n3,4\n5,6,7\n", nil},
		{1, "fewer than k = 3 components", "a,b\n1,2\n3,4\n", nil},
		{1, "at least 2", "1,2\n", []string{"-k", "1"}},
		{2, "-k must be at least 1", good, []string{"-k", "0"}},
		{2, "unknown covariance type", good, []string{"-covariance", "banded"}},
		{2, "unknown -init", good, []string{"-init", "mixture"}},
		{2, "-restarts must be at least 1", good, []string{"-restarts", "0"}},
		{2, "-max-iter must be at least 1", good, []string{"-max-iter", "0"}},
		{2, "-tol must be zero or positive", good, []string{"-tol", "-1"}},
		{2, "-reg must be zero or positive", good, []string{"-reg", "NaN"}},
		{2, "-reg must be zero or positive and finite, got +Inf", good, []string{"-reg", "Inf"}},
		{2, "-reg must be zero or positive", good, []string{"-reg", "-1e-3"}},
		{2, "-tol must be zero or positive and finite, got +Inf", good, []string{"-tol", "+Inf"}},
	} {
		path := tc.data
		if tc.data != good {
			path = writeTemp(t, "bad.csv", tc.data)
		}
		// tc.args come after -k 3: the last value of a flag counts.
		args := append(append([]string{"fit", "-o", model, "-k", "3"}, tc.args...), path)
		gmmFails(t, tc.code, tc.want, "", args...)
	}
	if b, err := os.ReadFile(model); err != nil || string(b) != "previous" {
		t.Errorf("a failed fit changed the model file: %q, %v", b, err)
	}
	// An -o path that cannot be written: exit 1, no output, no stray file.
	gmmFails(t, 1, "no such file or directory", "", "fit", "-k", "3", "-o", filepath.Join(dir, "missing", "m.json"), good)
	if entries, err := os.ReadDir(dir); err != nil || len(entries) != 1 {
		t.Errorf("directory holds %d entries (%v), want only model.json", len(entries), err)
	}
	gmmFails(t, 2, "missing data file", "", "fit", "-k", "3")
}

// TestFitOneDimensionFromStdin fits article B's 1-D mixture, reading the data
// from standard input, and checks weights, means and standard deviations against
// the truth. The bounds are five standard errors of the estimates from labelled
// data; the components overlap, which widens the EM estimates' error a little.
func TestFitOneDimensionFromStdin(t *testing.T) {
	id := func(v float64) mat.Symmetric { return mat.NewSymDense(1, []float64{v}) }
	truth, err := gmm.New([]float64{0.35, 0.65}, [][]float64{{-0.3}, {0.5}}, []mat.Symmetric{id(0.15 * 0.15), id(0.30 * 0.30)})
	if err != nil {
		t.Fatal(err)
	}
	counts := []int{1400, 2600} // int(N r_h) for N = 4000, as article B draws
	path, _ := writeSample(t, truth, counts, 13)
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	r := decodeReport(t, gmmOK(t, string(data), "fit", "-k", "2", "-restarts", "3", "-tol", "1e-8", "-max-iter", "1000", "-"))
	if r.Dim != 1 || len(r.Covariances[0]) != 1 {
		t.Fatalf("dim %d, covariances %v", r.Dim, r.Covariances)
	}
	n := 4000.0
	for k, sd := range []float64{0.15, 0.30} {
		mu := truth.Mean(k)
		j := nearestMean(r.Means, mu)
		w := float64(counts[k]) / n
		if se := math.Sqrt(w * (1 - w) / n); math.Abs(r.Weights[j]-w) > 5*se {
			t.Errorf("component %d: weight %v, want %v ± %v", k, r.Weights[j], w, 5*se)
		}
		if se := sd / math.Sqrt(float64(counts[k])); math.Abs(r.Means[j][0]-mu[0]) > 5*se {
			t.Errorf("component %d: mean %v, want %v ± %v", k, r.Means[j][0], mu[0], 5*se)
		}
		// The standard error of a sample standard deviation is about sd/sqrt(2n).
		got := math.Sqrt(r.Covariances[j][0][0])
		if se := sd / math.Sqrt(2*float64(counts[k])); math.Abs(got-sd) > 5*se {
			t.Errorf("component %d: sd %v, want %v ± %v", k, got, sd, 5*se)
		}
	}
}

// TestFitMclustModels fits each of mclust's fourteen models with -model and -o:
// the printed JSON keeps exactly the fields of TestFitCovarianceTypes, its
// covariance field names the model (or its covariance type for VVV, VVI, VII and
// EEE), n_parameters is the model's count, score of the saved file sums to the
// printed log-likelihood and sample draws from it.
func TestFitMclustModels(t *testing.T) {
	data, x := writeSample(t, articleD(t), []int{90, 60, 50}, 12)
	typeNames := map[gmm.Model]string{gmm.VVV: "full", gmm.VVI: "diag", gmm.VII: "spherical", gmm.EEE: "tied"}
	for _, model := range gmm.Models() {
		file := filepath.Join(t.TempDir(), "model.json")
		r := decodeReport(t, gmmOK(t, "", "fit", "-k", "3", "-model", model.String(), "-init", "kmeans", "-o", file, data))
		want := typeNames[model]
		if want == "" {
			want = model.String()
		}
		if r.Covariance != want {
			t.Errorf("%v: covariance %q, want %q", model, r.Covariance, want)
		}
		checkReportStatistics(t, r, x, model.NumParams(3, 2))
		_, rows := parseCSV(t, gmmOK(t, "", "score", "-model", file, data))
		var ll float64
		for _, row := range rows {
			ll += row[0]
		}
		if math.Abs(ll-r.LogLikelihood) > 1e-9*math.Abs(ll) {
			t.Errorf("%v: score sums to %v, fit reported %v", model, ll, r.LogLikelihood)
		}
		if _, pts := parseCSV(t, gmmOK(t, "", "sample", "-model", file, "-n", "50")); len(pts) != 50 {
			t.Errorf("%v: sample drew %d points, want 50", model, len(pts))
		}
	}
}
