package textcut

import (
	"strings"
	"testing"
)

func TestCut(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"", ""},
		{strings.Repeat("a", Max), strings.Repeat("a", Max)},
		{strings.Repeat("a", Max+1), strings.Repeat("a", Max) + "…"},
		// "é" is 2 bytes: byte Max is the first of one, so the cut falls before it.
		{"a" + strings.Repeat("é", Max), "a" + strings.Repeat("é", (Max-1)/2) + "…"},
	} {
		if got := Cut(c.in); got != c.want {
			t.Errorf("Cut(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}
