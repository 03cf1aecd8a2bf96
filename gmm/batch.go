package gmm

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
)

// CheckData returns an error unless x has at least one row and one column and every
// element is finite. The error names the first bad element by row and column,
// counted from 0.
func CheckData(x mat.Matrix) error {
	if x == nil {
		return errorf(ErrBadShape, "data is nil")
	}
	if d, ok := x.(*mat.Dense); ok && d == nil {
		return fmt.Errorf("gmm: data is a nil *mat.Dense")
	}
	n, d := x.Dims()
	if n == 0 || d == 0 {
		return errorf(ErrBadShape, "data is %d×%d: want at least one row and one column", n, d)
	}
	if dense, ok := x.(*mat.Dense); ok && allFinite(dense) {
		return nil
	}
	rows := newRowReader(x)
	for i := 0; i < n; i++ {
		for j, v := range rows.row(i) {
			// v − v is 0 for every finite v, and NaN for NaN and ±Inf.
			if v-v != 0 {
				return errorf(ErrNotFinite, "data row %d, column %d is %v", i, j, v)
			}
		}
	}
	return nil
}

// allFinite reports whether every element of x is finite, by a branch-free scan of
// each row (or of the whole storage when the rows are contiguous): v − v is 0 for
// every finite v and NaN for NaN and ±Inf, and a NaN stays in the sums.
func allFinite(x *mat.Dense) bool {
	raw := x.RawMatrix()
	rows, width := raw.Rows, raw.Cols
	if raw.Stride == raw.Cols {
		rows, width = 1, raw.Rows*raw.Cols
	}
	for i := 0; i < rows; i++ {
		v := raw.Data[i*raw.Stride : i*raw.Stride+width]
		var s0, s1, s2, s3 float64
		for len(v) >= 4 {
			s0 += v[0] - v[0]
			s1 += v[1] - v[1]
			s2 += v[2] - v[2]
			s3 += v[3] - v[3]
			v = v[4:]
		}
		for _, u := range v {
			s0 += u - u
		}
		if s0+s1+s2+s3 != 0 {
			return false
		}
	}
	return true
}

// rowReader reads the rows of a matrix without allocating per row.
type rowReader struct {
	dense *mat.Dense
	x     mat.Matrix
	buf   []float64
}

func newRowReader(x mat.Matrix) rowReader {
	_, d := x.Dims()
	if dense, ok := x.(*mat.Dense); ok {
		return rowReader{dense: dense}
	}
	return rowReader{x: x, buf: make([]float64, d)}
}

// row returns row i; the slice is valid until the next call and must not be modified.
func (r *rowReader) row(i int) []float64 {
	if r.dense != nil {
		return r.dense.RawRowView(i)
	}
	for j := range r.buf {
		r.buf[j] = r.x.At(i, j)
	}
	return r.buf
}

func (m *Mixture) checkData(x mat.Matrix) int {
	n, d := x.Dims()
	if d != m.dim {
		panic(fmt.Sprintf("gmm: data has %d columns, mixture has dimension %d", d, m.dim))
	}
	return n
}

// destination returns dst, or a new slice of length n if dst is nil. It panics,
// naming method, if dst has another length.
func destination[T any](dst []T, n int, method string) []T {
	if dst == nil {
		return make([]T, n)
	}
	if len(dst) != n {
		panic("gmm: " + method + " destination length mismatch")
	}
	return dst
}

// LogProbsTo stores log p(x_i) for every row x_i of the n×D matrix x in dst and
// returns it, in parallel over rows when x is a *mat.Dense. A nil dst is
// allocated; otherwise it must have length n.
// It panics if x does not have D columns or dst has the wrong length.
func (m *Mixture) LogProbsTo(dst []float64, x mat.Matrix) []float64 {
	dst = destination(dst, m.checkData(x), "LogProbsTo")
	if dense, ok := x.(*mat.Dense); ok {
		logProbsDense(m, dst, dense, 0)
		return dst
	}
	rows := newRowReader(x)
	z, terms := make([]float64, m.dim), make([]float64, m.K())
	for i := range dst {
		dst[i] = m.logProb(rows.row(i), z, terms)
	}
	return dst
}

// ComponentLogProbsTo stores log π_k + log N(x_i | μ_k, Σ_k) in element (i, k) of dst
// for every row x_i of the n×D matrix x, and returns dst. A nil dst is allocated and an
// empty one resized; otherwise it must be n×K. It panics if x does not have D columns.
func (m *Mixture) ComponentLogProbsTo(dst *mat.Dense, x mat.Matrix) *mat.Dense {
	n := m.checkData(x)
	dst = m.prepare(dst, n)
	rows := newRowReader(x)
	z := make([]float64, m.dim)
	for i := 0; i < n; i++ {
		m.comps.LogTerms(dst.RawRowView(i), rows.row(i), z)
	}
	return dst
}

func (m *Mixture) prepare(dst *mat.Dense, n int) *mat.Dense {
	if dst == nil {
		return mat.NewDense(n, m.K(), nil)
	}
	if dst.IsEmpty() {
		dst.ReuseAs(n, m.K())
		return dst
	}
	if r, c := dst.Dims(); r != n || c != m.K() {
		panic(fmt.Sprintf("gmm: destination is %d×%d, want %d×%d", r, c, n, m.K()))
	}
	return dst
}

// LogResponsibilitiesTo stores log γ_ik = log π_k N(x_i|μ_k,Σ_k) − log p(x_i) in dst
// for every row x_i of x, and returns dst and the total log-likelihood
// Σ_i log p(x_i). Everything is computed in log space, so a finite point however
// far from every component gets responsibilities that sum to 1 (its log p(x_i),
// and so the total, is −Inf when below −math.MaxFloat64); a row holding NaN gives
// NaN. A nil dst is allocated; otherwise it must be n×K. It panics if x does not
// have D columns.
func (m *Mixture) LogResponsibilitiesTo(dst *mat.Dense, x mat.Matrix) (*mat.Dense, float64) {
	n := m.checkData(x)
	dst = m.prepare(dst, n)
	rows := newRowReader(x)
	z := make([]float64, m.dim)
	var total float64
	for i := 0; i < n; i++ {
		total += m.comps.LogResponsibilities(dst.RawRowView(i), rows.row(i), z)
	}
	return dst, total
}

// ResponsibilitiesTo stores the responsibilities γ_ik = p(s_k = 1 | x_i) in dst for
// every row x_i of x and returns dst. Each row sums to 1. A nil dst is allocated;
// otherwise it must be n×K. It panics if x does not have D columns.
func (m *Mixture) ResponsibilitiesTo(dst *mat.Dense, x mat.Matrix) *mat.Dense {
	dst, _ = m.LogResponsibilitiesTo(dst, x)
	dst.Apply(func(_, _ int, v float64) float64 { return math.Exp(v) }, dst)
	return dst
}

// LabelsTo stores in dst the most responsible component argmax_k γ_ik of every row of
// x and returns it. A nil dst is allocated; otherwise it must have length n.
// It panics if x does not have D columns or dst has the wrong length.
func (m *Mixture) LabelsTo(dst []int, x mat.Matrix) []int {
	dst = destination(dst, m.checkData(x), "LabelsTo")
	rows := newRowReader(x)
	z, logGamma := make([]float64, m.dim), make([]float64, m.K())
	for i := range dst {
		m.comps.RelativeLogTerms(logGamma, rows.row(i), z)
		best, bestK := math.Inf(-1), 0
		for k, v := range logGamma {
			if v > best {
				best, bestK = v, k
			}
		}
		dst[i] = bestK
	}
	return dst
}
