// Package csvdata reads a numeric data matrix from CSV for the gmm command.
//
// One record per observation, one field per dimension, comma-separated, as
// encoding/csv parses it (quoted fields allowed, blank lines skipped). Spaces around
// a field are ignored. The first record is a header if none of its fields is a
// number; otherwise it is data. Every data field must be a finite number:
// an empty or non-numeric field, NaN, ±Inf, a number out of float64's range and a
// record with a different number of fields from the first are errors that name the
// line and the column, both counted from 1.
package csvdata

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// Table is a numeric CSV file.
type Table struct {
	// Header holds the column names, or nil if the file has no header row.
	Header []string
	// Data holds one row per data record, n×d with n, d ≥ 1.
	Data *mat.Dense
}

// Error is a problem with a CSV file: with one field, one record, or (Line 0)
// the whole file.
type Error struct {
	Line   int    // line of the record, from 1; 0 for the whole file
	Column int    // field within the record, from 1; 0 for the whole record
	Name   string // column name from the header, if any
	Msg    string
	Err    error // the cause, if any (encoding/csv's)
}

func (e *Error) Error() string { return "csvdata: " + e.Message() }

// Message returns the error's text without the "csvdata: " prefix.
func (e *Error) Message() string {
	switch {
	case e.Line == 0:
		return e.Msg
	case e.Column == 0:
		return fmt.Sprintf("line %d: %s", e.Line, e.Msg)
	case e.Name != "":
		return fmt.Sprintf("line %d, column %d (%s): %s", e.Line, e.Column, e.Name, e.Msg)
	default:
		return fmt.Sprintf("line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
}

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// Read reads a table from r. Every error it returns is an *Error.
func Read(r io.Reader) (*Table, error) {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	t := &Table{}
	var (
		data  []float64
		width int
		first = true
	)
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, &Error{Line: pe.Line, Column: pe.Column, Msg: fmt.Sprint(pe.Err), Err: err}
			}
			return nil, &Error{Msg: fmt.Sprint(err), Err: err}
		}
		line, _ := cr.FieldPos(0)
		if first {
			first = false
			width = len(rec)
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // a byte-order mark
			if isHeader(rec) {
				t.Header = trimAll(rec)
				continue
			}
		}
		if len(rec) != width {
			return nil, &Error{Line: line, Msg: fmt.Sprintf("%d fields, want %d as in the first record", len(rec), width)}
		}
		for j, field := range rec {
			v, msg := parseField(field)
			if msg != "" {
				return nil, t.fieldError(line, j, msg)
			}
			data = append(data, v)
		}
	}
	if len(data) == 0 {
		return nil, &Error{Msg: "no data records"}
	}
	t.Data = mat.NewDense(len(data)/width, width, data)
	return t, nil
}

func (t *Table) fieldError(line, j int, msg string) *Error {
	e := &Error{Line: line, Column: j + 1, Msg: msg}
	if t.Header != nil {
		e.Name = t.Header[j]
	}
	return e
}

// isHeader reports whether no field of rec is a number.
func isHeader(rec []string) bool {
	for _, f := range rec {
		if _, err := strconv.ParseFloat(strings.TrimSpace(f), 64); err == nil {
			return false
		}
	}
	return true
}

func trimAll(rec []string) []string {
	out := make([]string, len(rec))
	for i, f := range rec {
		out[i] = strings.TrimSpace(f)
	}
	return out
}

// parseField returns the number in field, or a message saying why it is not a
// finite number.
func parseField(field string) (float64, string) {
	s := strings.TrimSpace(field)
	if s == "" {
		return 0, "empty field"
	}
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case errors.Is(err, strconv.ErrRange):
		return 0, fmt.Sprintf("%q is out of the range of float64", s)
	case err != nil:
		return 0, fmt.Sprintf("%q is not a number", s)
	case math.IsNaN(v):
		return 0, fmt.Sprintf("%q is NaN", s)
	case math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is infinite", s)
	}
	return v, ""
}
