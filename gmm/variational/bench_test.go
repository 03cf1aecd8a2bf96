package variational

import (
	"encoding/binary"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// The same fits, timed side by side with scikit-learn by
// scripts/bench/sklearn_vb.py (see its docstring for the commands).

// BenchmarkFaithful: K = 3, full, Dirichlet process, 50 iterations from the
// fixed responsibilities of the parity test.
func BenchmarkFaithful(b *testing.B) {
	x := datasets.Faithful()
	n, _ := x.Dims()
	s := &Settings{MaxIter: 50, Tol: gmm.NoTol, StartResponsibilities: fixedStart(n, 3)}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Fit(x, nil, 3, s)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.LowerBound-r.Prior.Constant(3, float64(n)), "sklearn-bound")
	}
}

// BenchmarkW2: the W2 workload of scripts/bench (N = 100 000, D = 10, K = 10),
// full, Dirichlet process, 20 iterations from the responsibilities of the
// workload's fixed start. It needs the data in $GMM_BENCH_DATA
// (scripts/bench/gen.py W2).
func BenchmarkW2(b *testing.B) {
	dir := os.Getenv("GMM_BENCH_DATA")
	if dir == "" {
		b.Skip("GMM_BENCH_DATA not set")
	}
	x, start := loadW2(b, dir)
	n, _ := x.Dims()
	s := &Settings{MaxIter: 20, Tol: gmm.NoTol, Init: gmm.InitMixture, Start: start}
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		r, err := Fit(x, nil, 10, s)
		if err != nil {
			b.Fatal(err)
		}
		b.ReportMetric(r.LowerBound-r.Prior.Constant(10, float64(n)), "sklearn-bound")
	}
}

func loadW2(b *testing.B, dir string) (*mat.Dense, *gmm.Mixture) {
	var meta struct {
		N, D int
		Init struct {
			Weights         []float64     `json:"weights"`
			Means           [][]float64   `json:"means"`
			CovariancesFull [][][]float64 `json:"covariances_full"`
		} `json:"init"`
	}
	js, err := os.ReadFile(filepath.Join(dir, "W2.json"))
	if err != nil {
		b.Skip(err)
	}
	if err := json.Unmarshal(js, &meta); err != nil {
		b.Fatal(err)
	}
	raw, err := os.ReadFile(filepath.Join(dir, "W2.f64"))
	if err != nil || len(raw) != 8*meta.N*meta.D {
		b.Fatalf("W2.f64: %v (%d bytes)", err, len(raw))
	}
	data := make([]float64, meta.N*meta.D)
	for i := range data {
		data[i] = math.Float64frombits(binary.LittleEndian.Uint64(raw[8*i:]))
	}
	covs := make([]mat.Symmetric, len(meta.Init.CovariancesFull))
	for k, c := range meta.Init.CovariancesFull {
		s := mat.NewSymDense(meta.D, nil)
		for i := range c {
			for j := i; j < meta.D; j++ {
				s.SetSym(i, j, c[i][j])
			}
		}
		covs[k] = s
	}
	m, err := gmm.New(meta.Init.Weights, meta.Init.Means, covs)
	if err != nil {
		b.Fatal(err)
	}
	return mat.NewDense(meta.N, meta.D, data), m
}
