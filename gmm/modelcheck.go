package gmm

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// ModelTol is the tolerance to which Load checks that the covariances of a file
// naming one of mclust's models satisfy that model's constraints, relative to
// each component's largest eigenvalue: Σ_k − r I must be a covariance of the
// model for one r ≥ 0 shared by the components, up to 1e-6 of that eigenvalue in
// each eigenvalue and in each element of Σ_k in the eigenbasis of the model.
// The offset r is Fit's regularisation (Settings.Reg), added to every diagonal:
// it keeps a shared orientation and equal matrices or spectra, but not an equal
// volume with unequal shapes (EVI, EVE, EVV) nor an equal shape with unequal
// volumes (VEI, VEE, VEV), so Load finds r from the covariances. Where the
// model leaves as many equations as r has unknowns, some r meets them and only
// the rest is checked: with two components an equal volume is one equation
// (then EVI, EVE and EVV are checked as VVI, VVE and VVV, with r ≥ 0 below every
// eigenvalue), and so is an equal shape in two dimensions. The structure
// of the covariance type that holds the model (zeros off the diagonal of EII,
// VII and the diagonal models, equal diagonal elements of EII and VII, one
// matrix for EEE) is checked exactly, as NewTyped does.
const ModelTol = 1e-6

// storageType returns the covariance type that holds the covariances of model m:
// Spherical for EII and VII, Diagonal for EEI, VEI, EVI and VVI, Tied for EEE
// and Full for the others.
func (m Model) storageType() CovarianceType {
	_, shape, orient := m.letters()
	switch {
	case orient == 'I' && shape == 'I':
		return Spherical
	case orient == 'I':
		return Diagonal
	case m == EEE:
		return Tied
	}
	return Full
}

// newModelMixture is NewTyped for model m: the mixture holds the covariances in
// m.storageType(), and they must satisfy m's constraints to ModelTol, or the
// error names the component and wraps ErrCovarianceType.
func newModelMixture(model Model, weights []float64, means [][]float64, covs []mat.Symmetric) (*Mixture, error) {
	ct := model.storageType()
	m, err := NewTyped(ct, weights, means, covs)
	if err != nil {
		return nil, err
	}
	if err := checkModel(model, m); err != nil {
		return nil, err
	}
	if model != ct.Model() {
		m.model = model
	}
	return m, nil
}

// checkModel checks the constraints of model on the components of m that the
// covariance type holding it does not (see ModelTol).
func checkModel(model Model, m *Mixture) error {
	if m.K() == 1 {
		return nil
	}
	vol, shape, orient := model.letters()
	var spectra [][]float64
	switch orient {
	case 'I':
		spectra = m.vars
	case 'E':
		if model == EEE {
			return nil // Tied: one matrix
		}
		var err error
		if spectra, err = commonSpectra(model, m); err != nil {
			return err
		}
	case 'V':
		spectra = sortedSpectra(m)
	}
	switch {
	case vol == 'E' && shape != 'V':
		return equalSpectra(model, spectra)
	case vol == 'V' && shape == 'E':
		return equalShapes(model, spectra)
	case vol == 'E' && shape == 'V':
		return equalVolumes(model, spectra)
	}
	return nil
}

// sortedSpectra returns the eigenvalues of every Σ_k in decreasing order: how
// the models with a varying orientation pair them (Σ_k = λ_k D_k A D_kᵀ with A
// in decreasing order, for EEV and VEV).
func sortedSpectra(m *Mixture) [][]float64 {
	out := make([][]float64, m.K())
	var eig mat.EigenSym
	for k := range out {
		if !eig.Factorize(m.covariance(k), false) {
			out[k] = make([]float64, m.dim) // zeros: fails the checks
			continue
		}
		out[k] = eig.Values(nil)
		sort.Sort(sort.Reverse(sort.Float64Slice(out[k])))
	}
	return out
}

// commonSpectra returns the diagonals of Dᵀ Σ_k D for the eigenvectors D of a
// generic combination of the Σ_k (commonAxes), after checking that D
// diagonalises every Σ_k: that the covariances share an orientation. If they
// do not, the error names the component furthest off in the eigenbasis of the
// others.
func commonSpectra(model Model, m *Mixture) ([][]float64, error) {
	axes, err := commonAxes(model, m, -1)
	if err != nil {
		return nil, err
	}
	out := make([][]float64, m.K())
	failed := false
	for k := range out {
		var off float64
		out[k], off = inBasis(m.covariance(k), axes)
		failed = failed || !(off <= ModelTol)
	}
	if !failed {
		return out, nil
	}
	worst, worstK := -1.0, 0
	for k := range out {
		others, err := commonAxes(model, m, k)
		if err != nil {
			return nil, err
		}
		if angle := turn(m.covariance(k), others); !(angle <= worst) {
			worst, worstK = angle, k
		}
	}
	return nil, componentError(worstK, ErrCovarianceType, "%v covariances do not share an orientation: component %d's axes are turned by %.3g radians from the others' (tolerance %g relative to its largest eigenvalue)",
		model, worstK, worst, ModelTol)
}

// turn returns about how far, in radians, the eigenvectors of c are turned
// from the columns of axes: max over r < s of |B_rs| / |B_rr − B_ss| for
// B = Dᵀ c D (the angle of a small rotation in the plane of axes r and s),
// over the pairs whose diagonal elements differ by more than ModelTol of the
// largest (where the eigenvectors are defined).
func turn(c mat.Symmetric, axes *mat.Dense) float64 {
	var rotated, tmp mat.Dense
	tmp.Mul(c, axes)
	rotated.Mul(axes.T(), &tmp)
	d, _ := rotated.Dims()
	scale := 0.0
	for j := 0; j < d; j++ {
		scale = math.Max(scale, rotated.At(j, j))
	}
	var angle float64
	for r := 0; r < d; r++ {
		for s := r + 1; s < d; s++ {
			if gap := math.Abs(rotated.At(r, r) - rotated.At(s, s)); gap > ModelTol*scale {
				angle = math.Max(angle, math.Abs(rotated.At(r, s))/gap)
			}
		}
	}
	return angle
}

// commonAxes returns the eigenvectors, as columns, of Σ_k c_k Σ_k / tr Σ_k over
// the components other than skip, with c_k = 1 + k√2 so that no two distinct
// spectra meet by chance.
func commonAxes(model Model, m *Mixture, skip int) (*mat.Dense, error) {
	sum := mat.NewSymDense(m.dim, nil)
	for k := 0; k < m.K(); k++ {
		if k != skip {
			c := m.covariance(k)
			sum.AddSym(sum, scaledSym(c, (1+float64(k)*math.Sqrt2)/mat.Trace(c)))
		}
	}
	var eig mat.EigenSym
	if !eig.Factorize(sum, true) {
		return nil, componentError(0, ErrCovarianceType, "%v covariances: no eigendecomposition of their sum", model)
	}
	var axes mat.Dense
	eig.VectorsTo(&axes)
	return &axes, nil
}

// inBasis returns the diagonal of Dᵀ c D and its largest element off the
// diagonal relative to the largest on it.
func inBasis(c mat.Symmetric, axes *mat.Dense) (diagonal []float64, off float64) {
	var rotated, tmp mat.Dense
	tmp.Mul(c, axes)
	rotated.Mul(axes.T(), &tmp)
	d, _ := rotated.Dims()
	diagonal = make([]float64, d)
	for j := range diagonal {
		diagonal[j] = rotated.At(j, j)
	}
	scale := floats.Max(diagonal)
	for r := 0; r < d; r++ {
		for s := r + 1; s < d; s++ {
			off = math.Max(off, math.Abs(rotated.At(r, s))/scale)
		}
	}
	return diagonal, off
}

// scaledSym returns c·a as a new matrix.
func scaledSym(a mat.Symmetric, c float64) *mat.SymDense {
	var out mat.SymDense
	out.ScaleSym(c, a)
	return &out
}

// equalSpectra checks that every spectrum equals component 0's (EII, EEI, EEV).
func equalSpectra(model Model, spectra [][]float64) error {
	for k, e := range spectra {
		scale := math.Max(floats.Max(e), floats.Max(spectra[0]))
		for j, v := range e {
			if math.Abs(v-spectra[0][j]) > ModelTol*scale {
				return componentError(k, ErrCovarianceType, "%v covariances do not have equal eigenvalues: eigenvalue %d is %v, component 0's %v (tolerance %g relative)",
					model, j, v, spectra[0][j], ModelTol)
			}
		}
	}
	return nil
}

// equalShapes checks that e_kj − r = λ_k a_j for one r ≥ 0 (VEI, VEE, VEV). r is
// found from the 2×2 minor of (e_kj − r) with components 0 and k that is best
// determined: rank one makes it vanish, which is linear in r.
func equalShapes(model Model, e [][]float64) error {
	var best, r float64
	for k := 1; k < len(e); k++ {
		for i := range e[k] {
			for j := i + 1; j < len(e[k]); j++ {
				den := e[0][i] + e[k][j] - e[0][j] - e[k][i]
				if math.Abs(den) > best {
					best, r = math.Abs(den), (e[0][i]*e[k][j]-e[0][j]*e[k][i])/den
				}
			}
		}
	}
	r = usableOffset(r, e)
	logs, gm := offsetLogs(e, r)
	shape := make([]float64, len(e[0])) // the mean log-shape over the components
	for k := range logs {
		for j, l := range logs[k] {
			shape[j] += (l - math.Log(gm[k])) / float64(len(e))
		}
	}
	return checkPredicted(model, "shape", e, func(k, j int) float64 { return gm[k]*math.Exp(shape[j]) + r })
}

// equalVolumes checks that Π_j (e_kj − r) is the same for every component for
// one r ≥ 0 (EVI, EVE, EVV). r is the root, found by Newton's method from 0, of
// the difference of the log-volumes of the components of largest and smallest
// volume.
func equalVolumes(model Model, e [][]float64) error {
	_, gm := offsetLogs(e, 0)
	hi, lo := floats.MaxIdx(gm), floats.MinIdx(gm)
	r := 0.0
	if gm[hi] > gm[lo]*(1+ModelTol) {
		r = volumeOffset(e[hi], e[lo])
	}
	r = usableOffset(r, e)
	_, gm = offsetLogs(e, r)
	var meanLog float64
	for _, g := range gm {
		meanLog += math.Log(g) / float64(len(gm))
	}
	common := math.Exp(meanLog)
	return checkPredicted(model, "volume", e, func(k, j int) float64 { return (e[k][j]-r)*common/gm[k] + r })
}

// volumeOffset returns the smallest r in [0, min(a, b)) at which
// f(r) = Σ_j log(a_j − r) − Σ_j log(b_j − r) changes sign, or 0 if none is found:
// it brackets the root on a grid of r, fine near 0 and near the limit, and
// bisects it.
func volumeOffset(a, b []float64) float64 {
	limit := math.Min(floats.Min(a), floats.Min(b))
	f := func(r float64) float64 {
		var sum float64
		for j := range a {
			sum += math.Log(a[j]-r) - math.Log(b[j]-r)
		}
		return sum
	}
	var grid []float64
	for e := -15; e < 0; e++ {
		grid = append(grid, limit*math.Pow(10, float64(e)))
	}
	for t := 0.1; t < 0.95; t += 0.1 {
		grid = append(grid, limit*t)
	}
	for e := -2; e >= -15; e-- {
		grid = append(grid, limit*(1-math.Pow(10, float64(e))))
	}
	lo, flo := 0.0, f(0)
	for _, hi := range grid {
		fhi := f(hi)
		if (flo > 0) != (fhi > 0) {
			for it := 0; it < 100 && hi-lo > 1e-16*limit; it++ {
				mid := lo + (hi-lo)/2
				if fmid := f(mid); (fmid > 0) == (flo > 0) {
					lo, flo = mid, fmid
				} else {
					hi = mid
				}
			}
			return lo + (hi-lo)/2
		}
		lo, flo = hi, fhi
	}
	return 0
}

// usableOffset returns r if every e_kj − r is positive and r ≥ 0, else 0.
func usableOffset(r float64, e [][]float64) float64 {
	if !(r > 0) {
		return 0
	}
	for _, row := range e {
		if floats.Min(row) <= r {
			return 0
		}
	}
	return r
}

// offsetLogs returns log(e_kj − r) and each component's geometric mean of the
// e_kj − r, its volume λ_k (or NaN where some e_kj − r is not positive).
func offsetLogs(e [][]float64, r float64) (logs [][]float64, gm []float64) {
	logs, gm = make([][]float64, len(e)), make([]float64, len(e))
	for k, row := range e {
		logs[k] = make([]float64, len(row))
		var sum float64
		for j, v := range row {
			logs[k][j] = math.Log(v - r)
			sum += logs[k][j]
		}
		gm[k] = math.Exp(sum / float64(len(row)))
	}
	return logs, gm
}

// checkPredicted checks every e_kj against want(k, j), the value the model
// predicts, within ModelTol of the component's largest eigenvalue; the error
// names the component furthest off.
func checkPredicted(model Model, what string, e [][]float64, want func(k, j int) float64) error {
	worst, worstK, worstJ := 0.0, -1, 0
	for k, row := range e {
		scale := floats.Max(row)
		for j, v := range row {
			off := math.Abs(v-want(k, j)) / scale
			if !(off <= ModelTol) && !(off <= worst) {
				worst, worstK, worstJ = off, k, j
			}
		}
	}
	if worstK < 0 {
		return nil
	}
	return componentError(worstK, ErrCovarianceType, "%v covariances do not have an equal %s: eigenvalue %d is %v where the model gives %v (tolerance %g relative)",
		model, what, worstJ, e[worstK][worstJ], want(worstK, worstJ), ModelTol)
}
