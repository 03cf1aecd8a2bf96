package csvdata

import (
	"errors"
	"io"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/textcut"
)

func TestReadGood(t *testing.T) {
	for _, tc := range []struct {
		name, in string
		header   []string
		want     [][]float64
	}{
		{"no header", "1,2\n3,4\n", nil, [][]float64{{1, 2}, {3, 4}}},
		{"header", "eruptions,waiting\n3.6,79\n1.8,54\n", []string{"eruptions", "waiting"}, [][]float64{{3.6, 79}, {1.8, 54}}},
		{"one column", "x\n-0.5\n1e-3\n", []string{"x"}, [][]float64{{-0.5}, {0.001}}},
		{"one row, no final newline", "0.1,0.2,0.3", nil, [][]float64{{0.1, 0.2, 0.3}}},
		{"spaces, CRLF, blank lines", " a , b \r\n 1 , 2\r\n\r\n3,  4 \r\n", []string{"a", "b"}, [][]float64{{1, 2}, {3, 4}}},
		{"quoted", "\"x, cm\",\"y\"\n\"1.5\",2\n", []string{"x, cm", "y"}, [][]float64{{1.5, 2}}},
		{"byte-order mark", "\ufeffx,y\n1,2\n", []string{"x", "y"}, [][]float64{{1, 2}}},
		{"byte-order mark, quoted header", "\ufeff\"x\",\"y\"\n1,2\n", []string{"x", "y"}, [][]float64{{1, 2}}},
		{"byte-order mark, no header", "\ufeff1,2\n", nil, [][]float64{{1, 2}}},
		{"exponents and signs", "+1E2,-2.5e-3\n.5,7.\n", nil, [][]float64{{100, -0.0025}, {0.5, 7}}},
		{"exact doubles", "0.30000000000000004,1.7976931348623157e308\n", nil, [][]float64{{0.30000000000000004, 1.7976931348623157e308}}},
	} {
		tab, err := Read(strings.NewReader(tc.in))
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if strings.Join(tab.Header, "|") != strings.Join(tc.header, "|") || (tab.Header == nil) != (tc.header == nil) {
			t.Errorf("%s: header %q, want %q", tc.name, tab.Header, tc.header)
		}
		want := mat.NewDense(len(tc.want), len(tc.want[0]), nil)
		for i, row := range tc.want {
			want.SetRow(i, row)
		}
		if !mat.Equal(tab.Data, want) {
			t.Errorf("%s: data\n%v\nwant\n%v", tc.name, mat.Formatted(tab.Data), mat.Formatted(want))
		}
	}
}

func TestReadBad(t *testing.T) {
	for _, tc := range []struct {
		name, in  string
		line, col int // line 0: the whole file
		want      string
	}{
		{"non-numeric", "x,y\n1,2\n3,abc\n", 3, 2, `line 3, column 2 (y): "abc" is not a number`},
		{"non-numeric no header", "1,2\n3,4\n5,6\nfoo,1\n", 4, 1, `line 4, column 1: "foo" is not a number`},
		{"mixed first record", "x,1\n2,3\n", 1, 1, `"x" is not a number`},
		{"NaN", "a,b\n1,NaN\n", 2, 2, `"NaN" is NaN`},
		{"nan first record", "nan,1\n", 1, 1, `"nan" is NaN`},
		{"Inf", "1,2\n-Inf,3\n", 2, 1, `"-Inf" is infinite`},
		{"infinity", "1,2\n3,+infinity\n", 2, 2, "infinite"},
		{"overflow", "1,2\n3,1e400\n", 2, 2, `"1e400" is out of the range of float64`},
		{"empty field", "1,2\n3,\n", 2, 2, "empty field"},
		{"blank quoted field", "1,2\n\"  \",4\n", 2, 1, "empty field"},
		{"short row", "a,b,c\n1,2,3\n4,5\n", 3, 0, "line 3: 2 fields, want 3"},
		{"long row", "1,2\n3,4\n\n5,6,7\n", 4, 0, "line 4: 3 fields, want 2"},
		{"ragged header", "a,b\n1,2,3\n", 2, 0, "line 2: 3 fields, want 2"},
		{"bare quote", "1,2\n3,4\"x\n", 2, 4, "line 2, column 4"},
		{"long field cut", "1,2\n3," + strings.Repeat("x", 1<<20) + "\n", 2, 2, `"` + strings.Repeat("x", textcut.Max) + `…" is not a number`},
		{"long number cut", "1,2\n3,1e" + strings.Repeat("9", 1000) + "\n", 2, 2, `"1e` + strings.Repeat("9", textcut.Max-2) + `…" is out of the range`},
		{"empty", "", 0, 0, "no data records"},
		{"header only", "a,b\n", 0, 0, "no data records"},
	} {
		tab, err := Read(strings.NewReader(tc.in))
		if err == nil {
			t.Errorf("%s: no error, data %v", tc.name, mat.Formatted(tab.Data))
			continue
		}
		if !strings.HasPrefix(err.Error(), "csvdata: ") || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %q, want it to contain %q", tc.name, err, tc.want)
		}
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%s: %v is not an *Error", tc.name, err)
			continue
		}
		if e.Line != tc.line || e.Column != tc.col {
			t.Errorf("%s: line %d column %d, want line %d column %d", tc.name, e.Line, e.Column, tc.line, tc.col)
		}
	}
}

func TestNoDataIsTyped(t *testing.T) {
	for _, in := range []string{"", "\n\n", "a,b\n", "\ufeff"} {
		_, err := Read(strings.NewReader(in))
		var e *Error
		if !errors.Is(err, ErrNoData) || !errors.As(err, &e) {
			t.Errorf("Read(%q): error %v, want ErrNoData", in, err)
		}
	}
}

func TestLongHeaderNameCut(t *testing.T) {
	name := strings.Repeat("é", 100) // 2 bytes a character: the cut must not split one
	_, err := Read(strings.NewReader("a," + name + "\n1,x\n"))
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %v, want an *Error", err)
	}
	if want := strings.Repeat("é", textcut.Max/2) + "…"; e.Name != want {
		t.Errorf("column name %q, want %q", e.Name, want)
	}
}

// TestReaderChunks reads a table in chunks of every size from 1 to past its
// length and checks that the chunks make up the table Read returns.
func TestReaderChunks(t *testing.T) {
	const in = "x,y\n1,2\n3,4\n\n5,6\n7,8\n9,10\n"
	whole, err := Read(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	n, _ := whole.Data.Dims()
	for size := 1; size <= n+1; size++ {
		rd, err := NewReader(strings.NewReader(in))
		if err != nil {
			t.Fatal(err)
		}
		if rd.Width() != 2 || strings.Join(rd.Header(), ",") != "x,y" {
			t.Fatalf("width %d, header %q", rd.Width(), rd.Header())
		}
		row := 0
		for {
			chunk, err := rd.ReadRows(size)
			if err == io.EOF {
				break
			}
			if err != nil {
				t.Fatal(err)
			}
			r, _ := chunk.Dims()
			if r > size || !mat.Equal(chunk, whole.Data.Slice(row, row+r, 0, 2)) {
				t.Fatalf("size %d: chunk at row %d\n%v", size, row, mat.Formatted(chunk))
			}
			row += r
		}
		if row != n {
			t.Errorf("size %d: %d rows, want %d", size, row, n)
		}
	}
}
