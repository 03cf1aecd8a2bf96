package gmm

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// Candidate is one model that Select fits: a covariance type and a number of
// components, with the criteria of its fit.
type Candidate struct {
	// Covariance and K are the model.
	Covariance CovarianceType
	K          int
	// LogLikelihood, NumParams, BIC and AIC are those of Result; when the fit
	// failed they are NaN, 0, NaN and NaN.
	LogLikelihood float64
	NumParams     int
	BIC, AIC      float64
	// BestBIC marks the fitted candidate of lowest BIC, and BestAIC the one of
	// lowest AIC (the first in order on ties).
	BestBIC, BestAIC bool
	// Result is the whole fit, mixture included; nil when the fit failed.
	Result *Result
	// Err is why the fit failed; nil when it did not.
	Err error
}

// Select fits a mixture to the rows of x (each weighted by weights[i]; nil: all
// ones) for every covariance type in types (nil or empty: CovarianceTypes()) and
// every number of components in ks, and returns one Candidate per pair, in the
// order of types and, within a type, of ks. BIC and AIC are lower for the better
// model (see the package documentation); BestBIC and BestAIC mark the lowest.
//
// Each fit is Fit with the settings s (nil: the defaults), its Covariance set to
// the candidate's type and a source that yields the values s.Src yields from the
// state it has when Select is called, so a candidate's Result equals that of a
// single Fit with the same settings and a source just like s.Src; it does not
// depend on the order of the candidates or on Settings.Workers. Any
// rand.Source will do. A *rand.PCG or *rand.ChaCha8 is copied and left alone
// (as is nil, Fit's fixed seed); any other source is read once, by the first
// fit, and what it yields is kept (8 bytes a value) and replayed to the others,
// which read further from it when they need more: Select advances such a source
// by the values of its most demanding fit. s.Hook, if set, sees every fit's
// iterations.
//
// A fit that fails (K larger than the number of rows, say) gives a Candidate
// with its Err; the others are kept. Select returns an error, and no
// candidates, when no fit succeeds, and at once for an empty ks, a K below 1,
// an unknown covariance type, invalid settings, InitMixture or a Start (a start
// has one K), NaN or Inf in x, or unusable weights.
func Select(x mat.Matrix, weights []float64, ks []int, types []CovarianceType, s *Settings) ([]Candidate, error) {
	if len(types) == 0 {
		types = CovarianceTypes()
	}
	base, err := selectSettings(ks, types, s)
	if err != nil {
		return nil, err
	}
	if err := CheckData(x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	if _, err := checkSampleWeights(weights, n, 1); err != nil {
		return nil, err
	}
	cands := make([]Candidate, 0, len(types)*len(ks))
	fresh := freshSources(base.Src)
	for _, ct := range types {
		for _, k := range ks {
			fs := base
			fs.Covariance = ct
			fs.Src = fresh()
			r, err := Fit(x, weights, k, &fs)
			cands = append(cands, newCandidate(ct, k, r, err))
		}
	}
	if err := markBest(cands); err != nil {
		return nil, err
	}
	return cands, nil
}

// selectSettings checks Select's arguments and returns the settings of its fits.
func selectSettings(ks []int, types []CovarianceType, s *Settings) (Settings, error) {
	var base Settings
	if s != nil {
		base = *s
	}
	if len(ks) == 0 {
		return base, errorf(ErrBadArgument, "Select needs at least one K")
	}
	for _, k := range ks {
		if k < 1 {
			return base, errorf(ErrBadArgument, "Select: k = %d: want at least one component", k)
		}
	}
	for _, ct := range types {
		if ct < Full || ct > Tied {
			return base, errorf(ErrBadArgument, "unknown covariance type %d", int(ct))
		}
	}
	if base.Init == InitMixture || base.Start != nil {
		return base, errorf(ErrBadArgument, "Select cannot start from Settings.Start: a start mixture has one K")
	}
	if _, err := newConfig(&base); err != nil {
		return base, err
	}
	return base, nil
}

// freshSources returns a function that returns, at every call, a new source
// that yields what src yields from its present state: a copy of src when its
// state can be copied (nil stays nil), and otherwise a replay of src's values.
func freshSources(src rand.Source) func() rand.Source {
	switch s := src.(type) {
	case nil:
		return func() rand.Source { return nil }
	case *rand.PCG:
		state := *s
		return func() rand.Source { c := state; return &c }
	case *rand.ChaCha8:
		state := *s
		return func() rand.Source { c := state; return &c }
	}
	tape := &sourceTape{src: src}
	return func() rand.Source { return &replay{tape: tape} }
}

// sourceTape holds the values drawn so far from src, in order.
type sourceTape struct {
	src    rand.Source
	values []uint64
}

// replay is a source that yields the values of its tape from the start,
// drawing from the tape's source (and recording) past the values recorded.
// Replays of one tape must be read one at a time.
type replay struct {
	tape *sourceTape
	next int
}

func (r *replay) Uint64() uint64 {
	t := r.tape
	if r.next == len(t.values) {
		t.values = append(t.values, t.src.Uint64())
	}
	r.next++
	return t.values[r.next-1]
}

func newCandidate(ct CovarianceType, k int, r *Result, err error) Candidate {
	c := Candidate{Covariance: ct, K: k, Result: r, Err: err}
	if err != nil {
		c.Result = nil
		c.LogLikelihood, c.BIC, c.AIC = math.NaN(), math.NaN(), math.NaN()
		return c
	}
	c.LogLikelihood, c.NumParams, c.BIC, c.AIC = r.LogLikelihood, r.NumParams, r.BIC, r.AIC
	return c
}

// markBest sets BestBIC and BestAIC, or returns an error if no fit succeeded.
func markBest(cands []Candidate) error {
	bic, aic := -1, -1
	for i, c := range cands {
		if c.Err != nil {
			continue
		}
		if bic < 0 || c.BIC < cands[bic].BIC {
			bic = i
		}
		if aic < 0 || c.AIC < cands[aic].AIC {
			aic = i
		}
	}
	if bic < 0 {
		first := cands[0]
		return wrapf(first.Err, "every fit failed; the first (%v, K = %d)", first.Covariance, first.K)
	}
	cands[bic].BestBIC, cands[aic].BestAIC = true, true
	return nil
}
