package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// gmmRun runs the command line args in-process with stdin as standard input.
func gmmRun(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	code = run(args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), code
}

// gmmOK runs args and fails the test unless the command succeeds quietly.
func gmmOK(t *testing.T, stdin string, args ...string) string {
	t.Helper()
	out, errOut, code := gmmRun(t, stdin, args...)
	if code != 0 || errOut != "" {
		t.Fatalf("gmm %s: exit %d, stderr %q", strings.Join(args, " "), code, errOut)
	}
	return out
}

// gmmFails runs args and fails the test unless the command exits with code,
// prints nothing on standard output and a message containing want on standard
// error.
func gmmFails(t *testing.T, code int, want, stdin string, args ...string) {
	t.Helper()
	out, errOut, got := gmmRun(t, stdin, args...)
	if got != code || out != "" || !strings.Contains(errOut, want) {
		t.Errorf("gmm %s: exit %d, stdout %q, stderr %q; want exit %d, no stdout, stderr containing %q",
			strings.Join(args, " "), got, out, errOut, code, want)
	}
}

// writeTemp writes content to a new file named name in a temporary directory and
// returns its path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// parseCSV parses the command's CSV output into its header and numeric rows.
func parseCSV(t *testing.T, out string) ([]string, [][]float64) {
	t.Helper()
	recs, err := csv.NewReader(strings.NewReader(out)).ReadAll()
	if err != nil || len(recs) == 0 {
		t.Fatalf("output is not CSV (%v):\n%s", err, out)
	}
	rows := make([][]float64, len(recs)-1)
	for i, rec := range recs[1:] {
		rows[i] = make([]float64, len(rec))
		for j, f := range rec {
			v, err := strconv.ParseFloat(f, 64)
			if err != nil {
				t.Fatalf("row %d field %d: %v", i+1, j, err)
			}
			rows[i][j] = v
		}
	}
	return recs[0], rows
}

func TestUsage(t *testing.T) {
	out := gmmOK(t, "", "-h")
	for _, c := range commands {
		if !strings.Contains(out, "gmm "+c.name) {
			t.Errorf("gmm -h does not list %s:\n%s", c.name, out)
		}
		help := gmmOK(t, "", c.name, "-h")
		if !strings.HasPrefix(help, "Usage: gmm "+c.name) || !strings.Contains(help, "Flags:\n  -") {
			t.Errorf("gmm %s -h printed\n%s", c.name, help)
		}
		if again := gmmOK(t, "", "help", c.name); again != help {
			t.Errorf("gmm help %s differs from gmm %s -h", c.name, c.name)
		}
	}
	gmmFails(t, 2, "Usage:", "")
	gmmFails(t, 2, `unknown command "fitt"`, "", "fitt")
	gmmFails(t, 2, "flag provided but not defined: -bogus", "", "score", "-bogus", "x.csv")
}
