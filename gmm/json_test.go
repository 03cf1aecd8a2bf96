package gmm

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
)

// jsonTestMixtures returns one mixture of each covariance type, with numbers
// that have no short decimal form, so that a lossy encoding would show.
func jsonTestMixtures(t *testing.T) []*Mixture {
	t.Helper()
	third := 1.0 / 3
	full := articleA(t)
	diag := mustMixture(t, Diagonal, []float64{third, 1 - third},
		[][]float64{{math.Pi, -math.E, 1e-300}, {1e21, 0, -0.1}},
		[][]float64{{0.1, 0, 0, 0, 2.0 / 3, 0, 0, 0, 7e-8}, {1, 0, 0, 0, 2, 0, 0, 0, 3}})
	sph := mustMixture(t, Spherical, []float64{1},
		[][]float64{{math.Sqrt2}},
		[][]float64{{1.0 / 7}})
	tied := []float64{2, 0.3, 0.3, 1}
	tiedM := mustMixture(t, Tied, []float64{0.5, 0.5},
		[][]float64{{-1, 1}, {1, -1}}, [][]float64{tied, tied})
	return []*Mixture{full, diag, sph, tiedM}
}

// mustMixture builds a mixture whose covariances are given row-major.
func mustMixture(t *testing.T, ct CovarianceType, w []float64, means [][]float64, covs [][]float64) *Mixture {
	t.Helper()
	d := len(means[0])
	syms := make([]mat.Symmetric, len(covs))
	for k, c := range covs {
		syms[k] = mat.NewSymDense(d, append([]float64(nil), c...))
	}
	m, err := NewTyped(ct, w, means, syms)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

// sameMixture fails unless a and b have exactly the same parameters.
func sameMixture(t *testing.T, a, b *Mixture) {
	t.Helper()
	if a.CovarianceType() != b.CovarianceType() || a.K() != b.K() || a.Dim() != b.Dim() {
		t.Fatalf("got %v K=%d D=%d, want %v K=%d D=%d", b.CovarianceType(), b.K(), b.Dim(), a.CovarianceType(), a.K(), a.Dim())
	}
	for k := 0; k < a.K(); k++ {
		if a.Weight(k) != b.Weight(k) {
			t.Errorf("weight %d: got %v, want %v", k, b.Weight(k), a.Weight(k))
		}
		if !slices.Equal(a.Mean(k), b.Mean(k)) {
			t.Errorf("mean %d: got %v, want %v", k, b.Mean(k), a.Mean(k))
		}
		if !mat.Equal(a.CovarianceMatrixTo(nil, k), b.CovarianceMatrixTo(nil, k)) {
			t.Errorf("covariance %d differs", k)
		}
		if a.LogDet(k) != b.LogDet(k) {
			t.Errorf("log-determinant %d: got %v, want %v", k, b.LogDet(k), a.LogDet(k))
		}
	}
}

func TestJSONRoundTripIsExact(t *testing.T) {
	for _, m := range jsonTestMixtures(t) {
		b, err := json.Marshal(m)
		if err != nil {
			t.Fatal(err)
		}
		var got Mixture
		if err := json.Unmarshal(b, &got); err != nil {
			t.Fatalf("%v: %v\n%s", m.CovarianceType(), err, b)
		}
		sameMixture(t, m, &got)

		var buf bytes.Buffer
		if err := m.Save(&buf); err != nil {
			t.Fatal(err)
		}
		loaded, err := Load(&buf)
		if err != nil {
			t.Fatalf("%v: %v", m.CovarianceType(), err)
		}
		sameMixture(t, m, loaded)
	}
}

// TestJSONFieldsAndLayout checks the field names and values against the
// parameters of article A, and that Save writes one field per line.
func TestJSONFieldsAndLayout(t *testing.T) {
	m := jsonTestMixtures(t)[0]
	var buf bytes.Buffer
	if err := m.Save(&buf); err != nil {
		t.Fatal(err)
	}
	want := `{
  "k": 3,
  "dim": 2,
  "covariance": "full",
  "weights": [0.45,0.25,0.3],
  "means": [[0,5],[5,-10],[-10,-5]],
  "covariances": [[[36,10],[10,25]],[[9,-1.3],[-1.3,16]],[[25,-3.2],[-3.2,16]]]
}
`
	if buf.String() != want {
		t.Errorf("Save wrote\n%s\nwant\n%s", buf.String(), want)
	}
	if !json.Valid(buf.Bytes()) {
		t.Error("Save wrote invalid JSON")
	}
}

// TestLoadHandWritten loads a one-component model written by hand and checks its
// density against gonum's distmv.Normal with the same parameters.
func TestLoadHandWritten(t *testing.T) {
	src := `{"weights": [1], "means": [[1, -2]], "covariances": [[[2, 0.5], [0.5, 1]]],
	         "log_likelihood": -12.5, "converged": true}`
	m, err := Load(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if m.CovarianceType() != Full {
		t.Errorf("a missing covariance field gave %v, want full", m.CovarianceType())
	}
	ref, ok := distmv.NewNormal([]float64{1, -2}, mat.NewSymDense(2, []float64{2, 0.5, 0.5, 1}), nil)
	if !ok {
		t.Fatal("reference covariance not positive definite")
	}
	for _, x := range [][]float64{{0, 0}, {1, -2}, {4, 3}} {
		if got, want := m.LogProb(x), ref.LogProb(x); math.Abs(got-want) > 1e-13*math.Abs(want)+1e-14 {
			t.Errorf("LogProb(%v) = %v, distmv.Normal gives %v", x, got, want)
		}
	}
}

// TestLoadAveragesRoundingAsymmetry accepts a covariance whose triangles differ
// in the last bits, as one computed by another tool may.
func TestLoadAveragesRoundingAsymmetry(t *testing.T) {
	a := 0.30000000000000004 // the float64 after 0.3
	src := `{"weights":[1],"means":[[0,0]],"covariances":[[[1,0.3],[0.30000000000000004,1]]]}`
	m, err := Load(strings.NewReader(src))
	if err != nil {
		t.Fatal(err)
	}
	if got := m.CovarianceMatrixTo(nil, 0).At(0, 1); got < 0.3 || got > a {
		t.Errorf("off-diagonal element %v, want between 0.3 and %v", got, a)
	}
}

func TestLoadRejectsBadModels(t *testing.T) {
	for _, tc := range []struct {
		name, json, want string
		kind             error // nil: none of the package's kinds (a JSON syntax error)
	}{
		{"not json", `{"weights": [1`, "decoding mixture", nil},
		{"trailing data", `{"weights":[1],"means":[[0]],"covariances":[[[1]]]} {}`, "data after", nil},
		{"missing covariances", `{"weights":[1],"means":[[0]]}`, "needs weights, means and covariances", ErrBadShape},
		{"unknown type", `{"covariance":"banded","weights":[1],"means":[[0]],"covariances":[[[1]]]}`, "unknown covariance type", ErrBadArgument},
		{"k mismatch", `{"k":2,"weights":[1],"means":[[0]],"covariances":[[[1]]]}`, "k = 2 but 1 weights", ErrBadShape},
		{"dim mismatch", `{"dim":2,"weights":[1],"means":[[0]],"covariances":[[[1]]]}`, "dim = 2", ErrBadShape},
		{"weights off simplex", `{"weights":[0.5,0.6],"means":[[0],[1]],"covariances":[[[1]],[[1]]]}`, "weights sum to", ErrBadWeights},
		{"negative weight", `{"weights":[-0.5,1.5],"means":[[0],[1]],"covariances":[[[1]],[[1]]]}`, "component 0: weight", ErrBadWeights},
		{"ragged covariance", `{"weights":[1],"means":[[0,0]],"covariances":[[[1,0],[0]]]}`, "component 0: covariance row 1 has 1 elements, want 2", ErrBadShape},
		{"empty covariance", `{"weights":[1],"means":[[0]],"covariances":[[]]}`, "component 0: covariance is empty", ErrBadShape},
		{"wrong covariance size", `{"weights":[1],"means":[[0,0]],"covariances":[[[1]]]}`, "covariance is 1×1, want 2×2", ErrBadShape},
		{"asymmetric", `{"weights":[1],"means":[[0,0]],"covariances":[[[1,0.5],[0.4,1]]]}`, "component 0: covariance is not symmetric", ErrNotSymmetric},
		{"not positive definite", `{"weights":[0.5,0.5],"means":[[0,0],[1,1]],"covariances":[[[1,0],[0,1]],[[1,2],[2,1]]]}`, "component 1: covariance is not positive definite", ErrNotPositiveDefinite},
		{"ragged means", `{"weights":[0.5,0.5],"means":[[0,0],[1]],"covariances":[[[1,0],[0,1]],[[1,0],[0,1]]]}`, "component 1: mean has dimension 1", ErrBadShape},
		{"diag with off-diagonal", `{"covariance":"diag","weights":[1],"means":[[0,0]],"covariances":[[[1,0.1],[0.1,1]]]}`, "off-diagonal", ErrCovarianceType},
		{"tied that differ", `{"covariance":"tied","weights":[0.5,0.5],"means":[[0],[1]],"covariances":[[[1]],[[2]]]}`, "tied covariance differs", ErrCovarianceType},
		{"string number", `{"weights":["1"],"means":[[0]],"covariances":[[[1]]]}`, "decoding mixture", nil},
		// Issue 12: "Weights" silently replaced "weights" (encoding/json ignores case).
		{"key in another case", `{"weights":[1],"means":[[0]],"covariances":[[[1]]],"Weights":[0.5]}`, `key "Weights" is unknown`, ErrJSONKey},
		{"repeated key", `{"weights":[1],"means":[[0]],"covariances":[[[1]]],"weights":[1]}`, `key "weights" appears twice`, ErrJSONKey},
		{"unknown key", `{"weights":[1],"means":[[0]],"covariances":[[[1]]],"mean":[[0]]}`, `key "mean" is unknown`, ErrJSONKey},
		{"long unknown key", `{"` + strings.Repeat("x", 1000) + `":1}`, `key "` + strings.Repeat("x", 40) + `…" is unknown`, ErrJSONKey},
		{"long covariance type", `{"covariance":"` + strings.Repeat("y", 1<<16) + `","weights":[1],"means":[[0]],"covariances":[[[1]]]}`, `"` + strings.Repeat("y", 40) + `…"`, ErrBadArgument},
		{"not an object", `[1]`, "want a JSON object", ErrBadShape},
		{"huge number", `{"k":1` + strings.Repeat("0", 1000) + `}`, "cannot decode number 1000", nil},
	} {
		_, err := Load(strings.NewReader(tc.json))
		if err == nil {
			t.Errorf("%s: no error", tc.name)
			continue
		}
		if tc.kind != nil && !errors.Is(err, tc.kind) {
			t.Errorf("%s: error %q is not %v", tc.name, err, tc.kind)
		}
		if !strings.Contains(err.Error(), tc.want) || strings.Count(err.Error(), "gmm: ") != 1 || !strings.HasPrefix(err.Error(), "gmm: ") {
			t.Errorf("%s: error %q, want one starting with gmm: and containing %q", tc.name, err, tc.want)
		}
		if len(err.Error()) > 300 {
			t.Errorf("%s: error of %d bytes", tc.name, len(err.Error()))
		}
		var m Mixture
		if err := json.Unmarshal([]byte(tc.json), &m); err == nil {
			t.Errorf("%s: Unmarshal gave no error", tc.name)
		}
	}
}

// TestLoadKeyErrorsAreTyped: an unknown or repeated key wraps ErrJSONKey, from
// Load and from json.Unmarshal.
func TestLoadKeyErrorsAreTyped(t *testing.T) {
	for _, in := range []string{
		`{"Weights":[1],"means":[[0]],"covariances":[[[1]]]}`,
		`{"weights":[1],"weights":[1],"means":[[0]],"covariances":[[[1]]]}`,
	} {
		if _, err := Load(strings.NewReader(in)); !errors.Is(err, ErrJSONKey) {
			t.Errorf("Load(%s): %v, want ErrJSONKey", in, err)
		}
		var m Mixture
		if err := json.Unmarshal([]byte(in), &m); !errors.Is(err, ErrJSONKey) {
			t.Errorf("Unmarshal(%s): %v, want ErrJSONKey", in, err)
		}
	}
}

// TestLoadFitReport: the JSON that gmm fit prints, with its extra keys, loads.
func TestLoadFitReport(t *testing.T) {
	in := `{"k":1,"dim":1,"covariance":"full","weights":[1],"means":[[2]],"covariances":[[[4]]],
	"log_likelihood":-1,"mean_log_likelihood":-1,"iterations":3,"converged":true,"bic":1,"aic":1,"n_parameters":2}`
	m, err := Load(strings.NewReader(in))
	if err != nil || m.Mean(0)[0] != 2 {
		t.Errorf("Load: %v, %v", m, err)
	}
}
