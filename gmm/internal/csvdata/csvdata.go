// Package csvdata reads a numeric data matrix from CSV for the gmm command.
//
// One record per observation, one field per dimension, comma-separated, as
// encoding/csv parses it (quoted fields allowed, blank lines skipped). A UTF-8
// byte-order mark at the start of the input is skipped. Spaces around a field are
// ignored. The first record is a header if none of its fields is a number;
// otherwise it is data. Every data field must be a finite number: an empty or
// non-numeric field, NaN, ±Inf, a number out of float64's range and a record with
// a different number of fields from the first are errors that name the line and
// the column, both counted from 1. An error quotes at most the first
// 40 bytes of a field (textcut.Cut).
//
// Read reads a whole table; a Reader reads it in chunks of rows, so that a caller
// can process a file of any length in bounded memory.
package csvdata

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/textcut"
)

// Table is a numeric CSV file.
type Table struct {
	// Header holds the column names, or nil if the file has no header row.
	Header []string
	// Data holds one row per data record, n×d with n, d ≥ 1.
	Data *mat.Dense
}

// ErrNoData is wrapped by the *Error for an input with no data record.
var ErrNoData = errors.New("no data records")

// Error is a problem with a CSV file: with one field, one record, or (Line 0)
// the whole file.
type Error struct {
	Line   int    // line of the record, from 1; 0 for the whole file
	Column int    // field within the record, from 1; 0 for the whole record
	Name   string // column name from the header, if any (cut by textcut.Cut)
	Msg    string
	Err    error // the cause, if any (encoding/csv's, ErrNoData)
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

// Read reads a whole table from r. Every error it returns is an *Error; one for
// an input without data records wraps ErrNoData.
func Read(r io.Reader) (*Table, error) {
	cr, err := NewReader(r)
	if err != nil {
		return nil, err
	}
	var data []float64
	for {
		chunk, err := cr.appendRows(data, math.MaxInt)
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		data = chunk
	}
	return &Table{Header: cr.Header(), Data: mat.NewDense(len(data)/cr.width, cr.width, data)}, nil
}

// Reader reads the data records of a CSV table in chunks.
type Reader struct {
	cr      *csv.Reader
	header  []string
	width   int
	pending []string // the first record, when it is data
	line    int      // line of pending
}

// NewReader reads the first record from r, and the second too when the first is
// a header. Every error it returns is an *Error; one for an input without data
// records wraps ErrNoData.
func NewReader(r io.Reader) (*Reader, error) {
	cr := csv.NewReader(skipBOM(r))
	cr.FieldsPerRecord = -1
	cr.TrimLeadingSpace = true
	rd := &Reader{cr: cr}
	rec, line, err := rd.next()
	if err != nil {
		return nil, noData(err)
	}
	rd.width = len(rec)
	if isHeader(rec) {
		rd.header = trimAll(rec)
		if rec, line, err = rd.next(); err != nil {
			return nil, noData(err)
		}
	}
	rd.pending, rd.line = rec, line
	return rd, nil
}

// noData turns io.EOF before the first data record into an *Error wrapping
// ErrNoData.
func noData(err error) error {
	if err == io.EOF {
		return &Error{Msg: ErrNoData.Error(), Err: ErrNoData}
	}
	return err
}

// skipBOM returns a reader of r without its leading UTF-8 byte-order mark, if any.
func skipBOM(r io.Reader) io.Reader {
	br := bufio.NewReader(r)
	if b, err := br.Peek(3); err == nil && string(b) == "\ufeff" {
		br.Discard(3)
	}
	return br
}

// next returns the next record and its line, or io.EOF at the end of the input.
func (rd *Reader) next() ([]string, int, error) {
	rec, err := rd.cr.Read()
	if err == io.EOF {
		return nil, 0, io.EOF
	}
	if err != nil {
		var pe *csv.ParseError
		if errors.As(err, &pe) {
			return nil, 0, &Error{Line: pe.Line, Column: pe.Column, Msg: fmt.Sprint(pe.Err), Err: err}
		}
		return nil, 0, &Error{Msg: fmt.Sprint(err), Err: err}
	}
	line, _ := rd.cr.FieldPos(0)
	return rec, line, nil
}

// Header returns the column names, or nil if the table has no header row.
func (rd *Reader) Header() []string { return rd.header }

// Width returns the number of columns.
func (rd *Reader) Width() int { return rd.width }

// ReadRows reads up to max data records (max ≥ 1) into a new len×Width matrix.
// It returns io.EOF, and no matrix, once every record has been read; every other
// error is an *Error.
func (rd *Reader) ReadRows(max int) (*mat.Dense, error) {
	if max < 1 {
		panic("csvdata: ReadRows of fewer than one row")
	}
	data, err := rd.appendRows(nil, max)
	if err != nil {
		return nil, err
	}
	return mat.NewDense(len(data)/rd.width, rd.width, data), nil
}

// appendRows appends up to max records' fields to data; io.EOF if there were none.
func (rd *Reader) appendRows(data []float64, max int) ([]float64, error) {
	n := 0
	for ; n < max; n++ {
		rec, line := rd.pending, rd.line
		if rec != nil {
			rd.pending = nil
		} else {
			var err error
			if rec, line, err = rd.next(); err == io.EOF {
				break
			} else if err != nil {
				return nil, err
			}
		}
		var err error
		if data, err = rd.appendRecord(data, rec, line); err != nil {
			return nil, err
		}
	}
	if n == 0 {
		return nil, io.EOF
	}
	return data, nil
}

func (rd *Reader) appendRecord(data []float64, rec []string, line int) ([]float64, error) {
	if len(rec) != rd.width {
		return nil, &Error{Line: line, Msg: fmt.Sprintf("%d fields, want %d as in the first record", len(rec), rd.width)}
	}
	for j, field := range rec {
		v, msg := parseField(field)
		if msg != "" {
			return nil, rd.fieldError(line, j, msg)
		}
		data = append(data, v)
	}
	return data, nil
}

func (rd *Reader) fieldError(line, j int, msg string) *Error {
	e := &Error{Line: line, Column: j + 1, Msg: msg}
	if rd.header != nil {
		e.Name = textcut.Cut(rd.header[j])
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
		return 0, fmt.Sprintf("%q is out of the range of float64", textcut.Cut(s))
	case err != nil:
		return 0, fmt.Sprintf("%q is not a number", textcut.Cut(s))
	case math.IsNaN(v):
		return 0, fmt.Sprintf("%q is NaN", s)
	case math.IsInf(v, 0):
		return 0, fmt.Sprintf("%q is infinite", s)
	}
	return v, ""
}
