package csvdata

import (
	"bytes"
	"io"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// FuzzRead checks that Read never panics, that a table it returns is at least
// 1×1 and finite, that reading the same input in chunks of 3 rows gives the same
// table, and that an error message stays short whatever the input (fields are
// cut). Seeds: the f.Add calls and testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"x,y\n1,2\n3,4\n", "\ufeff\"a\",\"b\"\n1,2\n", "1\n", "", "a,b\n", "1,2\n3\n",
		"1,NaN\n", "1e400,1\n", " 1 , 2 \r\n\r\n3,4", "\"1\",\"2\"\n\"3\n", "x\n1e-320\n-0\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		tab, err := Read(bytes.NewReader(in))
		if err != nil {
			if len(err.Error()) > 400 {
				t.Fatalf("error of %d bytes: %.200s…", len(err.Error()), err)
			}
			return
		}
		n, d := tab.Data.Dims()
		if n < 1 || d < 1 || tab.Header != nil && len(tab.Header) != d {
			t.Fatalf("table %d×%d, header %q", n, d, tab.Header)
		}
		for i := 0; i < n; i++ {
			for _, v := range tab.Data.RawRowView(i) {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					t.Fatalf("row %d holds %v", i, v)
				}
			}
		}
		rd, err := NewReader(bytes.NewReader(in))
		if err != nil {
			t.Fatalf("Read succeeded, NewReader failed: %v", err)
		}
		row := 0
		for {
			chunk, err := rd.ReadRows(3)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatalf("Read succeeded, ReadRows failed: %v", err)
			}
			r, _ := chunk.Dims()
			if row+r > n || !mat.Equal(chunk, tab.Data.Slice(row, row+r, 0, d)) {
				t.Fatalf("chunk at row %d differs from Read", row)
			}
			row += r
		}
		if row != n {
			t.Fatalf("chunks hold %d rows, Read %d", row, n)
		}
	})
}
