package gmm_test

import (
	"errors"
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
	"gmmbook/gmm/internal/csvdata"
)

// badInput is one row of TestBadInput. Exactly one of err, panics and valid is
// set: err returns the error the input must give (its message starting with
// prefix, "gmm: " unless set, and containing want), panics must panic with a
// message containing want (a documented caller mistake), and valid checks the
// model the input must give.
type badInput struct {
	name         string
	err          func() error
	panics       func()
	valid        func(t *testing.T)
	prefix, want string
	kind         error // the kind of a "gmm: " error (errors.Is)
}

// TestBadInput is issue 2's table of bad input, row for row: NaN, Inf, N < K,
// K ≤ 0, a single row, a constant column, one point repeated 100 times,
// mismatched dimensions, weights off the simplex, a covariance that is not
// positive definite, a ragged or non-numeric CSV. Each gets what the package
// documents: an error that says what is wrong and where, a documented panic
// for a mistake the caller could have checked (a point of the wrong length), or
// a valid model regularised by Settings.Reg.
func TestBadInput(t *testing.T) {
	x := datasets.Faithful()
	small := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 7})
	withNaN := mat.DenseCopyOf(small)
	withNaN.Set(1, 0, math.NaN())
	withInf := mat.DenseCopyOf(small)
	withInf.Set(2, 1, math.Inf(1))
	single := mat.NewDense(1, 2, []float64{1, 2})
	constant := mat.DenseCopyOf(x)
	for i := 0; i < 272; i++ {
		constant.Set(i, 1, 70)
	}
	repeated := mat.NewDense(100, 2, nil)
	for i := 0; i < 100; i++ {
		repeated.SetRow(i, []float64{3, -1})
	}
	id := eye(2)
	start3D, err := gmm.New([]float64{0.5, 0.5}, [][]float64{{0, 0, 0}, {1, 1, 1}}, []mat.Symmetric{eye(3), eye(3)})
	if err != nil {
		t.Fatal(err)
	}
	notPD := mat.NewSymDense(2, []float64{1, 2, 2, 1}) // eigenvalues 3 and −1
	mu := [][]float64{{0, 0}, {1, 1}}
	for _, c := range []badInput{
		{name: "NaN: Fit", err: fitError(withNaN, 2), kind: gmm.ErrNotFinite, want: "row 1, column 0 is NaN"},
		{name: "NaN: KMeans", err: kmeansError(withNaN, 2), kind: gmm.ErrNotFinite, want: "row 1, column 0 is NaN"},
		{name: "NaN: CSV", err: csvError("1,2\nNaN,3\n"), prefix: "csvdata: ", want: `line 2, column 1: "NaN" is NaN`},
		{name: "Inf: Fit", err: fitError(withInf, 2), kind: gmm.ErrNotFinite, want: "row 2, column 1 is +Inf"},
		{name: "Inf: KMeans", err: kmeansError(withInf, 2), kind: gmm.ErrNotFinite, want: "row 2, column 1 is +Inf"},
		{name: "Inf: CSV", err: csvError("1,2\n3,-Inf\n"), prefix: "csvdata: ", want: `line 2, column 2: "-Inf" is infinite`},
		{name: "N < K: Fit", err: fitError(small, 4), kind: gmm.ErrTooFewRows, want: "3 rows, fewer than k = 4"},
		{name: "N < K: KMeans", err: kmeansError(small, 4), kind: gmm.ErrTooFewRows, want: "3 rows, fewer than k = 4"},
		{name: "K = 0: Fit", err: fitError(x, 0), kind: gmm.ErrBadArgument, want: "k = 0: want at least one component"},
		{name: "K < 0: Fit", err: fitError(x, -2), kind: gmm.ErrBadArgument, want: "k = -2"},
		{name: "K = 0: KMeans", err: kmeansError(x, 0), kind: gmm.ErrBadArgument, want: "k = 0: want at least one cluster"},
		{name: "single row: Fit", err: fitError(single, 1), kind: gmm.ErrTooFewRows, want: "data has 1 row: want at least 2"},
		{name: "single row: KMeans, K = 1", valid: func(t *testing.T) {
			r, err := gmm.KMeans(single, nil, 1, nil)
			if err != nil || r.Inertia != 0 || !mat.Equal(r.Centers, single) {
				t.Errorf("KMeans on one row: %v, %+v; want the row as centre and inertia 0", err, r)
			}
		}},
		{name: "constant column", valid: func(t *testing.T) { checkRegularised(t, "constant column", constant) }},
		{name: "one point repeated 100 times", valid: func(t *testing.T) {
			checkRegularised(t, "repeated point", repeated)
			// Both components sit on the point with covariance Reg·I = 1e-6·I, so
			// log p(x) = log N(0 | 0, 1e-6 I) = −log(2π·1e-6) at every row (D = 2).
			want := -100 * math.Log(2*math.Pi*1e-6)
			for _, ct := range gmm.CovarianceTypes() {
				r, err := gmm.Fit(repeated, nil, 2, &gmm.Settings{Covariance: ct})
				if err != nil || !scalar.EqualWithinRel(r.LogLikelihood, want, 1e-9) {
					t.Errorf("%v: log-likelihood %v (%v), want 100·−log(2π·1e-6) = %v", ct, r.LogLikelihood, err, want)
				}
			}
		}},
		{name: "mismatched dimensions: New", err: newError([]float64{0.5, 0.5}, [][]float64{{0, 0}, {1}}, id, id),
			kind: gmm.ErrBadShape, want: "component 1: mean has dimension 1, component 0 has 2"},
		{name: "mismatched dimensions: New covariance", err: newError([]float64{0.5, 0.5}, mu, id, eye(3)),
			kind: gmm.ErrBadShape, want: "component 1: covariance is 3×3, want 2×2"},
		{name: "mismatched dimensions: Fit start", err: func() error {
			_, err := gmm.Fit(x, nil, 2, &gmm.Settings{Init: gmm.InitMixture, Start: start3D})
			return err
		}, kind: gmm.ErrBadShape, want: "start mixture has 2 components in dimension 3; want 2 in dimension 2"},
		{name: "mismatched dimensions: LogProb", panics: func() { start3D.LogProb([]float64{1, 2}) },
			want: "gmm: point has dimension 2, mixture has 3"},
		{name: "mismatched dimensions: LogProbsTo", panics: func() { start3D.LogProbsTo(nil, x) },
			want: "gmm: data has 2 columns, mixture has dimension 3"},
		{name: "weights off the simplex: sum", err: newError([]float64{0.5, 0.6}, mu, id, id), kind: gmm.ErrBadWeights, want: "weights sum to 1.1"},
		{name: "weights off the simplex: negative", err: newError([]float64{-0.5, 1.5}, mu, id, id),
			kind: gmm.ErrBadWeights, want: "component 0: weight -0.5 is not a finite non-negative number"},
		{name: "weights off the simplex: NaN", err: newError([]float64{math.NaN(), 1}, mu, id, id), kind: gmm.ErrBadWeights, want: "component 0: weight NaN"},
		{name: "covariance not positive definite", err: newError([]float64{0.5, 0.5}, mu, id, notPD),
			kind: gmm.ErrNotPositiveDefinite, want: "component 1: covariance is not positive definite"},
		{name: "ragged CSV", err: csvError("a,b,c\n1,2,3\n4,5\n"), prefix: "csvdata: ", want: "line 3: 2 fields, want 3"},
		{name: "non-numeric CSV", err: csvError("x,y\n1,2\n3,abc\n"), prefix: "csvdata: ", want: `line 3, column 2 (y): "abc" is not a number`},
	} {
		t.Run(c.name, c.check)
	}
}

func (c badInput) check(t *testing.T) {
	switch {
	case c.valid != nil:
		c.valid(t)
	case c.panics != nil:
		defer func() {
			if r := recover(); r == nil || !strings.Contains(fmt.Sprint(r), c.want) {
				t.Errorf("recovered %v, want a panic containing %q", r, c.want)
			}
		}()
		c.panics()
	default:
		prefix := c.prefix
		if prefix == "" {
			prefix = "gmm: "
		}
		err := c.err()
		if err == nil || !strings.HasPrefix(err.Error(), prefix) || !strings.Contains(err.Error(), c.want) {
			t.Errorf("error %v, want one starting %q and containing %q", err, prefix, c.want)
		}
		if prefix == "gmm: " && !errors.Is(err, c.kind) {
			t.Errorf("error %v is not %v", err, c.kind)
		}
		if strings.Count(fmt.Sprint(err), "gmm: ") > 1 {
			t.Errorf("error %v repeats the prefix", err)
		}
	}
}

// failure returns the error of call, insisting that a failed call returns no
// result.
func failure[R any](call func() (*R, error)) func() error {
	return func() error {
		r, err := call()
		if err != nil && r != nil {
			return fmt.Errorf("a result came with the error %v", err)
		}
		return err
	}
}

// fitError is the error of Fit with the default settings.
func fitError(x mat.Matrix, k int) func() error {
	return failure(func() (*gmm.Result, error) { return gmm.Fit(x, nil, k, nil) })
}

// kmeansError is the error of KMeans with the default settings.
func kmeansError(x mat.Matrix, k int) func() error {
	return failure(func() (*gmm.KMeansResult, error) { return gmm.KMeans(x, nil, k, nil) })
}

func newError(weights []float64, means [][]float64, covs ...mat.Symmetric) func() error {
	return func() error {
		_, err := gmm.New(weights, means, covs)
		return err
	}
}

// csvError returns the error of reading src as the gmm command's CSV data.
func csvError(src string) func() error {
	return func() error {
		_, err := csvdata.Read(strings.NewReader(src))
		return err
	}
}

// checkRegularised fits data that make singular covariances (a constant column,
// or one repeated point) with every covariance type and initialisation: with
// Reg = 1e-6 each fit is a valid, finite model whose variance along the
// constant column (column 1) is exactly Reg; without Reg it is an error
// naming the component (except a spherical fit of a constant column, whose σ²
// averages over both columns and stays positive).
func checkRegularised(t *testing.T, name string, x *mat.Dense) {
	t.Helper()
	for _, ct := range gmm.CovarianceTypes() {
		for _, init := range []gmm.Init{gmm.InitKMeans, gmm.InitKMeansPlusPlus, gmm.InitRandomPoints, gmm.InitRandomResponsibilities} {
			r, err := gmm.Fit(x, nil, 2, &gmm.Settings{Covariance: ct, Init: init, Reg: 1e-6})
			if err != nil {
				t.Errorf("%s %v %v: %v", name, ct, init, err)
				continue
			}
			checkFinite(t, name, r)
			for k := 0; k < 2; k++ {
				cov := r.Mixture.CovarianceMatrixTo(nil, k)
				if ct != gmm.Spherical && cov.At(1, 1) != 1e-6 {
					t.Errorf("%s %v %v: variance of the constant column %v, want Reg = 1e-6", name, ct, init, cov.At(1, 1))
				}
			}
			_, err = gmm.Fit(x, nil, 2, &gmm.Settings{Covariance: ct, Init: init, Reg: gmm.NoReg})
			if ct == gmm.Spherical && name == "constant column" {
				if err != nil {
					t.Errorf("%s %v %v without Reg: %v", name, ct, init, err)
				}
				continue
			}
			var ce *gmm.ComponentError
			if !errors.As(err, &ce) || !errors.Is(err, gmm.ErrNotPositiveDefinite) || !strings.Contains(err.Error(), "use a positive Reg") {
				t.Errorf("%s %v %v without Reg: error %v, want a ComponentError, not positive definite, naming the remedy", name, ct, init, err)
			}
		}
	}
}
