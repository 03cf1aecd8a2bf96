package main

import (
	"bufio"
	"strconv"
)

// csvWriter writes CSV rows of numbers and plain names (no quoting is needed:
// callers write only names without commas, quotes or newlines).
type csvWriter struct {
	buf   *bufio.Writer
	fresh bool // at the start of a row
}

func newCSVWriter(buf *bufio.Writer) *csvWriter { return &csvWriter{buf: buf, fresh: true} }

func (w *csvWriter) sep() {
	if !w.fresh {
		w.buf.WriteByte(',')
	}
	w.fresh = false
}

// float writes v in the shortest form that parses back to v.
func (w *csvWriter) float(v float64) {
	w.sep()
	w.buf.Write(strconv.AppendFloat(w.buf.AvailableBuffer(), v, 'g', -1, 64))
}

func (w *csvWriter) int(v int) {
	w.sep()
	w.buf.Write(strconv.AppendInt(w.buf.AvailableBuffer(), int64(v), 10))
}

// strings writes one whole row of names.
func (w *csvWriter) strings(names []string) {
	for _, s := range names {
		w.sep()
		w.buf.WriteString(s)
	}
	w.end()
}

func (w *csvWriter) end() {
	w.buf.WriteByte('\n')
	w.fresh = true
}
