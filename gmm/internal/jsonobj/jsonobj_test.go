package jsonobj

import (
	"encoding/json"
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
