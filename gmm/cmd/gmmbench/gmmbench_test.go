package main

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gmmbook/gmm"
)

// writeWorkload writes a 3-row, 2-column workload in the layout of gen.py.
func writeWorkload(t *testing.T, dir string) []float64 {
	t.Helper()
	data := []float64{1, 2, -0.5, 3.25, 4, -1}
	b := make([]byte, 8*len(data))
	for i, v := range data {
		binary.LittleEndian.PutUint64(b[8*i:], math.Float64bits(v))
	}
	if err := os.WriteFile(filepath.Join(dir, "T.f64"), b, 0o644); err != nil {
		t.Fatal(err)
	}
	meta := map[string]any{
		"name": "T", "N": 3, "D": 2, "K": 2, "data_file": "T.f64",
		"init": map[string]any{
			"weights":               []float64{0.5, 0.5},
			"means":                 [][]float64{{0, 0}, {1, 1}},
			"covariances_full":      [][][]float64{{{2, 0.5}, {0.5, 1}}, {{2, 0.5}, {0.5, 1}}},
			"covariances_diag":      [][]float64{{2, 1}, {2, 1}},
			"covariances_spherical": []float64{1.5, 1.5},
			"covariance_tied":       [][]float64{{2, 0.5}, {0.5, 1}},
		},
	}
	j, err := json.Marshal(meta)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "T.json"), j, 0o644); err != nil {
		t.Fatal(err)
	}
	return data
}

func TestWorkloadLoad(t *testing.T) {
	dir := t.TempDir()
	data := writeWorkload(t, dir)
	w, err := readWorkload(dir, "T")
	if err != nil {
		t.Fatal(err)
	}
	x, err := w.loadData(dir, 2)
	if err != nil {
		t.Fatal(err)
	}
	if r, c := x.Dims(); r != 2 || c != 2 || x.At(1, 0) != data[2] || x.At(1, 1) != data[3] {
		t.Fatalf("first 2 rows: got %v", x.RawMatrix().Data)
	}
	for _, ct := range gmm.CovarianceTypes() {
		m, err := w.start(ct)
		if err != nil {
			t.Fatalf("%v: %v", ct, err)
		}
		cov := m.CovarianceMatrixTo(nil, 1)
		want := map[gmm.CovarianceType][2]float64{gmm.Full: {2, 0.5}, gmm.Tied: {2, 0.5}, gmm.Diagonal: {2, 0}, gmm.Spherical: {1.5, 0}}[ct]
		if cov.At(0, 0) != want[0] || cov.At(0, 1) != want[1] {
			t.Errorf("%v: covariance %v, want (0,0)=%v (0,1)=%v", ct, cov, want[0], want[1])
		}
	}
	if _, err := readWorkload(dir, "missing"); err == nil {
		t.Error("no error for a missing workload")
	}
}

func TestPerIterIsMarginal(t *testing.T) {
	// T(1) = 1 + 2 s overhead… T(5) = 1 + 5·2: marginal 2 s per iteration.
	ms := []measurement{{NIter: 5, T1: 3, TI: 11}, {NIter: 5, T1: 3.5, TI: 11.5}, {NIter: 5, T1: 2.5, TI: 10.5}}
	if got := perIter(ms); got != 2 {
		t.Errorf("perIter = %v, want 2", got)
	}
	if got := median([]float64{3, 1, 2, 10}); got != 2.5 {
		t.Errorf("median = %v, want 2.5", got)
	}
	if got := flops("full", 1000000, 10, 10); got != 2.7e9 {
		t.Errorf("flops(full, W3) = %v, want 2.7e9", got)
	}
}
