package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
	"gmmbook/gmm/variational"
)

// decodeVariationalReport decodes fit's output for -method variational, failing
// unless it has exactly the fields of an EM fit then lower_bound and
// active_components, in order.
func decodeVariationalReport(t *testing.T, out string) variationalReport {
	t.Helper()
	want := []string{"k", "dim", "covariance", "weights", "means", "covariances", "log_likelihood",
		"mean_log_likelihood", "iterations", "converged", "bic", "aic", "n_parameters",
		"lower_bound", "active_components"}
	var fields map[string]json.RawMessage
	if err := json.Unmarshal([]byte(out), &fields); err != nil {
		t.Fatalf("output is not a JSON object: %v\n%s", err, out)
	}
	var keys []string
	for _, line := range strings.Split(out, "\n") {
		if k, _, ok := strings.Cut(strings.TrimSpace(line), ":"); ok {
			keys = append(keys, strings.Trim(k, `"`))
		}
	}
	if strings.Join(keys, " ") != strings.Join(want, " ") || len(fields) != len(want) {
		t.Fatalf("fields %q, want %q", keys, want)
	}
	var r variationalReport
	d := json.NewDecoder(strings.NewReader(out))
	d.DisallowUnknownFields()
	if err := d.Decode(&r); err != nil {
		t.Fatal(err)
	}
	return r
}

// TestFitVariational checks that -method variational prints the fit of
// variational.Fit with the prior flags passed through (weights, means,
// covariances W⁻¹/ν, bound), statistics consistent with the printed mixture,
// and active_components counted from the printed weights.
func TestFitVariational(t *testing.T) {
	const data = "testdata/faithful.csv"
	x := datasets.Faithful()
	for _, tc := range []struct {
		args []string
		s    variational.Settings
	}{
		{nil, variational.Settings{}},
		{[]string{"-weight-prior", "dirichlet-distribution", "-weight-concentration", "2", "-mean-precision", "0.5", "-dof", "3", "-covariance", "diag"},
			variational.Settings{WeightPrior: variational.DirichletDistribution, WeightConcentration: 2, MeanPrecision: 0.5, DegreesOfFreedom: 3, Covariance: gmm.Diagonal}},
	} {
		args := append([]string{"fit", "-k", "5", "-method", "variational", "-seed", "4", "-restarts", "2"}, tc.args...)
		r := decodeVariationalReport(t, gmmOK(t, "", append(args, data)...))
		s := tc.s
		s.Src, s.Restarts = source(4), 2
		want, err := variational.Fit(x, nil, 5, &s)
		if err != nil {
			t.Fatal(err)
		}
		var model bytes.Buffer
		if err := want.Mixture.Save(&model); err != nil {
			t.Fatal(err)
		}
		var wantModel fitReport
		if err := json.Unmarshal(model.Bytes(), &wantModel); err != nil {
			t.Fatal(err)
		}
		got, _ := json.Marshal([]any{r.Weights, r.Means, r.Covariances, r.Covariance})
		exp, _ := json.Marshal([]any{wantModel.Weights, wantModel.Means, wantModel.Covariances, s.Covariance.String()})
		if !bytes.Equal(got, exp) {
			t.Errorf("%q: printed mixture\n%s\nwant variational.Fit's\n%s", tc.args, got, exp)
		}
		if r.LowerBound != want.LowerBound || r.Iterations != want.Iterations || r.Converged != want.Converged {
			t.Errorf("%q: lower_bound %v, iterations %d, converged %v; want %v, %d, %v", tc.args,
				r.LowerBound, r.Iterations, r.Converged, want.LowerBound, want.Iterations, want.Converged)
		}
		active := 0
		for _, w := range r.Weights {
			if w > 0.01 {
				active++
			}
		}
		if r.ActiveComponents != active || active == 0 {
			t.Errorf("%q: active_components %d, %d printed weights above 0.01", tc.args, r.ActiveComponents, active)
		}
		checkReportStatistics(t, r.fitReport, x, gmm.NumParams(s.Covariance, 5, 2))
	}
}

// TestFitVariationalModelFile: -o saves the printed mixture.
func TestFitVariationalModelFile(t *testing.T) {
	path := writeTemp(t, "m.json", "old")
	out := gmmOK(t, "", "fit", "-k", "3", "-method", "variational", "-o", path, "testdata/faithful.csv")
	r := decodeVariationalReport(t, out)
	m, err := loadModel(path)
	if err != nil {
		t.Fatal(err)
	}
	for k := 0; k < 3; k++ {
		if m.Weight(k) != r.Weights[k] || m.Mean(k)[1] != r.Means[k][1] {
			t.Errorf("component %d: file has weight %v mean %v, printed %v %v", k, m.Weight(k), m.Mean(k), r.Weights[k], r.Means[k])
		}
	}
	if r.LowerBound >= 0 || math.IsNaN(r.LowerBound) {
		t.Errorf("lower_bound %v", r.LowerBound)
	}
}

// TestFitVariationalBadFlags: every bad value is a usage error (exit 2).
func TestFitVariationalBadFlags(t *testing.T) {
	const data = "testdata/faithful.csv"
	for _, tc := range []struct {
		want string
		args []string
	}{
		{"unknown -method", []string{"-method", "vb"}},
		{"unknown -weight-prior", []string{"-method", "variational", "-weight-prior", "uniform"}},
		{"-weight-concentration must be", []string{"-method", "variational", "-weight-concentration", "-1"}},
		{"-mean-precision must be", []string{"-method", "variational", "-mean-precision", "NaN"}},
		{"-dof must be", []string{"-method", "variational", "-dof", "+Inf"}},
		{"above D − 1 = 1", []string{"-method", "variational", "-dof", "0.5"}},
		{"-dof, -weight-prior: only with -method variational", []string{"-weight-prior", "dirichlet-process", "-dof", "3"}},
	} {
		gmmFails(t, 2, tc.want, "", append(append([]string{"fit", "-k", "2"}, tc.args...), data)...)
	}
}
