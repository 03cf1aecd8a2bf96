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

// Error is a problem with one field of a CSV file.
type Error struct {
	Line   int    // line of the record, from 1
	Column int    // field within the record, from 1; 0 for the whole record
	Name   string // column name from the header, if any
	Msg    string
}

func (e *Error) Error() string {
	switch {
	case e.Column == 0:
		return fmt.Sprintf("csvdata: line %d: %s", e.Line, e.Msg)
	case e.Name != "":
		return fmt.Sprintf("csvdata: line %d, column %d (%s): %s", e.Line, e.Column, e.Name, e.Msg)
	default:
		return fmt.Sprintf("csvdata: line %d, column %d: %s", e.Line, e.Column, e.Msg)
	}
}

// Read reads a table from r. It returns an *Error for a bad field or record, and
// an error if the CSV cannot be parsed or there is no data record.
func Read(r io.Reader) (*Table, error) {
	rr := NewReader(r)
	var data []float64
	for {
		row, err := rr.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		data = append(data, row...)
	}
	if len(data) == 0 {
		return nil, fmt.Errorf("csvdata: no data records")
	}
	return &Table{Header: rr.Header(), Data: mat.NewDense(len(data)/rr.width, rr.width, data)}, nil
}

// Reader reads the data records of a CSV file one at a time, in the format Read
// reads, holding one record in memory.
type Reader struct {
	cr     *csv.Reader
	header []string
	row    []float64
	width  int
	first  bool
}

// NewReader returns a Reader of the CSV data in r.
func NewReader(r io.Reader) *Reader {
	cr := csv.NewReader(r)
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	cr.ReuseRecord = true
	return &Reader{cr: cr, first: true}
}

// Header returns the column names, or nil if the file has no header row (or
// Next has not been called yet).
func (r *Reader) Header() []string { return r.header }

// Next returns the next data record, in a slice that the next call overwrites,
// and io.EOF after the last. It returns an *Error for a bad field or record, and
// an error if the CSV cannot be parsed.
func (r *Reader) Next() ([]float64, error) {
	for {
		rec, err := r.cr.Read()
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			var pe *csv.ParseError
			if errors.As(err, &pe) {
				return nil, fmt.Errorf("csvdata: line %d, column %d: %v", pe.Line, pe.Column, pe.Err)
			}
			return nil, fmt.Errorf("csvdata: %w", err)
		}
		line, _ := r.cr.FieldPos(0)
		if r.first {
			r.first = false
			r.width = len(rec)
			r.row = make([]float64, r.width)
			rec[0] = strings.TrimPrefix(rec[0], "\ufeff") // a byte-order mark
			if isHeader(rec) {
				r.header = trimAll(rec)
				continue
			}
		}
		if len(rec) != r.width {
			return nil, &Error{Line: line, Msg: fmt.Sprintf("%d fields, want %d as in the first record", len(rec), r.width)}
		}
		for j, field := range rec {
			v, msg := parseField(field)
			if msg != "" {
				return nil, r.fieldError(line, j, msg)
			}
			r.row[j] = v
		}
		return r.row, nil
	}
}

func (r *Reader) fieldError(line, j int, msg string) *Error {
	e := &Error{Line: line, Column: j + 1, Msg: msg}
	if r.header != nil {
		e.Name = r.header[j]
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
