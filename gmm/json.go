package gmm

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/textcut"
)

// symmetryTol is the relative difference allowed between Σ[r][s] and Σ[s][r] in a
// loaded covariance; the two are averaged.
const symmetryTol = 1e-12

// mixtureJSON is the JSON form of a Mixture, as read. writeJSON writes the same
// fields in this order.
type mixtureJSON struct {
	K           *int          `json:"k"`
	Dim         *int          `json:"dim"`
	Covariance  string        `json:"covariance"`
	Weights     []float64     `json:"weights"`
	Means       [][]float64   `json:"means"`
	Covariances [][][]float64 `json:"covariances"`
}

// writeJSON writes m as the JSON object of MarshalJSON to w: compact, or with
// one field per line (Save's layout, that of jsonobj.FieldPerLine) if perLine.
// The covariances are written a row at a time, so that no K×D×D array is made
// for a Diagonal or Spherical mixture: only the output itself is O(K·D²).
func (m *Mixture) writeJSON(w io.Writer, perLine bool) error {
	bw := bufio.NewWriter(w)
	colon := ":"
	if perLine {
		colon = ": "
	}
	field := func(i int, name string) {
		if i > 0 {
			bw.WriteByte(',')
		}
		if perLine {
			bw.WriteString("\n  ")
		}
		bw.WriteString(`"` + name + `"` + colon)
	}
	value := func(v any) error {
		b, err := json.Marshal(v)
		bw.Write(b)
		return err
	}
	bw.WriteByte('{')
	k, d := m.K(), m.dim
	field(0, "k")
	value(k)
	field(1, "dim")
	value(d)
	field(2, "covariance")
	value(m.covarianceName())
	field(3, "weights")
	if err := value(m.weights); err != nil {
		return err
	}
	field(4, "means")
	if err := value(m.means); err != nil {
		return err
	}
	field(5, "covariances")
	if err := m.writeCovariances(bw); err != nil {
		return err
	}
	if perLine {
		bw.WriteString("\n}\n")
	} else {
		bw.WriteByte('}')
	}
	return bw.Flush()
}

// covarianceName is the JSON's covariance field: the covariance type's name,
// unless the mixture was fitted or loaded under a model that is not the type's,
// then the model's (such as "VEV").
func (m *Mixture) covarianceName() string {
	if model := m.Model(); model != m.ct.Model() {
		return model.String()
	}
	return m.ct.String()
}

// writeCovariances writes every Σ_k as a D×D array of rows, K×D×D, whatever the
// covariance type, making one row at a time.
func (m *Mixture) writeCovariances(bw *bufio.Writer) error {
	var row []float64
	var zeros string
	if m.vars != nil {
		zeros = strings.Repeat("0,", m.dim)
	} else {
		row = make([]float64, m.dim)
	}
	bw.WriteByte('[')
	for k := range m.weights {
		if k > 0 {
			bw.WriteByte(',')
		}
		c := m.covariance(k)
		bw.WriteByte('[')
		for r := 0; r < m.dim; r++ {
			if r > 0 {
				bw.WriteByte(',')
			}
			if m.vars != nil {
				if err := writeDiagonalRow(bw, zeros, r, m.vars[k][r]); err != nil {
					return err
				}
				continue
			}
			for s := range row {
				row[s] = c.At(r, s)
			}
			b, err := json.Marshal(row)
			if err != nil {
				return err
			}
			bw.Write(b)
		}
		bw.WriteByte(']')
	}
	bw.WriteByte(']')
	return nil
}

// writeDiagonalRow writes row r of a diagonal D×D matrix with v at (r, r), as
// json.Marshal writes it, its zeros cut from zeros, "0," repeated D times.
func writeDiagonalRow(bw *bufio.Writer, zeros string, r int, v float64) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	d := len(zeros) / 2
	bw.WriteByte('[')
	bw.WriteString(zeros[:2*r])
	bw.Write(b)
	if rest := 2 * (d - 1 - r); rest > 0 {
		bw.WriteByte(',')
		bw.WriteString(zeros[:rest-1])
	}
	bw.WriteByte(']')
	return nil
}

// MarshalJSON encodes m as a JSON object with the fields
//
//	k            number of components K
//	dim          dimension D
//	covariance   "full", "diag", "spherical" or "tied", or the name of the
//	             mclust model (Mixture.Model) that is none of these four types
//	             (VVV, VVI, VII, EEE): "EII", "EEI", "VEI", "EVI", "VEE",
//	             "EVE", "VVE", "EEV", "VEV" or "EVV"
//	weights      the K weights π_k
//	means        the K means μ_k, K×D
//	covariances  the K covariances Σ_k as full matrices, K×D×D, whatever the type
//
// Numbers are written in their shortest form that parses back to the same float64,
// so UnmarshalJSON restores m exactly.
func (m *Mixture) MarshalJSON() ([]byte, error) {
	var buf bytes.Buffer
	if err := m.writeJSON(&buf, false); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// UnmarshalJSON decodes the form written by MarshalJSON into m, replacing it, and
// validates it as NewTyped does: an invalid model is an error naming the component
// and what is wrong. A missing covariance field means "full". The covariance
// field may also name any of mclust's fourteen models (in any case; E and V too,
// the one-dimensional EII and VII): the covariances are then held as the
// covariance type that fits the model (Spherical for EII and VII, Diagonal for
// EEI, VEI, EVI and VVI, Tied for EEE, Full for the others; see Mixture.Model)
// and must satisfy its constraints to ModelTol, or the error names the component
// and wraps ErrCovarianceType. k and dim may be
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

// covarianceModel parses the covariance field: a covariance type's name (then
// the model is the type's) or a model's.
func (j *mixtureJSON) covarianceModel() (ct CovarianceType, model Model, err error) {
	if j.Covariance == "" {
		return Full, VVV, nil
	}
	if len(j.Covariance) > textcut.Max {
		return 0, 0, errorf(ErrBadArgument, "unknown covariance type %q", textcut.Cut(j.Covariance))
	}
	if ct, err := ParseCovarianceType(j.Covariance); err == nil {
		return ct, ct.Model(), nil
	}
	if model, err = ParseModel(j.Covariance); err != nil {
		return 0, 0, errorf(ErrBadArgument, "unknown covariance type %q (want full, diag, spherical, tied or one of mclust's models EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV)", j.Covariance)
	}
	return model.storageType(), model, nil
}

func (j *mixtureJSON) mixture() (*Mixture, error) {
	ct, model, err := j.covarianceModel()
	if err != nil {
		return nil, err
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
		if err := checkSymmetricRows(rows); err != nil {
			return nil, &ComponentError{Restart: -1, Iteration: -1, Component: k, Err: err}
		}
		if ct == Diagonal || ct == Spherical {
			covs[k] = diagonalFromRows(rows)
		}
		if covs[k] == nil {
			covs[k] = fullFromRows(rows)
		}
	}
	return newModelMixture(model, j.Weights, j.Means, covs)
}

// diagonalFromRows returns the diagonal of the matrix with the given rows, which
// checkSymmetricRows accepted, or nil if an element off the diagonal is not 0.
func diagonalFromRows(rows [][]float64) mat.Symmetric {
	for r, row := range rows {
		for s, v := range row {
			if s != r && v != 0 {
				return nil
			}
		}
	}
	c := mat.NewDiagDense(len(rows), nil)
	for r, row := range rows {
		c.SetDiag(r, row[r])
	}
	return c
}

// fullFromRows returns the square matrix with the given rows, which
// checkSymmetricRows accepted, its two triangles averaged.
func fullFromRows(rows [][]float64) *mat.SymDense {
	d := len(rows)
	c := mat.NewSymDense(d, nil)
	for r := 0; r < d; r++ {
		for s := r; s < d; s++ {
			a, b := rows[r][s], rows[s][r]
			c.SetSym(r, s, a+(b-a)/2)
		}
	}
	return c
}

// checkSymmetricRows checks that the given rows make a square matrix symmetric
// within symmetryTol (relative).
func checkSymmetricRows(rows [][]float64) error {
	d := len(rows)
	if d == 0 {
		return errorf(ErrBadShape, "covariance is empty")
	}
	for r, row := range rows {
		if len(row) != d {
			return errorf(ErrBadShape, "covariance row %d has %d elements, want %d", r, len(row), d)
		}
	}
	for r := 0; r < d; r++ {
		for s := r; s < d; s++ {
			a, b := rows[r][s], rows[s][r]
			if math.Abs(a-b) > symmetryTol*math.Max(math.Abs(a), math.Abs(b)) {
				return errorf(ErrNotSymmetric, "covariance is not symmetric: element (%d, %d) = %v but (%d, %d) = %v", r, s, a, s, r, b)
			}
		}
	}
	return nil
}

// Save writes m to w as JSON (the form of MarshalJSON), one field per line and
// each matrix row on one line, followed by a newline.
func (m *Mixture) Save(w io.Writer) error {
	return m.writeJSON(w, true)
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
