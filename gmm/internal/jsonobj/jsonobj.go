// Package jsonobj lays out JSON objects for people to read, for package gmm's
// model files and the gmm command's reports.
package jsonobj

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
)

// FieldPerLine rewrites the compact JSON object obj with one top-level field per
// line, indented by two spaces, and a newline after the closing brace. Each
// value keeps its compact form, so a matrix stays on one line. It returns an
// error if obj is not a JSON object.
func FieldPerLine(obj []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(obj))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("jsonobj: not a JSON object (%v, %v)", tok, err)
	}
	var buf bytes.Buffer
	buf.WriteString("{")
	for i := 0; dec.More(); i++ {
		key, err := dec.Token()
		if err != nil {
			return nil, fmt.Errorf("jsonobj: %w", err)
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, fmt.Errorf("jsonobj: %w", err)
		}
		name, err := json.Marshal(key)
		if err != nil {
			return nil, fmt.Errorf("jsonobj: %w", err)
		}
		if i > 0 {
			buf.WriteString(",")
		}
		fmt.Fprintf(&buf, "\n  %s: %s", name, val)
	}
	buf.WriteString("\n}\n")
	return buf.Bytes(), nil
}

// Extend writes to w the object that write writes in FieldPerLine's layout,
// followed by the fields of the compact JSON object obj: FieldPerLine of the
// two objects' fields together. The first object streams through (only its
// closing "\n}\n" is held back), so that a large one is never held in memory.
// It returns an error if obj is not a JSON object or the first object does not
// end as FieldPerLine's do.
func Extend(w io.Writer, write func(io.Writer) error, obj []byte) error {
	tail, err := FieldPerLine(obj)
	if err != nil {
		return err
	}
	h := &holdWriter{w: w, n: len(closing)}
	if err := write(h); err != nil {
		return err
	}
	if string(h.held) != closing {
		return fmt.Errorf("jsonobj: the object written does not end with %q", closing)
	}
	if string(tail) == "{"+closing {
		_, err = io.WriteString(w, closing)
		return err
	}
	_, err = io.WriteString(w, ","+string(tail[1:]))
	return err
}

// closing ends an object laid out by FieldPerLine.
const closing = "\n}\n"

// holdWriter passes on to w all but the last n bytes written to it.
type holdWriter struct {
	w    io.Writer
	n    int
	held []byte
}

func (h *holdWriter) Write(p []byte) (int, error) {
	h.held = append(h.held, p...)
	if over := len(h.held) - h.n; over > 0 {
		if _, err := h.w.Write(h.held[:over]); err != nil {
			return 0, err
		}
		h.held = append(h.held[:0], h.held[over:]...)
	}
	return len(p), nil
}
