package gmm

import (
	"encoding/binary"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// ErrStatsMismatch is returned (wrapped) by Stats.Merge and Stats.UnmarshalBinary
// when the two sets of statistics were not accumulated for the same mixture and
// covariance type.
var ErrStatsMismatch = newKind("statistics of different mixtures or covariance types")

// Stats holds the sufficient statistics of EM's E-step for one mixture: for the
// rows x_i added so far, with weights w_i and responsibilities γ_ik under the
// mixture,
//
//	N_k = Σ_i w_i γ_ik,   x̄_k = Σ_i w_i γ_ik x_i / N_k,
//	M_k = Σ_i w_i γ_ik (x_i − x̄_k)(x_i − x̄_k)ᵀ   (only its diagonal for Diagonal
//	      and Spherical),
//
// and the log-likelihood Σ_i w_i log p(x_i). They are sums over the rows, so the
// statistics of disjoint parts of the data merge into those of the whole: one EM
// iteration is a map (Add on each part) and a reduce (Merge), and MStep gives the
// next mixture. This is how FitStream streams a file and how a cluster can run EM.
//
// The statistics are kept about the component means x̄_k rather than as raw sums
// Σγx and Σγxxᵀ, so that data far from the origin lose no digits: Add accumulates
// each batch about the mixture's means μ_k, x̄_k is held as its departure x̄_k − μ_k
// from them, and Merge combines two parts (N_a, x̄_a, M_a) and (N_b, x̄_b, M_b) by
// the pairwise update of Chan, Golub and LeVeque (1979),
//
//	δ = x̄_b − x̄_a,  N = N_a + N_b,  x̄ = x̄_a + δ N_b/N,  M = M_a + M_b + δδᵀ N_a N_b/N,
//
// so that a constant offset of the data (1e8, say) cancels exactly as it would in
// exact arithmetic. The log-likelihood is summed with Neumaier's compensation. For
// a fixed order of Adds and Merges the result is the same bit for bit.
type Stats struct {
	m      *Mixture    // nil for sums made outside an E-step (Fit's initialisation)
	shifts [][]float64 // the centres of the sums: the mixture's means
	ct     CovarianceType
	full   bool // M_k is D×D (upper triangle used); otherwise its diagonal only
	k, d   int
	rows   int
	weight float64 // Σ w_i
	logLik compensated
	nk     []float64  // K
	dev    []float64  // K×D: x̄_k − shift_k, the means' departures from the shifts
	m2     []float64  // K×D×D if full, else K×D
	model  *modelStep // the covariance M-step of a Model beyond the four types (then ct is Full)

	// Workers is the number of goroutines Add uses (0: GOMAXPROCS). The
	// statistics do not depend on it.
	Workers int
}

// NewStats returns empty statistics for the E-step of mixture m, to be turned by
// MStep into a mixture with covariances of type ct (Full and Tied keep the full
// scatter matrices, Diagonal and Spherical their diagonals). It panics if ct is
// not one of the four types.
func NewStats(m *Mixture, ct CovarianceType) *Stats {
	if ct < Full || ct > Tied {
		panic(fmt.Sprintf("gmm: NewStats: unknown covariance type %d", int(ct)))
	}
	s := newStatsAbout(ct, m.means)
	s.m = m
	return s
}

// newStatsAbout returns empty statistics of type ct whose sums are centred at
// shifts, with no mixture: Fit's initialisation makes its start from them.
func newStatsAbout(ct CovarianceType, shifts [][]float64) *Stats {
	k, d := len(shifts), len(shifts[0])
	full := ct == Full || ct == Tied
	s2 := k * d
	if full {
		s2 *= d
	}
	return &Stats{shifts: shifts, ct: ct, full: full, k: k, d: d,
		nk: make([]float64, k), dev: make([]float64, k*d), m2: make([]float64, s2)}
}

// Mixture returns the mixture whose E-step the statistics hold.
func (s *Stats) Mixture() *Mixture { return s.m }

// Rows returns the number of rows added (Merge adds the other's).
func (s *Stats) Rows() int { return s.rows }

// Weight returns Σ_i w_i over the rows added (their number with unit weights).
func (s *Stats) Weight() float64 { return s.weight }

// LogLikelihood returns Σ_i w_i log p(x_i) under the mixture over the rows added.
func (s *Stats) LogLikelihood() float64 { return s.logLik.value() }

// Add adds the rows of x, each weighted by weights[i] (nil: all ones), to the
// statistics. It returns an error, and leaves s unchanged, if x has not the
// mixture's dimension or holds a NaN or an infinity, or if the weights are of the
// wrong length, negative or not finite.
func (s *Stats) Add(x mat.Matrix, weights []float64) error {
	if err := CheckData(x); err != nil {
		return err
	}
	n, d := x.Dims()
	if d != s.d {
		return errorf(ErrBadShape, "data has %d columns, the mixture dimension %d", d, s.d)
	}
	wsum, err := checkSampleWeights(weights, n, 0)
	if err != nil {
		return err
	}
	sw := newSweeper(asDense(x), weights, s.k, s.full, s.Workers)
	total := newSuffStats(s.k, s.d, s.full)
	sw.run(s.m, nil, total)
	s.addCentred(total, n, wsum)
	return nil
}

// addCentred merges into s the statistics st of n rows of total weight wsum,
// which are centred at s.shifts: x̄ − shift = S1/N and M = S2 − S1 S1ᵀ/N.
func (s *Stats) addCentred(st *suffStats, n int, wsum float64) {
	part := newStatsAbout(s.ct, s.shifts)
	part.rows, part.weight = n, wsum
	part.logLik.add(st.logLik)
	d := s.d
	for c := 0; c < s.k; c++ {
		nk := st.nk[c]
		part.nk[c] = nk
		if nk == 0 {
			continue
		}
		s1 := st.s1[c*d : (c+1)*d]
		dev := part.dev[c*d : (c+1)*d]
		for j := range dev {
			dev[j] = s1[j] / nk
		}
		m2 := part.scatter(c)
		part.forElements(func(r, q int) {
			m2[part.index(r, q)] = st.scatterAt(c, r, q) - s1[r]*s1[q]/nk
		})
	}
	s.merge(part)
}

// Merge adds the statistics o (of other rows, for the same mixture and
// covariance type) to s. It returns an error wrapping ErrStatsMismatch, and
// leaves s unchanged, if o's mixture or covariance type differ from s's.
func (s *Stats) Merge(o *Stats) error {
	if err := s.checkSame(o); err != nil {
		return err
	}
	s.merge(o)
	return nil
}

func (s *Stats) checkSame(o *Stats) error {
	if o.ct != s.ct || o.k != s.k || o.d != s.d || !equalParams(o.m, s.m) {
		return errorf(ErrStatsMismatch, "statistics of different mixtures or covariance types: %v K=%d D=%d and %v K=%d D=%d", s.ct, s.k, s.d, o.ct, o.k, o.d)
	}
	return nil
}

// equalParams reports whether a and b have the same parameters.
func equalParams(a, b *Mixture) bool {
	if a == b {
		return true
	}
	if a.K() != b.K() || a.dim != b.dim || a.ct != b.ct {
		return false
	}
	for c := range a.weights {
		if a.weights[c] != b.weights[c] || !mat.Equal(a.covariance(c), b.covariance(c)) {
			return false
		}
		for j, v := range a.means[c] {
			if b.means[c][j] != v {
				return false
			}
		}
	}
	return true
}

// merge is Merge without the check: Chan et al.'s pairwise update per component.
func (s *Stats) merge(o *Stats) {
	s.rows += o.rows
	s.weight += o.weight
	s.logLik.add(o.logLik.sum)
	s.logLik.add(o.logLik.comp)
	d := s.d
	delta := make([]float64, d)
	for c := 0; c < s.k; c++ {
		na, nb := s.nk[c], o.nk[c]
		if nb == 0 {
			continue
		}
		ma, mb := s.dev[c*d:(c+1)*d], o.dev[c*d:(c+1)*d]
		sa, sb := s.scatter(c), o.scatter(c)
		if na == 0 {
			s.nk[c] = nb
			copy(ma, mb)
			copy(sa, sb)
			continue
		}
		n := na + nb
		for j := range delta {
			delta[j] = mb[j] - ma[j]
			ma[j] += delta[j] * (nb / n)
		}
		f := na * nb / n
		s.forElements(func(r, q int) {
			i := s.index(r, q)
			sa[i] += sb[i] + delta[r]*delta[q]*f
		})
		s.nk[c] = n
	}
}

// scatter returns component c's block of m2.
func (s *Stats) scatter(c int) []float64 {
	if s.full {
		return s.m2[c*s.d*s.d : (c+1)*s.d*s.d]
	}
	return s.m2[c*s.d : (c+1)*s.d]
}

// forElements calls f(r, q) for every element r ≤ q of a block of m2 in row
// order: the upper triangle, or the diagonal when only the diagonal is kept.
func (s *Stats) forElements(f func(r, q int)) {
	for r := 0; r < s.d; r++ {
		if !s.full {
			f(r, r)
			continue
		}
		for q := r; q < s.d; q++ {
			f(r, q)
		}
	}
}

// index returns the index in a block of m2 of element (r, q), r ≤ q, kept.
func (s *Stats) index(r, q int) int {
	if s.full {
		return r*s.d + q
	}
	return r
}

// MStep returns the mixture that maximises the expected complete-data
// log-likelihood given the statistics: π_k = N_k / Σ_j N_j, μ_k = x̄_k and Σ_k
// = M_k/N_k (Full), its diagonal (Diagonal), tr(M_k)/(D N_k)·I (Spherical) or
// Σ_k M_k / Σ_k N_k for all k (Tied), each plus reg on the diagonal, with reg as
// Settings.Reg: 0 means DefaultReg scaled to the data as Fit scales it (by the
// mean of the columns' variances, from the statistics), and a negative value
// (NoReg) none. It is the
// M-step of Fit: from the statistics of all the data under Fit's current mixture
// it gives Fit's next one. A component with no responsibility (N_k at most 1e-15
// of the total weight) keeps its mean and covariance and gets weight 0.
// MStep returns an error if no row was added, or if a covariance is not
// positive definite (possible only with NoReg or data on a scale where reg is
// lost to rounding).
func (s *Stats) MStep(reg float64) (*Mixture, error) {
	switch {
	case math.IsNaN(reg) || math.IsInf(reg, 1):
		return nil, errorf(ErrBadArgument, "MStep: reg is %v: want a finite number", reg)
	case !(s.weight > 0):
		return nil, errorf(ErrTooFewRows, "MStep: no rows of positive weight were added")
	case reg == 0:
		reg = defaultReg(s.columnVariances())
	case reg < 0:
		reg = 0
	}
	m, err := s.next(reg, fixed{})
	if err != nil {
		return nil, wrapf(err, "M-step")
	}
	return m, nil
}

// columnVariances returns the (weighted) variance of each column of the rows
// added: Σ_k (M_k,jj + N_k (x̄_kj − x̄_j)²) / Σ_k N_k, x̄ the rows' mean.
func (s *Stats) columnVariances() []float64 {
	d := s.d
	var total float64
	mean := make([]float64, d) // as a departure from μ_0
	for c, nk := range s.nk {
		total += nk
		for j := range mean {
			mean[j] += nk * (s.dev[c*d+j] + s.shifts[c][j] - s.shifts[0][j])
		}
	}
	vars := make([]float64, d)
	for j := range mean {
		mean[j] /= total
	}
	for c, nk := range s.nk {
		m2 := s.scatter(c)
		for j := range vars {
			e := s.dev[c*d+j] + s.shifts[c][j] - s.shifts[0][j] - mean[j]
			vars[j] += m2[s.index(j, j)] + nk*e*e
		}
	}
	for j := range vars {
		vars[j] /= total
	}
	return vars
}

// fixed are the parameters an M-step keeps at the mixture's values.
type fixed struct {
	weights, means, covariances bool
}

// next is the M-step with the regularisation reg (≥ 0) and the parameters fix
// held: MStep's, and Fit's (its start's too, from statistics with no mixture,
// none empty). Its error is NewTyped's.
func (s *Stats) next(reg float64, fix fixed) (*Mixture, error) {
	prev := s.m
	var nkSum float64
	for _, v := range s.nk {
		nkSum += v
	}
	weights, means := make([]float64, s.k), make([][]float64, s.k)
	scatters := make([]mat.Symmetric, s.k)
	for c := range weights {
		empty := prev != nil && !(s.nk[c] > emptyShare*s.weight)
		weights[c] = s.nk[c] / nkSum
		if fix.weights {
			weights[c] = prev.weights[c]
		}
		if empty || fix.means {
			means[c] = prev.means[c]
		} else {
			means[c] = make([]float64, s.d)
			for j, v := range s.dev[c*s.d : (c+1)*s.d] {
				means[c][j] = s.shifts[c][j] + v
			}
		}
		if !empty {
			scatters[c] = s.scatterAbout(c, fix.means)
		}
	}
	if fix.covariances {
		m, err := NewTyped(s.ct, weights, means, prev.covariances())
		if pm := prev.Model(); err == nil && pm != s.ct.Model() {
			m.model = pm // the covariances, and so the model, are prev's
		}
		return m, err
	}
	if s.model != nil {
		covs, err := s.modelCovariances(scatters, reg)
		if err != nil {
			return nil, err
		}
		m, err := NewTyped(s.ct, weights, means, covs)
		if err == nil {
			m.model = s.model.model
		}
		return m, err
	}
	return NewTyped(s.ct, weights, means, s.covariances(scatters, reg))
}

// modelCovariances is covariances for a Model other than the covariance types':
// the model's M-step plus reg on the diagonal. If a component is empty, every
// component keeps the mixture's covariance.
func (s *Stats) modelCovariances(scatters []mat.Symmetric, reg float64) ([]mat.Symmetric, error) {
	full := make([]*mat.SymDense, len(scatters))
	for c, sc := range scatters {
		if sc == nil {
			return s.m.covariances(), nil
		}
		full[c] = sc.(*mat.SymDense) // a Model's statistics are full
	}
	covs := make([]*mat.SymDense, s.k)
	for c := range covs {
		covs[c] = mat.NewSymDense(s.d, nil)
	}
	if err := s.model.covariancesTo(covs, full, s.nk); err != nil {
		return nil, err
	}
	for _, c := range covs {
		addDiagonal(c, reg)
	}
	return symmetrics(covs), nil
}

// statistics returns the sums as Statistics (EStep's and
// ResponsibilityStatistics' form): x̄_k (the shift where N_k = 0) and M_k.
func (s *Stats) statistics() *Statistics {
	out := &Statistics{N: append([]float64(nil), s.nk...), Means: make([][]float64, s.k), Scatters: make([]*mat.SymDense, s.k),
		LogLikelihood: s.LogLikelihood()}
	for c := range out.Means {
		out.Means[c] = make([]float64, s.d)
		for j := range out.Means[c] {
			out.Means[c][j] = s.shifts[c][j] + s.dev[c*s.d+j]
		}
		out.Scatters[c] = mat.NewSymDense(s.d, nil)
		out.Scatters[c].CopySym(s.scatterAbout(c, false))
	}
	return out
}

// scatterAbout returns component c's scatter about its new mean, M_c, or, when
// the means are fixed, about the mixture's: M_c + N_c e eᵀ with e = x̄_c − μ_c.
// Only its diagonal, as a *mat.DiagDense, when only the diagonal is kept.
func (s *Stats) scatterAbout(c int, fixedMean bool) mat.Symmetric {
	d, nk := s.d, s.nk[c]
	e, m2 := s.dev[c*d:(c+1)*d], s.scatter(c)
	if !s.full {
		out := mat.NewDiagDense(d, nil)
		for j, v := range m2 {
			if fixedMean {
				v += nk * e[j] * e[j]
			}
			out.SetDiag(j, v)
		}
		return out
	}
	out := mat.NewSymDense(d, nil)
	s.forElements(func(r, q int) {
		v := m2[s.index(r, q)]
		if fixedMean {
			v += nk * e[r] * e[q]
		}
		out.SetSym(r, q, v)
	})
	return out
}

// covariances turns the scatter matrices into covariances of type s.ct plus reg
// on the diagonal. An empty component (nil scatter) keeps the mixture's.
func (s *Stats) covariances(scatters []mat.Symmetric, reg float64) []mat.Symmetric {
	d := s.d
	covs := make([]mat.Symmetric, s.k)
	if s.ct == Tied {
		tied := mat.NewSymDense(d, nil)
		var nkSum float64
		for c, sc := range scatters {
			if sc != nil {
				tied.AddSym(tied, sc)
				nkSum += s.nk[c]
			}
		}
		tied.ScaleSym(1/nkSum, tied)
		addDiagonal(tied, reg)
		for c := range covs {
			covs[c] = tied
		}
		return covs
	}
	for c, sc := range scatters {
		if sc == nil {
			covs[c] = s.m.covariance(c)
			continue
		}
		nk := s.nk[c]
		if s.ct == Full {
			cov := mat.NewSymDense(d, nil)
			cov.ScaleSym(1/nk, sc)
			addDiagonal(cov, reg)
			covs[c] = cov
			continue
		}
		covs[c] = diagonalCovariance(s.ct, sc.(*mat.DiagDense), nk, reg)
	}
	return covs
}

// diagonalCovariance returns the Diagonal or Spherical covariance of the
// diagonal scatter sc of weight nk, plus reg on the diagonal.
func diagonalCovariance(ct CovarianceType, sc *mat.DiagDense, nk, reg float64) *mat.DiagDense {
	d := sc.SymmetricDim()
	cov := mat.NewDiagDense(d, nil)
	var trace float64 // summed in order, as mat.Trace of a SymDense
	for j := 0; j < d; j++ {
		trace += sc.At(j, j)
	}
	for j := 0; j < d; j++ {
		v := sc.At(j, j) / nk
		if ct == Spherical {
			v = trace / (float64(d) * nk)
		}
		if reg != 0 {
			v += reg
		}
		cov.SetDiag(j, v)
	}
	return cov
}

// compensated is a sum with Neumaier's compensation: value() = sum + comp.
type compensated struct{ sum, comp float64 }

func (a *compensated) add(v float64) {
	t := a.sum + v
	if math.IsInf(t, 0) || math.IsNaN(t) {
		a.sum = t
		return
	}
	if math.Abs(a.sum) >= math.Abs(v) {
		a.comp += (a.sum - t) + v
	} else {
		a.comp += (v - t) + a.sum
	}
	a.sum = t
}

func (a compensated) value() float64 { return a.sum + a.comp }

// statsVersion is the first byte of Stats.MarshalBinary's encoding.
const statsVersion = 1

// MarshalBinary encodes the statistics, with their mixture (as JSON) and
// covariance type, so that statistics computed on another machine can be
// decoded by UnmarshalBinary and merged: the little-endian float64s and
// integers of the statistics follow a version byte, then the mixture's JSON.
func (s *Stats) MarshalBinary() ([]byte, error) {
	mix, err := s.m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	b := []byte{statsVersion}
	for _, v := range []int{int(s.ct), s.k, s.d, s.rows} {
		b = binary.LittleEndian.AppendUint64(b, uint64(v))
	}
	floats := func(v []float64) {
		for _, f := range v {
			b = binary.LittleEndian.AppendUint64(b, math.Float64bits(f))
		}
	}
	floats([]float64{s.weight, s.logLik.sum, s.logLik.comp})
	floats(s.nk)
	floats(s.dev)
	floats(s.m2)
	return append(b, mix...), nil
}

// UnmarshalBinary decodes into s statistics encoded by MarshalBinary (s may be
// the zero Stats; its Workers is kept). It returns an error for data that are
// not such an encoding.
func (s *Stats) UnmarshalBinary(b []byte) error {
	bad := func(why string) error { return errorf(ErrBadArgument, "Stats.UnmarshalBinary: %s", why) }
	if len(b) < 1+4*8 || b[0] != statsVersion {
		return bad("not an encoding of Stats")
	}
	b = b[1:]
	next := func() uint64 {
		v := binary.LittleEndian.Uint64(b)
		b = b[8:]
		return v
	}
	ct, k, d, rows := CovarianceType(next()), int(next()), int(next()), int(next())
	if ct < Full || ct > Tied || k < 1 || d < 1 || k > 1<<20 || d > 1<<20 || rows < 0 {
		return bad("bad header")
	}
	var m Mixture
	m2 := k * d
	if ct == Full || ct == Tied {
		m2 *= d
	}
	nFloats := 3 + k + k*d + m2 // checked before any allocation of that size
	if len(b)/8 < nFloats {
		return bad("too short")
	}
	if err := m.UnmarshalJSON(b[8*nFloats:]); err != nil {
		return wrapf(err, "Stats.UnmarshalBinary: the mixture")
	}
	if m.K() != k || m.Dim() != d {
		return bad("the mixture does not match the statistics")
	}
	out := NewStats(&m, ct)
	out.Workers, out.rows = s.Workers, rows
	for _, p := range []*float64{&out.weight, &out.logLik.sum, &out.logLik.comp} {
		*p = math.Float64frombits(next())
	}
	for _, v := range [][]float64{out.nk, out.dev, out.m2} {
		for i := range v {
			v[i] = math.Float64frombits(next())
		}
	}
	*s = *out
	return nil
}
