package jsonobj

import (
	"bytes"
	"encoding/json"
	"io"
	"testing"
)

func TestFieldPerLine(t *testing.T) {
	got, err := FieldPerLine([]byte(`{"k":2,"name":"a \"b\"","means":[[0,1.5],[2,3]],"o":{"x":null}}`))
	if err != nil {
		t.Fatal(err)
	}
	want := "{\n  \"k\": 2,\n  \"name\": \"a \\\"b\\\"\",\n  \"means\": [[0,1.5],[2,3]],\n  \"o\": {\"x\":null}\n}\n"
	if string(got) != want {
		t.Errorf("got\n%s\nwant\n%s", got, want)
	}
	if !json.Valid(got) {
		t.Error("output is not valid JSON")
	}
	empty, err := FieldPerLine([]byte(`{}`))
	if err != nil || string(empty) != "{\n}\n" {
		t.Errorf("empty object: %q, %v", empty, err)
	}
	for _, bad := range []string{`[1,2]`, ``, `{"k":`, `3`} {
		if out, err := FieldPerLine([]byte(bad)); err == nil {
			t.Errorf("FieldPerLine(%q) = %q, want an error", bad, out)
		}
	}
}

// TestExtend checks that Extend gives FieldPerLine of the merged object, for a
// first object written in pieces of every size, and refuses a first object not
// laid out by FieldPerLine.
func TestExtend(t *testing.T) {
	first, err := FieldPerLine([]byte(`{"k":2,"means":[[0,1.5],[2,3]]}`))
	if err != nil {
		t.Fatal(err)
	}
	want, err := FieldPerLine([]byte(`{"k":2,"means":[[0,1.5],[2,3]],"bic":-3.5,"ok":true}`))
	if err != nil {
		t.Fatal(err)
	}
	for piece := 1; piece <= len(first); piece++ {
		var got bytes.Buffer
		err := Extend(&got, func(w io.Writer) error {
			for b := first; len(b) > 0; b = b[min(piece, len(b)):] {
				if _, err := w.Write(b[:min(piece, len(b))]); err != nil {
					return err
				}
			}
			return nil
		}, []byte(`{"bic":-3.5,"ok":true}`))
		if err != nil || got.String() != string(want) {
			t.Fatalf("pieces of %d: got\n%s\nwant\n%s (%v)", piece, got.String(), want, err)
		}
	}
	var got bytes.Buffer
	if err := Extend(&got, func(w io.Writer) error { _, err := w.Write(first); return err }, []byte(`{}`)); err != nil || got.String() != string(first) {
		t.Errorf("no fields added: got %q, want %q (%v)", got.String(), first, err)
	}
	compact := func(w io.Writer) error { _, err := io.WriteString(w, `{"k":2}`); return err }
	if err := Extend(io.Discard, compact, []byte(`{"bic":1}`)); err == nil {
		t.Error("a compact first object: no error")
	}
}
