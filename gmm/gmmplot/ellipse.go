package gmmplot

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"

	"gmmbook/gmm"
)

// Ellipse returns n+1 points tracing the covariance ellipse
//
//	{x : (x − μ)ᵀ Σ⁻¹ (x − μ) = s²}
//
// of a 2-D Gaussian at s = sigma: the curve μ + s(√λ₁ cos t v₁ + √λ₂ sin t v₂)
// for t = 2πi/n, i = 0, …, n (the last point repeats the first), where
// λ₁ ≥ λ₂ are Σ's eigenvalues and v₁, v₂ its unit eigenvectors. So point 0
// is the end of the major semi-axis, of length s√λ₁, and point n/4 (n a
// multiple of 4) the end of the minor one. It returns an error unless mean
// has length 2, cov is 2×2, finite and positive definite, sigma is finite
// and positive and n ≥ 3.
func Ellipse(mean []float64, cov mat.Symmetric, sigma float64, n int) (plotter.XYs, error) {
	xys, err := ellipse(mean, cov, sigma, n)
	if err != nil {
		return nil, fmt.Errorf("gmmplot: %w", err)
	}
	return xys, nil
}

// ellipse is Ellipse with errors that do not name the package, so callers can
// add their own context once.
func ellipse(mean []float64, cov mat.Symmetric, sigma float64, n int) (plotter.XYs, error) {
	if err := checkEllipseInput(mean, cov, sigma, n); err != nil {
		return nil, err
	}
	var eig mat.EigenSym
	if !eig.Factorize(cov, true) {
		return nil, fmt.Errorf("eigen-decomposition of the covariance failed")
	}
	vals := eig.Values(nil) // ascending
	if !(vals[0] > 0) {
		return nil, fmt.Errorf("covariance is not positive definite (eigenvalue %v)", vals[0])
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	a, b := sigma*math.Sqrt(vals[1]), sigma*math.Sqrt(vals[0])
	major := [2]float64{vecs.At(0, 1), vecs.At(1, 1)}
	minor := [2]float64{vecs.At(0, 0), vecs.At(1, 0)}
	xys := make(plotter.XYs, n+1)
	for i := range xys {
		t := 2 * math.Pi * float64(i%n) / float64(n)
		u, v := a*math.Cos(t), b*math.Sin(t)
		xys[i].X = mean[0] + u*major[0] + v*minor[0]
		xys[i].Y = mean[1] + u*major[1] + v*minor[1]
	}
	return xys, nil
}

func checkEllipseInput(mean []float64, cov mat.Symmetric, sigma float64, n int) error {
	if len(mean) != 2 {
		return fmt.Errorf("mean has length %d, want 2", len(mean))
	}
	if cov == nil || cov.SymmetricDim() != 2 {
		return fmt.Errorf("covariance must be 2×2")
	}
	for i := 0; i < 2; i++ {
		if !isFinite(mean[i]) {
			return fmt.Errorf("mean element %d is %v", i, mean[i])
		}
		for j := 0; j < 2; j++ {
			if !isFinite(cov.At(i, j)) {
				return fmt.Errorf("covariance element (%d, %d) is %v", i, j, cov.At(i, j))
			}
		}
	}
	if !(sigma > 0) || math.IsInf(sigma, 0) {
		return fmt.Errorf("sigma level is %v, want a finite positive number", sigma)
	}
	if n < 3 {
		return fmt.Errorf("%d ellipse points, want at least 3", n)
	}
	return nil
}

func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// NewEllipses returns the covariance ellipses of every component of a 2-D
// mixture at each of the sigma levels (1, 2, 3 are usual), in the
// component's colour: solid at the first level, dashed at the second,
// dot-dashed after. The lines come component by component, level by level.
func NewEllipses(m *gmm.Mixture, sigmas ...float64) ([]*plotter.Line, error) {
	if err := checkDim(m, 2); err != nil {
		return nil, err
	}
	if len(sigmas) == 0 {
		return nil, fmt.Errorf("gmmplot: no sigma levels")
	}
	dashes := [][]vg.Length{Solid, Dashed, DotDashed}
	var lines []*plotter.Line
	for k := 0; k < m.K(); k++ {
		cov := m.CovarianceMatrixTo(nil, k)
		for i, s := range sigmas {
			xys, err := ellipse(m.Mean(k), cov, s, 180)
			if err != nil {
				return nil, fmt.Errorf("gmmplot: component %d: %w", k, err)
			}
			l, err := plotter.NewLine(xys)
			if err != nil {
				return nil, fmt.Errorf("gmmplot: component %d: %w", k, err)
			}
			l.LineStyle = LineStyle(k, dashes[min(i, len(dashes)-1)])
			lines = append(lines, l)
		}
	}
	return lines, nil
}
