package main

import (
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// workload is a benchmark data set written by scripts/bench/gen.py: the JSON
// description and, once loaded, the data matrix.
type workload struct {
	Name     string `json:"name"`
	N        int    `json:"N"`
	D        int    `json:"D"`
	K        int    `json:"K"`
	DataFile string `json:"data_file"`
	Init     struct {
		Weights             []float64     `json:"weights"`
		Means               [][]float64   `json:"means"`
		CovariancesFull     [][][]float64 `json:"covariances_full"`
		CovariancesDiag     [][]float64   `json:"covariances_diag"`
		CovariancesSpherial []float64     `json:"covariances_spherical"`
		CovarianceTied      [][]float64   `json:"covariance_tied"`
		MeanLogLikFull      float64       `json:"mean_loglik_full"`
		MeanLogLikDiag      float64       `json:"mean_loglik_diag"`
		MeanLogLikSpherical float64       `json:"mean_loglik_spherical"`
		MeanLogLikTied      float64       `json:"mean_loglik_tied"`
	} `json:"init"`
}

// readWorkload reads dir/name.json.
func readWorkload(dir, name string) (*workload, error) {
	b, err := os.ReadFile(filepath.Join(dir, name+".json"))
	if err != nil {
		return nil, fmt.Errorf("gmmbench: %w (generate the data with scripts/bench.sh or scripts/bench/gen.py)", err)
	}
	var w workload
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, fmt.Errorf("gmmbench: %s.json: %w", name, err)
	}
	if w.N <= 0 || w.D <= 0 || w.K <= 0 || len(w.Init.Means) != w.K {
		return nil, fmt.Errorf("gmmbench: %s.json: bad sizes N=%d D=%d K=%d", name, w.N, w.D, w.K)
	}
	return &w, nil
}

// loadData reads the first rows rows (all when rows <= 0) of the workload's
// little-endian float64 file straight into one n×D matrix, with no second copy.
func (w *workload) loadData(dir string, rows int) (*mat.Dense, error) {
	n := w.N
	if rows > 0 && rows < n {
		n = rows
	}
	f, err := os.Open(filepath.Join(dir, w.DataFile))
	if err != nil {
		return nil, fmt.Errorf("gmmbench: %w", err)
	}
	defer f.Close()
	data := make([]float64, n*w.D)
	buf := make([]byte, 1<<16)
	for off := 0; off < len(data); {
		m := min(len(buf)/8, len(data)-off)
		if _, err := io.ReadFull(f, buf[:8*m]); err != nil {
			return nil, fmt.Errorf("gmmbench: %s: %w", w.DataFile, err)
		}
		for i := range m {
			data[off+i] = math.Float64frombits(binary.LittleEndian.Uint64(buf[8*i:]))
		}
		off += m
	}
	return mat.NewDense(n, w.D, data), nil
}

// start returns the workload's fixed initial mixture for covariance type ct.
func (w *workload) start(ct gmm.CovarianceType) (*gmm.Mixture, error) {
	covs := make([]mat.Symmetric, w.K)
	for k := range covs {
		c := mat.NewSymDense(w.D, nil)
		for i := 0; i < w.D; i++ {
			for j := i; j < w.D; j++ {
				switch ct {
				case gmm.Full:
					c.SetSym(i, j, w.Init.CovariancesFull[k][i][j])
				case gmm.Tied:
					c.SetSym(i, j, w.Init.CovarianceTied[i][j])
				case gmm.Diagonal:
					if i == j {
						c.SetSym(i, i, w.Init.CovariancesDiag[k][i])
					}
				case gmm.Spherical:
					if i == j {
						c.SetSym(i, i, w.Init.CovariancesSpherial[k])
					}
				}
			}
		}
		covs[k] = c
	}
	return gmm.NewTyped(ct, w.Init.Weights, w.Init.Means, covs)
}

// initMeanLogLik returns the generator's mean log-likelihood at the start.
func (w *workload) initMeanLogLik(ct gmm.CovarianceType) float64 {
	switch ct {
	case gmm.Diagonal:
		return w.Init.MeanLogLikDiag
	case gmm.Spherical:
		return w.Init.MeanLogLikSpherical
	case gmm.Tied:
		return w.Init.MeanLogLikTied
	}
	return w.Init.MeanLogLikFull
}

// flops is the flop model of one EM iteration (scripts/bench README): full and
// tied N·K·(2D²+7D), diagonal N·K·8D, spherical N·K·6D, k-means N·K·3D.
func flops(mode string, n, d, k int) float64 {
	nk := float64(n) * float64(k)
	fd := float64(d)
	switch mode {
	case "full", "tied":
		return nk * (2*fd*fd + 7*fd)
	case "diag":
		return nk * 8 * fd
	case "spherical":
		return nk * 6 * fd
	}
	return nk * 3 * fd
}
