package gmm

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/mat"
)

// Model is one of the fourteen parameterisations of the component covariances of
// Banfield & Raftery (1993) and Celeux & Govaert (1995), under the names R's mclust
// gives them. Each covariance is written
//
//	Σ_k = λ_k D_k A_k D_kᵀ,
//
// with a volume λ_k > 0, an orientation D_k (orthogonal) and a shape A_k (diagonal,
// det A_k = 1). The three letters say, in the order volume, shape, orientation,
// whether that part is Equal for all components (E), Variable (V), or the identity
// (I): EII is σ² I for every component, VVI a diagonal Σ_k per component, EEE one
// shared matrix, VVV an unrestricted Σ_k per component. In one dimension only E
// (equal variances, = EII) and V (= VII) remain.
//
// The four covariance types are four of the models: Full = VVV, Diagonal = VVI,
// Spherical = VII and Tied = EEE (CovarianceType.Model).
type Model int

// The fourteen models, in mclust's order. The zero Model is none of them: in
// Settings it means "the model of Settings.Covariance".
const (
	EII Model = iota + 1
	VII
	EEI
	VEI
	EVI
	VVI
	EEE
	VEE
	EVE
	VVE
	EEV
	VEV
	EVV
	VVV
)

var modelNames = [...]string{"", "EII", "VII", "EEI", "VEI", "EVI", "VVI", "EEE", "VEE", "EVE", "VVE", "EEV", "VEV", "EVV", "VVV"}

// String returns mclust's name of the model, such as "VEV".
func (m Model) String() string {
	if !m.valid() {
		return fmt.Sprintf("Model(%d)", int(m))
	}
	return modelNames[m]
}

func (m Model) valid() bool { return m >= EII && m <= VVV }

// Models lists the fourteen models in mclust's order, EII to VVV.
func Models() []Model {
	ms := make([]Model, 0, VVV)
	for m := EII; m <= VVV; m++ {
		ms = append(ms, m)
	}
	return ms
}

// ErrUnknownModel is wrapped by the errors of ParseModel.
var ErrUnknownModel = newKind("unknown model")

// ParseModel returns the model named s, in any case: one of mclust's fourteen
// names, its one-dimensional names E (= EII) and V (= VII), or a covariance type's
// name ("full", "diag", "spherical", "tied").
func ParseModel(s string) (Model, error) {
	name := strings.ToUpper(strings.TrimSpace(s))
	switch name {
	case "E":
		return EII, nil
	case "V":
		return VII, nil
	}
	for i, n := range modelNames {
		if n == name && i > 0 {
			return Model(i), nil
		}
	}
	if ct, err := ParseCovarianceType(s); err == nil {
		return ct.Model(), nil
	}
	return 0, errorf(ErrUnknownModel, "unknown model %q (want one of %s)", s, strings.Join(modelNames[1:], ", "))
}

// Model returns the covariance type as a model: Full is VVV, Diagonal VVI,
// Spherical VII and Tied EEE. It panics for an unknown type.
func (c CovarianceType) Model() Model {
	switch c {
	case Full:
		return VVV
	case Diagonal:
		return VVI
	case Spherical:
		return VII
	case Tied:
		return EEE
	}
	panic("gmm: unknown covariance type")
}

// modelCovarianceType returns the covariance type that is model m, if any.
func modelCovarianceType(m Model) (CovarianceType, bool) {
	for _, c := range CovarianceTypes() {
		if c.Model() == m {
			return c, true
		}
	}
	return 0, false
}

// letters returns the model's volume, shape and orientation letters.
func (m Model) letters() (volume, shape, orientation byte) {
	n := m.String()
	return n[0], n[1], n[2]
}

// NumParams returns the number of free parameters of a K-component mixture of
// model m in D dimensions, as mclust's nMclustParams: K−1 weights, K·D means and
// the covariance parameters — 1 or K volumes, 0, D−1 or K(D−1) shape parameters and
// 0, D(D−1)/2 or K·D(D−1)/2 orientation parameters. (EEE counts D(D+1)/2 in all,
// VVV K·D(D+1)/2.) It is the p in BIC = −2 log L + p log N. NumParams panics if k
// or d is not positive or m is unknown.
func (m Model) NumParams(k, d int) int {
	if k <= 0 || d <= 0 {
		panic("gmm: NumParams needs positive k and d")
	}
	if !m.valid() {
		panic("gmm: unknown model")
	}
	vol, shape, orient := m.letters()
	count := func(letter byte, each int) int {
		switch letter {
		case 'E':
			return each
		case 'V':
			return k * each
		}
		return 0
	}
	cov := count(vol, 1) + count(shape, d-1) + count(orient, d*(d-1)/2)
	return k - 1 + k*d + cov
}

// Defaults of the inner iterations of the models VEI, VEE, EVE, VVE and VEV, whose
// M-step has no closed form: mclust's emControl tolerance sqrt(machine epsilon) on
// the relative change, and a cap on the iterations.
const (
	modelInnerTol     = 1.4901161193847656e-08
	modelInnerMaxIter = 10000
)

// Tolerance and cap of the inner iterations of CovariancesTo, which starts them
// from the identity rather than from the previous M-step.
const (
	coldInnerTol     = 1e-14
	coldInnerMaxIter = 1000000
)

// ErrSingularScatter is wrapped by the errors of the M-step of a model that needs
// an invertible scatter matrix, or positive variances, that it does not have.
var ErrSingularScatter = newKind("singular scatter matrix")

// CovariancesTo sets dst[k] to the maximum-likelihood covariance Σ_k of model m,
// given the weighted scatter matrices W_k = Σ_i γ_ik (x_i − μ_k)(x_i − μ_k)ᵀ about
// the component means and the component sizes n_k = Σ_i γ_ik. It maximises
//
//	−½ Σ_k (n_k log|Σ_k| + tr(W_k Σ_k⁻¹))
//
// over the covariances that model m allows: in closed form for EII, VII, EEI, EVI,
// VVI, EEE, EEV, EVV and VVV (Celeux & Govaert 1995), and for VEI, VEE and VEV by
// alternating between volumes and the shared shape (or matrix) until their relative
// change is below 1.5e-8, as mclust does; for EVE and VVE the shared orientation
// is found by the majorisation–minimisation of Browne & McNicholas (2014), as in
// mclust. Within EM (Fit) the inner iterations stop at mclust's relative
// tolerance 1.5e-8 and start from the previous M-step's values; CovariancesTo
// starts them from the identity and stops at 1e-14.
//
// CovariancesTo panics if the lengths of dst, scatter and nk differ, or the
// dimensions do not match; it returns an error wrapping ErrSingularScatter when
// some n_k is not positive or a scatter matrix the model needs to be invertible
// is not.
func (m Model) CovariancesTo(dst []*mat.SymDense, scatter []*mat.SymDense, nk []float64) error {
	s := newModelStep(m, len(nk), scatter[0].SymmetricDim())
	s.tol, s.maxIter = coldInnerTol, coldInnerMaxIter
	return s.covariancesTo(dst, scatter, nk)
}

// modelStep computes the M-step of one model, keeping the state of the iterative
// models (volumes, shapes, orientation) from one call to the next.
type modelStep struct {
	model   Model
	k, d    int
	tol     float64
	maxIter int

	started bool
	scale   []float64   // λ_k (or λ in scale[0])
	shape   [][]float64 // diagonals of A_k (or A in shape[0]), det 1
	orient  *mat.Dense  // D, columns the shared axes (EVE, VVE)
}

func newModelStep(m Model, k, d int) *modelStep {
	if !m.valid() {
		panic("gmm: unknown model")
	}
	s := &modelStep{model: m, k: k, d: d, tol: modelInnerTol, maxIter: modelInnerMaxIter}
	s.scale = make([]float64, k)
	s.shape = make([][]float64, k)
	for i := range s.shape {
		s.shape[i] = make([]float64, d)
	}
	s.orient = mat.NewDense(d, d, nil)
	return s
}

// reset makes the next call start the inner iterations from the identity.
func (s *modelStep) reset() { s.started = false }

func (s *modelStep) covariancesTo(dst, scatter []*mat.SymDense, nk []float64) error {
	if len(dst) != s.k || len(scatter) != s.k || len(nk) != s.k {
		panic("gmm: CovariancesTo: lengths of dst, scatter and nk differ")
	}
	for k := range nk {
		if dst[k].SymmetricDim() != s.d || scatter[k].SymmetricDim() != s.d {
			panic("gmm: CovariancesTo: dimension mismatch")
		}
		if !(nk[k] > 0) {
			return errorf(ErrSingularScatter, "singular scatter matrix: component %d has size n_k = %v", k, nk[k])
		}
	}
	switch s.model {
	case EII, VII, EEI, VVI, EVI:
		return s.diagonalClosed(dst, scatter, nk)
	case VEI:
		return s.vei(dst, scatter, nk)
	case EEE:
		return s.eee(dst, scatter, nk)
	case VVV:
		for k := range dst {
			dst[k].ScaleSym(1/nk[k], scatter[k])
		}
		return nil
	case EVV:
		return s.evv(dst, scatter, nk)
	case VEE:
		return s.vee(dst, scatter, nk)
	case EEV, VEV:
		return s.xev(dst, scatter, nk)
	case EVE, VVE:
		return s.xve(dst, scatter, nk)
	}
	panic("gmm: unknown model")
}

// diag returns the diagonal of a.
func diag(a mat.Symmetric) []float64 {
	d := a.SymmetricDim()
	v := make([]float64, d)
	for j := range v {
		v[j] = a.At(j, j)
	}
	return v
}

// setDiag sets dst to the diagonal matrix c·v.
func setDiag(dst *mat.SymDense, c float64, v []float64) {
	dst.Zero()
	for j, x := range v {
		dst.SetSym(j, j, c*x)
	}
}

// geoMean returns (Π v_j)^(1/len v), or an error if some v_j is not positive.
func geoMean(v []float64) (float64, error) {
	var sum float64
	for _, x := range v {
		if !(x > 0) || math.IsInf(x, 1) {
			return 0, errorf(ErrSingularScatter, "singular scatter matrix: variance %v", x)
		}
		sum += math.Log(x)
	}
	return math.Exp(sum / float64(len(v))), nil
}

// diagonalClosed is the M-step of EII, VII, EEI, VVI and EVI.
func (s *modelStep) diagonalClosed(dst, scatter []*mat.SymDense, nk []float64) error {
	d := float64(s.d)
	n := floats.Sum(nk)
	switch s.model {
	case EII:
		var tr float64
		for _, w := range scatter {
			tr += mat.Trace(w)
		}
		for _, c := range dst {
			setDiag(c, tr/(n*d), ones(s.d))
		}
	case VII:
		for k, c := range dst {
			setDiag(c, mat.Trace(scatter[k])/(nk[k]*d), ones(s.d))
		}
	case EEI:
		sum := make([]float64, s.d)
		for _, w := range scatter {
			floats.Add(sum, diag(w))
		}
		for _, c := range dst {
			setDiag(c, 1/n, sum)
		}
	case VVI:
		for k, c := range dst {
			setDiag(c, 1/nk[k], diag(scatter[k]))
		}
	case EVI:
		// B_k = diag(W_k)/|diag(W_k)|^(1/D), λ = Σ_k |diag(W_k)|^(1/D) / n.
		var lambda float64
		g := make([]float64, s.k)
		for k, w := range scatter {
			gm, err := geoMean(diag(w))
			if err != nil {
				return wrapf(err, "component %d", k)
			}
			g[k] = gm
			lambda += gm
		}
		lambda /= n
		for k, c := range dst {
			setDiag(c, lambda/g[k], diag(scatter[k]))
		}
	}
	return nil
}

func ones(d int) []float64 {
	v := make([]float64, d)
	for j := range v {
		v[j] = 1
	}
	return v
}

// eee is the M-step of EEE: Σ = Σ_k W_k / n.
func (s *modelStep) eee(dst, scatter []*mat.SymDense, nk []float64) error {
	n := floats.Sum(nk)
	sum := mat.NewSymDense(s.d, nil)
	for _, w := range scatter {
		sum.AddSym(sum, w)
	}
	for _, c := range dst {
		c.ScaleSym(1/n, sum)
	}
	return nil
}

// logDetSym returns log|a| for a positive definite a, or an error.
func logDetSym(a mat.Symmetric) (float64, error) {
	var chol mat.Cholesky
	if !chol.Factorize(a) {
		return 0, errorf(ErrSingularScatter, "singular scatter matrix: not positive definite")
	}
	return chol.LogDet(), nil
}

// evv is the M-step of EVV: Σ_k = λ C_k with C_k = W_k/|W_k|^(1/D) and
// λ = Σ_k |W_k|^(1/D) / n.
func (s *modelStep) evv(dst, scatter []*mat.SymDense, nk []float64) error {
	n := floats.Sum(nk)
	g := make([]float64, s.k)
	var lambda float64
	for k, w := range scatter {
		ld, err := logDetSym(w)
		if err != nil {
			return wrapf(err, "component %d", k)
		}
		g[k] = math.Exp(ld / float64(s.d))
		lambda += g[k]
	}
	lambda /= n
	for k, c := range dst {
		c.ScaleSym(lambda/g[k], scatter[k])
	}
	return nil
}

// vei is the M-step of VEI, Σ_k = λ_k A: alternately
// λ_k = tr(W_k A⁻¹)/(D n_k) and A = diag(Σ_k W_k/λ_k) normalised to |A| = 1
// (mclust's msvei).
func (s *modelStep) vei(dst, scatter []*mat.SymDense, nk []float64) error {
	d := float64(s.d)
	a := s.shape[0]
	if !s.started {
		copy(a, ones(s.d))
	}
	w := make([][]float64, s.k)
	for k := range w {
		w[k] = diag(scatter[k])
	}
	prevA := make([]float64, s.d)
	prevL := make([]float64, s.k)
	for it := 0; it < s.maxIter; it++ {
		copy(prevA, a)
		copy(prevL, s.scale)
		for k := range w {
			var tr float64
			for j, x := range w[k] {
				tr += x / a[j]
			}
			s.scale[k] = tr / (d * nk[k])
		}
		for j := range a {
			a[j] = 0
			for k := range w {
				a[j] += w[k][j] / s.scale[k]
			}
		}
		g, err := geoMean(a)
		if err != nil {
			return err
		}
		floats.Scale(1/g, a)
		if it > 0 && maxRelChange(prevA, a) <= s.tol && maxRelChange(prevL, s.scale) <= s.tol {
			break
		}
	}
	s.started = true
	for k, c := range dst {
		setDiag(c, s.scale[k], a)
	}
	return nil
}

// maxRelChange returns max_j |old_j − new_j| / (1 + |new_j|), mclust's measure.
func maxRelChange(old, new []float64) float64 {
	var m float64
	for j := range old {
		m = math.Max(m, math.Abs(old[j]-new[j])/(1+math.Abs(new[j])))
	}
	return m
}

// vee is the M-step of VEE, Σ_k = λ_k C with |C| = 1: alternately
// C = Σ_k W_k/λ_k normalised to |C| = 1 and λ_k = tr(W_k C⁻¹)/(D n_k), until
// the objective changes by less than the tolerance (mclust's msvee).
func (s *modelStep) vee(dst, scatter []*mat.SymDense, nk []float64) error {
	d := float64(s.d)
	if !s.started {
		for k := range s.scale {
			s.scale[k] = 1
		}
	}
	c := mat.NewSymDense(s.d, nil)
	var chol mat.Cholesky
	var inv, term mat.SymDense
	prev := math.Inf(1)
	for it := 0; it < s.maxIter; it++ {
		c.Zero()
		for k, w := range scatter {
			term.ScaleSym(1/s.scale[k], w)
			c.AddSym(c, &term)
		}
		if !chol.Factorize(c) {
			return errorf(ErrSingularScatter, "singular scatter matrix: pooled scatter not positive definite")
		}
		c.ScaleSym(math.Exp(-chol.LogDet()/d), c)
		if !chol.Factorize(c) {
			return errorf(ErrSingularScatter, "singular scatter matrix: pooled scatter not positive definite")
		}
		if err := chol.InverseTo(&inv); err != nil {
			return errorf(ErrSingularScatter, "singular scatter matrix: %v", err)
		}
		var target float64
		for k, w := range scatter {
			s.scale[k] = traceProduct(w, &inv) / (d * nk[k])
			target += d*nk[k] + d*nk[k]*math.Log(s.scale[k])
		}
		if math.Abs(target-prev)/(1+math.Abs(target)) <= s.tol {
			break
		}
		prev = target
	}
	s.started = true
	for k, dk := range dst {
		dk.ScaleSym(s.scale[k], c)
	}
	return nil
}

// traceProduct returns tr(a b) for symmetric a and b.
func traceProduct(a, b mat.Symmetric) float64 {
	d := a.SymmetricDim()
	var t float64
	for i := 0; i < d; i++ {
		for j := 0; j < d; j++ {
			t += a.At(i, j) * b.At(j, i)
		}
	}
	return t
}

// eigenDesc returns the eigenvalues of a in decreasing order and the matching
// eigenvectors as the columns of a new matrix.
func eigenDesc(a mat.Symmetric) ([]float64, *mat.Dense, error) {
	// Factorise a/s, s its largest diagonal element, so that LAPACK sees
	// entries of order 1 on data of any scale.
	d := a.SymmetricDim()
	s := 0.0
	for j := 0; j < d; j++ {
		s = math.Max(s, math.Abs(a.At(j, j)))
	}
	if !(s > 0) || math.IsInf(s, 0) {
		return nil, nil, errorf(ErrSingularScatter, "singular scatter matrix: diagonal %v", s)
	}
	var scaled mat.SymDense
	scaled.ScaleSym(1/s, a)
	var eig mat.EigenSym
	if !eig.Factorize(&scaled, true) {
		return nil, nil, errorf(ErrSingularScatter, "singular scatter matrix: eigendecomposition failed")
	}
	vals := eig.Values(nil)
	for j := range vals {
		vals[j] *= s
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	out := mat.NewDense(d, d, nil)
	desc := make([]float64, d)
	for j := 0; j < d; j++ {
		desc[j] = vals[d-1-j]
		for i := 0; i < d; i++ {
			out.Set(i, j, vecs.At(i, d-1-j))
		}
	}
	return desc, out, nil
}

// setRotated sets dst = D diag(c·v) Dᵀ.
func setRotated(dst *mat.SymDense, axes mat.Matrix, c float64, v []float64) {
	d := len(v)
	for i := 0; i < d; i++ {
		for j := i; j < d; j++ {
			var x float64
			for l, vl := range v {
				x += axes.At(i, l) * vl * axes.At(j, l)
			}
			dst.SetSym(i, j, c*x)
		}
	}
}

// xev is the M-step of EEV and VEV, Σ_k = λ_k L_k A L_kᵀ, where W_k = L_k Ω_k L_kᵀ
// (eigenvalues in decreasing order). EEV is in closed form: A λ = Σ_k Ω_k / n.
// VEV alternates λ_k = tr(Ω_k A⁻¹)/(D n_k) and A = Σ_k Ω_k/λ_k normalised to
// |A| = 1, from A = Σ_k Ω_k normalised (mclust's msvev).
func (s *modelStep) xev(dst, scatter []*mat.SymDense, nk []float64) error {
	d := float64(s.d)
	omega := make([][]float64, s.k)
	axes := make([]*mat.Dense, s.k)
	for k, w := range scatter {
		var err error
		omega[k], axes[k], err = eigenDesc(w)
		if err != nil {
			return wrapf(err, "component %d", k)
		}
	}
	a := s.shape[0]
	for j := range a {
		a[j] = 0
		for k := range omega {
			a[j] += omega[k][j]
		}
	}
	if s.model == EEV {
		n := floats.Sum(nk)
		if _, err := geoMean(a); err != nil {
			return err
		}
		for k, c := range dst {
			setRotated(c, axes[k], 1/n, a)
		}
		return nil
	}
	g, err := geoMean(a)
	if err != nil {
		return err
	}
	floats.Scale(1/g, a)
	for k := range s.scale {
		s.scale[k] = g / nk[k]
	}
	prevA := make([]float64, s.d)
	prevL := make([]float64, s.k)
	for it := 0; it < s.maxIter; it++ {
		copy(prevA, a)
		copy(prevL, s.scale)
		for j := range a {
			a[j] = 0
		}
		for k := range omega {
			var tr float64
			for j, x := range omega[k] {
				tr += x / prevA[j]
			}
			s.scale[k] = tr / (d * nk[k])
			for j, x := range omega[k] {
				a[j] += x / s.scale[k]
			}
		}
		g, err := geoMean(a)
		if err != nil {
			return err
		}
		floats.Scale(1/g, a)
		if maxRelChange(prevA, a) < s.tol && maxRelChange(prevL, s.scale) < s.tol {
			break
		}
	}
	for k, c := range dst {
		setRotated(c, axes[k], s.scale[k], a)
	}
	return nil
}

// xve is the M-step of EVE and VVE, Σ_k = λ_k D A_k Dᵀ with one orientation D.
// Given D, the diagonal B_k = λ_k A_k is diag(Dᵀ W_k D)/n_k for VVE; for EVE,
// A_k is that diagonal normalised to |A_k| = 1 and λ = Σ_k tr(Dᵀ W_k D A_k⁻¹)/(n D).
// Given the B_k, D minimises Σ_k tr(W_k D B_k⁻¹ Dᵀ) by the two majorisation–
// minimisation steps of Browne & McNicholas (2014), each an SVD, as in mclust's
// mseve and msvve. (mclust's VVE weighs its orientation step by A_k alone; this
// uses B_k = λ_k A_k, the exact conditional objective, so it never does worse.)
func (s *modelStep) xve(dst, scatter []*mat.SymDense, nk []float64) error {
	d := s.d
	omega := make([]float64, s.k)
	for k, w := range scatter {
		vals, _, err := eigenDesc(w)
		if err != nil {
			return err
		}
		if !(vals[d-1] > 0) {
			return errorf(ErrSingularScatter, "singular scatter matrix: component %d", k)
		}
		omega[k] = vals[0]
	}
	if !s.started {
		s.orient.Copy(eye(d))
		for k := range s.shape {
			copy(s.shape[k], ones(d))
			s.scale[k] = 1
		}
	}
	b := make([][]float64, s.k) // B_k: the weights of the MM steps
	for k := range b {
		b[k] = make([]float64, d)
	}
	setB := func() {
		for k := range b {
			for j := range b[k] {
				b[k][j] = s.scale[k] * s.shape[k][j]
			}
		}
	}
	setB()
	prev := math.Inf(1)
	for it := 0; it < s.maxIter; it++ {
		s.orientationStep(scatter, omega, b)
		target, err := s.shapeStep(scatter, nk)
		if err != nil {
			return err
		}
		setB()
		if math.Abs(target-prev)/(1+math.Abs(target)) <= s.tol {
			break
		}
		prev = target
	}
	s.started = true
	for k, c := range dst {
		setRotated(c, s.orient, s.scale[k], s.shape[k])
	}
	return nil
}

func eye(d int) *mat.Dense {
	m := mat.NewDense(d, d, nil)
	for j := 0; j < d; j++ {
		m.Set(j, j, 1)
	}
	return m
}

// orientationStep makes the two MM updates of the orientation D given the
// diagonals B_k: with F = Σ_k (W_k D − ω_k D) B_k⁻¹ (ω_k the largest eigenvalue
// of W_k), then F = Σ_k (W_k D B_k⁻¹ − max_j(1/b_kj) W_k D), each time D = P Rᵀ
// from the SVD F = P S Rᵀ.
func (s *modelStep) orientationStep(scatter []*mat.SymDense, omega []float64, b [][]float64) {
	d := s.d
	var f, wd mat.Dense
	f.ReuseAs(d, d)
	for half := 0; half < 2; half++ {
		f.Zero()
		for k, w := range scatter {
			wd.Mul(w, s.orient)
			bmax := 0.0
			for _, x := range b[k] {
				bmax = math.Max(bmax, 1/x)
			}
			for i := 0; i < d; i++ {
				for j := 0; j < d; j++ {
					var v float64
					if half == 0 {
						v = (wd.At(i, j) - omega[k]*s.orient.At(i, j)) / b[k][j]
					} else {
						v = wd.At(i, j)/b[k][j] - bmax*wd.At(i, j)
					}
					f.Set(i, j, f.At(i, j)+v)
				}
			}
		}
		var svd mat.SVD
		if !svd.Factorize(&f, mat.SVDFull) {
			return
		}
		var p, r mat.Dense
		svd.UTo(&p)
		svd.VTo(&r)
		s.orient.Mul(&p, r.T())
	}
}

// shapeStep sets the shapes and volumes given the orientation and returns the
// objective Σ_k tr(Dᵀ W_k D B_k⁻¹) + Σ_k n_k D log λ_k.
func (s *modelStep) shapeStep(scatter []*mat.SymDense, nk []float64) (float64, error) {
	d := float64(s.d)
	var tmp mat.Dense
	for k, w := range scatter {
		tmp.Mul(w, s.orient)
		for j := range s.shape[k] {
			s.shape[k][j] = mat.Dot(s.orient.ColView(j), tmp.ColView(j))
		}
		g, err := geoMean(s.shape[k])
		if err != nil {
			return 0, wrapf(err, "component %d", k)
		}
		floats.Scale(1/g, s.shape[k])
		s.scale[k] = g / nk[k] // VVE: λ_k = |diag(Dᵀ W_k D)|^(1/D) / n_k
	}
	var target float64
	if s.model == EVE {
		var tr float64
		for k, w := range scatter {
			tmp.Mul(w, s.orient)
			for j, a := range s.shape[k] {
				tr += mat.Dot(s.orient.ColView(j), tmp.ColView(j)) / a
			}
		}
		lambda := tr / (floats.Sum(nk) * d)
		for k := range s.scale {
			s.scale[k] = lambda
		}
		return tr, nil
	}
	for k := range s.scale {
		target += nk[k] * d * (1 + math.Log(s.scale[k]))
	}
	return target, nil
}
