// Package pca reduces data to its leading principal components and maps them
// back: the round trip that lets a Gaussian mixture model data of many
// correlated dimensions (images, say) in a few.
//
// Fit centres the N×D data x at its column means x̄ and finds, with gonum's
// stat.PC (a singular value decomposition), the eigenvectors v_1, …, v_D of
// the sample covariance S = (x − x̄)ᵀ(x − x̄)/(N − 1) and its eigenvalues
// λ_1 ≥ … ≥ λ_D, the variances along them. It keeps the fewest L components
// whose share of the total variance exceeds a given share s,
//
//	L = min{ l : (λ_1 + … + λ_l) / (λ_1 + … + λ_D) > s },
//
// as scikit-learn's PCA(n_components=s) does. With V = [v_1 … v_L] (D×L),
//
//	Project:      z = (x − x̄) V          (N×L scores)
//	Reconstruct:  x̂ = z Vᵀ + x̄           (back in D dimensions)
//
// and x̂ is the orthogonal projection of x onto the affine subspace through x̄
// spanned by V: the closest point of that subspace, so that the round trip
// loses exactly the variance of the dropped components.
//
// It is a package of its own because it is not about mixtures: gmm fits
// mixtures to whatever coordinates it is given, and pca supplies some.
package pca

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// ErrDegenerate is returned (wrapped) by Fit when the data have no variance
// or the decomposition fails.
var ErrDegenerate = errors.New("pca: degenerate data")

// PCA is a fitted principal component analysis keeping L of D components. It
// is immutable and safe for concurrent use.
type PCA struct {
	mean    []float64  // x̄, length D
	vectors *mat.Dense // V, D×L
	vars    []float64  // λ_1 … λ_D
}

// Fit finds the principal components of the rows of x and keeps the fewest whose
// share of the variance exceeds share (see the package documentation). It
// returns an error if share is not in (0, 1), x has fewer than 2 rows, holds NaN
// or Inf, or has no variance (ErrDegenerate).
func Fit(x mat.Matrix, share float64) (*PCA, error) {
	if !(share > 0 && share < 1) {
		return nil, fmt.Errorf("pca: variance share %v, want in (0, 1)", share)
	}
	n, d := x.Dims()
	if n < 2 || d < 1 {
		return nil, fmt.Errorf("pca: %d×%d data, want at least 2 rows and 1 column", n, d)
	}
	mean := make([]float64, d)
	for j := range mean {
		col := mat.Col(nil, j, x)
		if floats.HasNaN(col) || math.IsInf(floats.Max(col), 1) || math.IsInf(floats.Min(col), -1) {
			return nil, fmt.Errorf("pca: column %d holds NaN or Inf", j)
		}
		mean[j] = stat.Mean(col, nil)
	}
	var pc stat.PC
	if !pc.PrincipalComponents(x, nil) {
		return nil, fmt.Errorf("%w: the decomposition failed", ErrDegenerate)
	}
	vars := pc.VarsTo(nil)
	l := keep(vars, share)
	if l == 0 {
		return nil, fmt.Errorf("%w: no variance", ErrDegenerate)
	}
	var all mat.Dense
	pc.VectorsTo(&all)
	vectors := mat.DenseCopyOf(all.Slice(0, d, 0, l))
	return &PCA{mean: mean, vectors: vectors, vars: vars}, nil
}

// keep returns the fewest leading variances whose share of the total exceeds
// share, or 0 if the total is not positive.
func keep(vars []float64, share float64) int {
	total := floats.Sum(vars)
	if !(total > 0) {
		return 0
	}
	var cum float64
	for i, v := range vars {
		cum += v
		if cum/total > share {
			return i + 1
		}
	}
	return len(vars)
}

// Dim returns D, the number of columns of the data.
func (p *PCA) Dim() int { return len(p.mean) }

// Components returns L, the number of components kept.
func (p *PCA) Components() int { _, l := p.vectors.Dims(); return l }

// Mean returns a copy of x̄, the column means of the data.
func (p *PCA) Mean() []float64 { return append([]float64(nil), p.mean...) }

// Variances returns a copy of λ_1 ≥ … ≥ λ_D, the variances along all D
// principal directions (N − 1 in the denominator), kept or not.
func (p *PCA) Variances() []float64 { return append([]float64(nil), p.vars...) }

// KeptShare returns (λ_1 + … + λ_L) / (λ_1 + … + λ_D), the share of the
// variance the kept components hold.
func (p *PCA) KeptShare() float64 {
	return floats.Sum(p.vars[:p.Components()]) / floats.Sum(p.vars)
}

// ProjectTo writes the scores z = (x − x̄) V of the rows of x into dst and
// returns it. dst is reused if it is N×L and allocated if nil; any other
// shape, or x without D columns, panics.
func (p *PCA) ProjectTo(dst *mat.Dense, x mat.Matrix) *mat.Dense {
	n, d := x.Dims()
	if d != p.Dim() {
		panic(fmt.Sprintf("pca: data has %d columns, want %d", d, p.Dim()))
	}
	centred := mat.DenseCopyOf(x)
	for i := 0; i < n; i++ {
		floats.Sub(centred.RawRowView(i), p.mean)
	}
	dst = destination(dst, n, p.Components())
	dst.Mul(centred, p.vectors)
	return dst
}

// ReconstructTo writes x̂ = z Vᵀ + x̄, the points in D dimensions whose scores
// are the rows of z, into dst and returns it. dst is reused if it is N×D and
// allocated if nil; any other shape, or z without L columns, panics.
func (p *PCA) ReconstructTo(dst *mat.Dense, z mat.Matrix) *mat.Dense {
	n, l := z.Dims()
	if l != p.Components() {
		panic(fmt.Sprintf("pca: scores have %d columns, want %d", l, p.Components()))
	}
	dst = destination(dst, n, p.Dim())
	dst.Mul(z, p.vectors.T())
	for i := 0; i < n; i++ {
		floats.Add(dst.RawRowView(i), p.mean)
	}
	return dst
}

// destination returns dst if it is r×c, a new r×c matrix if dst is nil, and
// panics otherwise.
func destination(dst *mat.Dense, r, c int) *mat.Dense {
	if dst == nil {
		return mat.NewDense(r, c, nil)
	}
	if dr, dc := dst.Dims(); dr != r || dc != c {
		panic(fmt.Sprintf("pca: destination is %d×%d, want %d×%d", dr, dc, r, c))
	}
	return dst
}
