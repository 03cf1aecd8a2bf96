// Package jsonobj lays out JSON objects for people to read, for package gmm's
// model files and the gmm command's reports.
package jsonobj

import (
	"bytes"
	"encoding/json"
	"fmt"
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
