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

	"gmmbook/gmm/datasets"
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

// TestJSONModelRoundTrip fits each of mclust's fourteen models to iris (K = 3,
// k-means start) with the default regularisation and with a large one (Reg 0.05,
// a tenth of the smallest column's variance), saves the fit and loads it back:
// the covariance field is the model's name, or the type's for VVV, VVI, VII and
// EEE; the loaded mixture has the same Model, the same parameters exactly and
// log-densities within 1e-12; it is held as the type that fits the model; and
// saving it again writes the same bytes.
func TestJSONModelRoundTrip(t *testing.T) {
	x := datasets.Iris()
	typeNames := map[Model]string{VVV: "full", VVI: "diag", VII: "spherical", EEE: "tied"}
	for _, reg := range []float64{0, 0.05} {
		for _, model := range Models() {
			res, err := Fit(x, nil, 3, &Settings{Model: model, Init: InitKMeans, MaxIter: 200, Reg: reg})
			if err != nil {
				t.Fatalf("%v: %v", model, err)
			}
			fitted := res.Mixture
			if fitted.Model() != model {
				t.Errorf("%v: the fitted mixture's Model is %v", model, fitted.Model())
			}
			var buf bytes.Buffer
			if err := fitted.Save(&buf); err != nil {
				t.Fatal(err)
			}
			saved := buf.String()
			name := typeNames[model]
			if name == "" {
				name = model.String()
			}
			if !strings.Contains(saved, `"covariance": "`+name+`"`) {
				t.Errorf("reg %v, %v: saved covariance field is not %q:\n%.80s", reg, model, name, saved)
			}
			loaded, err := Load(strings.NewReader(saved))
			if err != nil {
				t.Errorf("reg %v, %v: %v", reg, model, err)
				continue
			}
			checkLoadedModel(t, model, fitted, loaded, x)
			buf.Reset()
			if err := loaded.Save(&buf); err != nil || buf.String() != saved {
				t.Errorf("reg %v, %v: saving the loaded mixture wrote other bytes (%v)", reg, model, err)
			}
		}
	}
}

// checkLoadedModel checks loaded against the fitted mixture it was saved from.
func checkLoadedModel(t *testing.T, model Model, fitted, loaded *Mixture, x *mat.Dense) {
	t.Helper()
	if loaded.Model() != model || loaded.CovarianceType() != model.storageType() {
		t.Errorf("%v: loaded as %v in %v", model, loaded.Model(), loaded.CovarianceType())
	}
	for k := 0; k < fitted.K(); k++ {
		if fitted.Weight(k) != loaded.Weight(k) || !slices.Equal(fitted.Mean(k), loaded.Mean(k)) ||
			!mat.Equal(fitted.CovarianceMatrixTo(nil, k), loaded.CovarianceMatrixTo(nil, k)) {
			t.Errorf("%v: component %d changed", model, k)
		}
	}
	for i := 0; i < 150; i += 7 {
		row := x.RawRowView(i)
		if a, b := fitted.LogProb(row), loaded.LogProb(row); math.Abs(a-b) > 1e-12*math.Abs(a) {
			t.Errorf("%v: log-density at row %d %v, loaded %v", model, i, a, b)
		}
	}
}

// modelCovariance returns λ R diag(a) Rᵀ + r I, with R the rotation of the
// plane of axes 0 and 1 by angle, in three dimensions.
func modelCovariance(lambda float64, a []float64, angle, r float64) []float64 {
	c, s := math.Cos(angle), math.Sin(angle)
	rot := mat.NewDense(3, 3, []float64{c, -s, 0, s, c, 0, 0, 0, 1})
	var tmp, out mat.Dense
	tmp.Mul(rot, mat.NewDiagDense(3, a))
	out.Mul(&tmp, rot.T())
	out.Scale(lambda, &out)
	for j := 0; j < 3; j++ {
		out.Set(j, j, out.At(j, j)+r)
	}
	return out.RawMatrix().Data
}

// modelJSON returns a mixture in three dimensions under the covariance field
// name, with the given row-major covariances.
func modelJSON(name string, covs ...[]float64) string {
	var rows [][][]float64
	var weights []float64
	var means [][]float64
	for k, c := range covs {
		rows = append(rows, [][]float64{c[0:3], c[3:6], c[6:9]})
		weights = append(weights, 1/float64(len(covs)))
		means = append(means, []float64{float64(k), 0, 0})
	}
	b, _ := json.Marshal(map[string]any{"covariance": name, "weights": weights, "means": means, "covariances": rows})
	return string(b)
}

// TestLoadChecksModelConstraints builds three covariances of each constrained
// model from their closed form λ_k D_k A_k D_kᵀ + r I (r a regularisation, which
// Load must see through), checks that Load accepts them under the model, and
// that it rejects them, with ErrCovarianceType naming component 1, when a
// parameter that the model shares changes by 1e-4 in component 1.
func TestLoadChecksModelConstraints(t *testing.T) {
	// Shapes with |A| = 1; shapeBad is shapes[1] changed by 1e-4.
	shapes := [][]float64{{4, 1, 0.25}, {2, 1, 0.5}, {1.5, 1 / 0.75, 0.5}}
	shapeBad := []float64{2 * 1.0001, 1, 0.5 / 1.0001}
	vols := []float64{2, 5, 0.5}
	angles := []float64{0.3, 1.2, -0.4}
	const r = 0.01
	type param struct {
		vol   float64
		shape []float64
		angle float64
	}
	for _, c := range []struct {
		model string
		// param returns component k's parameters; bad changes a shared one.
		param func(k int, bad bool) param
	}{
		{"EII", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), []float64{1, 1, 1}, 0} }},
		{"EEI", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[0], 0} }},
		{"VEI", func(k int, bad bool) param { return param{vols[k], pickShape(bad, shapeBad, shapes[0]), 0} }},
		{"EVI", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[k], 0} }},
		{"VEE", func(k int, bad bool) param { return param{vols[k], shapes[0], angles[0] + pick(bad, 1e-4, 0)} }},
		{"EVE", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[k], angles[0]} }},
		{"VVE", func(k int, bad bool) param { return param{vols[k], shapes[k], angles[0] + pick(bad, 1e-4, 0)} }},
		{"EEV", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[0], angles[k]} }},
		{"VEV", func(k int, bad bool) param { return param{vols[k], pickShape(bad, shapeBad, shapes[0]), angles[k]} }},
		{"EVV", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[k], angles[k]} }},
		{"EEE", func(k int, bad bool) param { return param{vols[0] * pick(bad, 1.0001, 1), shapes[0], angles[0]} }},
	} {
		var good, bad [][]float64
		for k := 0; k < 3; k++ {
			p := c.param(k, false)
			good = append(good, modelCovariance(p.vol, p.shape, p.angle, r))
			if k == 1 {
				p = c.param(k, true)
			}
			bad = append(bad, modelCovariance(p.vol, p.shape, p.angle, r))
		}
		m, err := Load(strings.NewReader(modelJSON(c.model, good...)))
		if err != nil {
			t.Errorf("%s: %v", c.model, err)
		} else if want, _ := ParseModel(c.model); m.Model() != want {
			t.Errorf("%s: loaded as %v", c.model, m.Model())
		}
		_, err = Load(strings.NewReader(modelJSON(c.model, bad...)))
		var ce *ComponentError
		if !errors.Is(err, ErrCovarianceType) || !errors.As(err, &ce) || ce.Component != 1 {
			t.Errorf("%s with component 1 off the model: error %v, want ErrCovarianceType in component 1", c.model, err)
		}
	}
}

func pick(cond bool, a, b float64) float64 {
	if cond {
		return a
	}
	return b
}

func pickShape(cond bool, a, b []float64) []float64 {
	if cond {
		return a
	}
	return b
}

// TestLoadModelNames: the model names load in any case, E and V as EII and
// VII in one dimension, and a model's covariances must have the structure of
// the type that holds them.
func TestLoadModelNames(t *testing.T) {
	for name, want := range map[string]Model{"vev": VEV, "E": EII, "V": VII, "EEI": EEI, "VVV": VVV} {
		in := `{"covariance":"` + name + `","weights":[0.5,0.5],"means":[[0],[1]],"covariances":[[[2]],[[2]]]}`
		m, err := Load(strings.NewReader(in))
		if err != nil || m.Model() != want {
			t.Errorf("%s: %v, %v", name, m, err)
		}
	}
	in := `{"covariance":"VEI","weights":[1],"means":[[0,0]],"covariances":[[[2,0.1],[0.1,1]]]}`
	if _, err := Load(strings.NewReader(in)); !errors.Is(err, ErrCovarianceType) || !strings.Contains(err.Error(), "off-diagonal") {
		t.Errorf("VEI with an off-diagonal element: %v", err)
	}
	in = `{"covariance":"VII","weights":[1],"means":[[0,0]],"covariances":[[[2,0],[0,1]]]}`
	if _, err := Load(strings.NewReader(in)); !errors.Is(err, ErrCovarianceType) {
		t.Errorf("VII with unequal variances: %v", err)
	}
}
