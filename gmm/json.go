package gmm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/jsonobj"
	"gmmbook/gmm/internal/textcut"
)

// symmetryTol is the relative difference allowed between Σ[r][s] and Σ[s][r] in a
// loaded covariance; the two are averaged.
const symmetryTol = 1e-12

// mixtureJSON is the JSON form of a Mixture. The field order is the order written.
type mixtureJSON struct {
	K           *int          `json:"k"`
	Dim         *int          `json:"dim"`
	Covariance  string        `json:"covariance"`
	Weights     []float64     `json:"weights"`
	Means       [][]float64   `json:"means"`
	Covariances [][][]float64 `json:"covariances"`
}

// covarianceRows returns every Σ_k as a full D×D matrix of rows, K×D×D, whatever
// the covariance type: the form used by the JSON encoding.
func (m *Mixture) covarianceRows() [][][]float64 {
	out := make([][][]float64, m.K())
	for k := range out {
		c := m.covariance(k)
		out[k] = make([][]float64, m.dim)
		for r := range out[k] {
			out[k][r] = make([]float64, m.dim)
			for s := range out[k][r] {
				out[k][r][s] = c.At(r, s)
			}
		}
	}
	return out
}

// meanRows returns a copy of every mean μ_k, K×D.
func (m *Mixture) meanRows() [][]float64 {
	out := make([][]float64, m.K())
	for k := range out {
		out[k] = m.Mean(k)
	}
	return out
}

// MarshalJSON encodes m as a JSON object with the fields
//
//	k            number of components K
//	dim          dimension D
//	covariance   "full", "diag", "spherical" or "tied"
//	weights      the K weights π_k
//	means        the K means μ_k, K×D
//	covariances  the K covariances Σ_k as full matrices, K×D×D, whatever the type
//
// Numbers are written in their shortest form that parses back to the same float64,
// so UnmarshalJSON restores m exactly.
func (m *Mixture) MarshalJSON() ([]byte, error) {
	k, d := m.K(), m.dim
	return json.Marshal(mixtureJSON{
		K:           &k,
		Dim:         &d,
		Covariance:  m.ct.String(),
		Weights:     m.Weights(),
		Means:       m.meanRows(),
		Covariances: m.covarianceRows(),
	})
}

// UnmarshalJSON decodes the form written by MarshalJSON into m, replacing it, and
// validates it as NewTyped does: an invalid model is an error naming the component
// and what is wrong. A missing covariance field means "full"; k and dim may be
// omitted, but if present must match the arrays. Keys are matched exactly (case
// included) and may appear once; besides the model's own keys, only those that
// `gmm fit` adds (log_likelihood, mean_log_likelihood, iterations, converged, bic,
// aic, n_parameters) are allowed, and ignored, so that the JSON printed by
// `gmm fit` loads as a model. Any other key is an error wrapping ErrJSONKey.
// Decode only into a new Mixture (var m gmm.Mixture; json.Unmarshal(b, &m)): a
// Mixture shared with other goroutines must not change.
func (m *Mixture) UnmarshalJSON(b []byte) error {
	j, err := decodeMixtureJSON(json.NewDecoder(bytes.NewReader(b)))
	if err != nil {
		return err
	}
	loaded, err := j.mixture()
	if err != nil {
		return err
	}
	*m = *loaded
	return nil
}

// fitReportKeys are the keys `gmm fit` prints besides the model's: a model
// ignores them.
var fitReportKeys = map[string]bool{
	"log_likelihood": true, "mean_log_likelihood": true, "iterations": true,
	"converged": true, "bic": true, "aic": true, "n_parameters": true,
}

// decodeMixtureJSON decodes one JSON object from dec, key by key, so that keys
// are matched exactly and a repeated key is an error (encoding/json matches keys
// without regard to case and lets the last of a repeated key win).
func decodeMixtureJSON(dec *json.Decoder) (*mixtureJSON, error) {
	var j mixtureJSON
	if tok, err := dec.Token(); err != nil {
		return nil, decodingError("", err)
	} else if tok != json.Delim('{') {
		return nil, errorf(ErrBadShape, "decoding mixture: want a JSON object, got %s", tokenKind(tok))
	}
	fields := map[string]any{
		"k": &j.K, "dim": &j.Dim, "covariance": &j.Covariance, "weights": &j.Weights,
		"means": &j.Means, "covariances": &j.Covariances,
	}
	seen := make(map[string]bool)
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, decodingError("", err)
		}
		key := tok.(string) // an object's keys are strings
		if seen[key] {
			return nil, errorf(ErrJSONKey, "mixture JSON key %q appears twice", textcut.Cut(key))
		}
		seen[key] = true
		dst, ok := fields[key]
		if !ok {
			if !fitReportKeys[key] {
				return nil, errorf(ErrJSONKey, "mixture JSON key %q is unknown (keys are k, dim, covariance, weights, means, covariances, in lower case)", textcut.Cut(key))
			}
			dst = new(json.RawMessage)
		}
		if err := dec.Decode(dst); err != nil {
			return nil, decodingError(key+": ", err)
		}
	}
	if _, err := dec.Token(); err != nil { // the closing brace
		return nil, decodingError("", err)
	}
	return &j, nil
}

// decodingError wraps err, an error of encoding/json met decoding the mixture at
// where ("" or "KEY: "), in a message that quotes at most textcut.Max bytes of
// the input (a *json.UnmarshalTypeError quotes a number whole).
func decodingError(where string, err error) error {
	msg := err.Error()
	var te *json.UnmarshalTypeError
	if errors.As(err, &te) {
		msg = fmt.Sprintf("cannot decode %s into %v", textcut.Cut(te.Value), te.Type)
	}
	return &gmmError{msg: "decoding mixture: " + where + msg, err: err}
}

// tokenKind names the kind of a JSON token, for an error that must not quote a
// value of any length.
func tokenKind(tok json.Token) string {
	switch tok := tok.(type) {
	case json.Delim:
		if tok == '[' {
			return "an array"
		}
		return string(tok)
	case string:
		return "a string"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

func (j *mixtureJSON) mixture() (*Mixture, error) {
	ct := Full
	if j.Covariance != "" {
		if len(j.Covariance) > textcut.Max {
			return nil, errorf(ErrBadArgument, "unknown covariance type %q", textcut.Cut(j.Covariance))
		}
		var err error
		if ct, err = ParseCovarianceType(j.Covariance); err != nil {
			return nil, err
		}
	}
	if j.Weights == nil || j.Means == nil || j.Covariances == nil {
		return nil, errorf(ErrBadShape, "mixture JSON needs weights, means and covariances")
	}
	if j.K != nil && *j.K != len(j.Weights) {
		return nil, errorf(ErrBadShape, "mixture JSON has k = %d but %d weights", *j.K, len(j.Weights))
	}
	if j.Dim != nil && len(j.Means) > 0 && *j.Dim != len(j.Means[0]) {
		return nil, errorf(ErrBadShape, "mixture JSON has dim = %d but mean 0 has dimension %d", *j.Dim, len(j.Means[0]))
	}
	covs := make([]mat.Symmetric, len(j.Covariances))
	for k, rows := range j.Covariances {
		c, err := symmetricFromRows(rows)
		if err != nil {
			return nil, &ComponentError{Restart: -1, Iteration: -1, Component: k, Err: err}
		}
		covs[k] = c
	}
	return NewTyped(ct, j.Weights, j.Means, covs)
}

// symmetricFromRows returns the square matrix with the given rows, which must be
// symmetric within symmetryTol (relative); the two triangles are averaged.
func symmetricFromRows(rows [][]float64) (*mat.SymDense, error) {
	d := len(rows)
	if d == 0 {
		return nil, errorf(ErrBadShape, "covariance is empty")
	}
	for r, row := range rows {
		if len(row) != d {
			return nil, errorf(ErrBadShape, "covariance row %d has %d elements, want %d", r, len(row), d)
		}
	}
	c := mat.NewSymDense(d, nil)
	for r := 0; r < d; r++ {
		for s := r; s < d; s++ {
			a, b := rows[r][s], rows[s][r]
			if math.Abs(a-b) > symmetryTol*math.Max(math.Abs(a), math.Abs(b)) {
				return nil, errorf(ErrNotSymmetric, "covariance is not symmetric: element (%d, %d) = %v but (%d, %d) = %v", r, s, a, s, r, b)
			}
			c.SetSym(r, s, a+(b-a)/2)
		}
	}
	return c, nil
}

// Save writes m to w as JSON (the form of MarshalJSON), one field per line and
// each matrix row on one line, followed by a newline.
func (m *Mixture) Save(w io.Writer) error {
	b, err := m.MarshalJSON()
	if err != nil {
		return err
	}
	if b, err = jsonobj.FieldPerLine(b); err != nil {
		return err
	}
	_, err = w.Write(b)
	return err
}

// Load reads a mixture written by Save or MarshalJSON (or the JSON printed by
// `gmm fit`) from r and validates it as NewTyped does.
func Load(r io.Reader) (*Mixture, error) {
	dec := json.NewDecoder(r)
	j, err := decodeMixtureJSON(dec)
	if err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, &gmmError{msg: "decoding mixture: data after the JSON object"}
	}
	return j.mixture()
}
