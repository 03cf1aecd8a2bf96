package gmm

import "fmt"

// The kinds of error the package returns. An error of the package wraps one of
// them (or an error of another package, such as encoding/json's), so that
// errors.Is tells them apart; its message says what is wrong and where, and
// starts with "gmm: " once. Where the error concerns one component of a
// mixture, errors.As finds a *ComponentError.
var (
	// ErrBadShape: sizes that do not fit together (data with no rows or columns,
	// a mean or covariance of the wrong dimension, weights or counts of the
	// wrong length, a start mixture or initial centers of the wrong shape).
	ErrBadShape = newKind("sizes do not match")
	// ErrNotFinite: a NaN or an infinity in the data, the parameters or the
	// weights, or a quantity computed from the data that overflowed (the data's
	// scale is beyond float64).
	ErrNotFinite = newKind("value is NaN or infinite")
	// ErrBadWeights: sample weights or mixture weights that are negative, do not
	// sum to 1 (mixture weights) or have an infinite sum (sample weights).
	ErrBadWeights = newKind("bad weights")
	// ErrTooFewRows: fewer rows (of positive weight) than components or
	// clusters, or than the fit needs.
	ErrTooFewRows = newKind("too few rows")
	// ErrNotPositiveDefinite: a covariance that is not positive definite, in a
	// mixture given to New or made by an EM iteration (a collapsed component).
	ErrNotPositiveDefinite = newKind("covariance is not positive definite")
	// ErrNotSymmetric: a covariance read from JSON that is not symmetric.
	ErrNotSymmetric = newKind("covariance is not symmetric")
	// ErrCovarianceType: a covariance without the structure of its
	// CovarianceType (an off-diagonal element of a diagonal covariance, say),
	// or covariances loaded under one of mclust's models that break its
	// constraints (see ModelTol).
	ErrCovarianceType = newKind("covariance does not have the structure of its type")
	// ErrEmptyComponent: a component of a starting mixture that no row is
	// responsible for.
	ErrEmptyComponent = newKind("component has no data")
	// ErrBadArgument: an argument or setting out of its range (k ≤ 0, a
	// negative MaxIter, an unknown covariance type or initialisation, a Start
	// without InitMixture...).
	ErrBadArgument = newKind("bad argument")
	// ErrScale: data or sample weights on a scale that float64 cannot fit: a
	// column whose variance underflows, or sample weights too small to divide
	// by. Standardising the columns (or scaling the weights up) removes it. (A
	// variance that overflows is ErrNotFinite.)
	ErrScale = newKind("a scale beyond float64")
	// ErrJSONKey: a mixture JSON object with an unknown or repeated key (keys
	// are matched exactly, case included).
	ErrJSONKey = newKind("bad mixture JSON key")
)

// ComponentError is an error in one component of a mixture: from New, NewTyped
// or Load (Restart and Iteration −1), or from an iteration of Fit. Err is the
// cause; errors.Is(err, ErrNotPositiveDefinite) and the like see through it.
type ComponentError struct {
	// Restart (from 0) and Iteration (0: the starting mixture; i: the mixture of
	// the i-th M-step) locate the failure in a fit; both are −1 outside one.
	Restart, Iteration int
	// Component is the index of the component, from 0.
	Component int
	// Err is the cause; it wraps one of the package's Err values.
	Err error
}

// Error returns "gmm: ", where the error happened and the cause, as in
// "gmm: iteration 4: component 2: covariance is not positive definite" (the
// restart is named when it is not the first, and iteration 0 is "initial
// mixture").
func (e *ComponentError) Error() string { return "gmm: " + e.Message() }

// Message returns the error's text without the "gmm: " prefix, for a caller
// that adds its own (the gmm command does).
func (e *ComponentError) Message() string {
	where := ""
	if e.Iteration >= 0 {
		where = "initial mixture: "
		if e.Iteration > 0 {
			where = fmt.Sprintf("iteration %d: ", e.Iteration)
		}
		if e.Restart > 0 {
			where = fmt.Sprintf("restart %d, %s", e.Restart, where)
		}
	}
	return fmt.Sprintf("%scomponent %d: %s", where, e.Component, message(e.Err))
}

// Unwrap returns e.Err.
func (e *ComponentError) Unwrap() error { return e.Err }

// gmmError is an error of the package: a message (without the "gmm: " prefix)
// and what it wraps, a kind or a cause. A kind wraps nothing.
type gmmError struct {
	msg string
	err error
}

func (e *gmmError) Error() string { return "gmm: " + e.msg }

// Message returns the error's text without the "gmm: " prefix.
func (e *gmmError) Message() string { return e.msg }

func (e *gmmError) Unwrap() error { return e.err }

func newKind(msg string) error { return &gmmError{msg: msg} }

// errorf returns an error of the given kind with the formatted message.
func errorf(kind error, format string, args ...any) error {
	return &gmmError{msg: fmt.Sprintf(format, args...), err: kind}
}

// wrapf returns an error that says where err happened (the formatted prefix)
// and wraps it.
func wrapf(err error, format string, args ...any) error {
	return &gmmError{msg: fmt.Sprintf(format, args...) + ": " + message(err), err: err}
}

// componentError returns a ComponentError outside a fit.
func componentError(k int, kind error, format string, args ...any) error {
	return &ComponentError{Restart: -1, Iteration: -1, Component: k, Err: errorf(kind, format, args...)}
}

// message returns the text of err without the "gmm: " prefix when err is an
// error of the package.
func message(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return err.Error()
}
