package main

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// FuzzFitScore runs `gmm fit -k K -covariance C -max-iter 20 -o model.json -` on
// fuzzed CSV and, when the fit succeeds, `gmm score -model model.json -` on the
// same CSV. Neither may panic; fit exits 0, 1 or 2 and prints nothing when it
// fails; a fitted model scores its own data with finite log-densities and
// responsibilities that sum to 1. Seeds: the f.Add calls and
// testdata/fuzz/FuzzFitScore.
func FuzzFitScore(f *testing.F) {
	f.Add("x,y\n1,2\n3,4\n5,7\n8,8\n", uint8(2), uint8(0))
	f.Add("1\n2\n3\n10\n11\n12\n", uint8(2), uint8(1))
	f.Add("a,b\n1,1\n1,1\n1,1\n", uint8(1), uint8(2))
	f.Add("1e-200,1\n2e-200,3\n3e-200,2\n", uint8(1), uint8(3))
	f.Add("1e300,1\n-1e300,3\n0,2\n", uint8(1), uint8(0))
	f.Add("\ufeff\"x\"\n1\n2\n", uint8(3), uint8(0))
	f.Fuzz(func(t *testing.T, data string, k, cov uint8) {
		types := []string{"full", "diag", "spherical", "tied"}
		ct := types[int(cov)%len(types)]
		model := filepath.Join(t.TempDir(), "model.json")
		out, errOut, code := gmmRun(t, data, "fit", "-k", strconv.Itoa(int(k%5)), "-covariance", ct,
			"-max-iter", "20", "-o", model, "-")
		switch {
		case code == 1 || code == 2:
			if out != "" || errOut == "" || len(errOut) > 600 {
				t.Fatalf("failed fit: exit %d, stdout %q, stderr %.300q", code, out, errOut)
			}
			return
		case code != 0:
			t.Fatalf("fit: exit %d, stderr %q", code, errOut)
		}
		out, errOut, code = gmmRun(t, data, "score", "-model", model, "-")
		if code != 0 {
			t.Fatalf("score of the training data: exit %d, stderr %q", code, errOut)
		}
		lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
		for _, line := range lines[1:] {
			fields := strings.Split(line, ",")
			lp, err := strconv.ParseFloat(fields[0], 64)
			if err != nil || math.IsNaN(lp) || math.IsInf(lp, 0) {
				t.Fatalf("log-density %q in row %q", fields[0], line)
			}
			var sum float64
			for _, s := range fields[2:] {
				v, err := strconv.ParseFloat(s, 64)
				if err != nil || !(v >= 0 && v <= 1) {
					t.Fatalf("responsibility %q in row %q", s, line)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Fatalf("responsibilities sum to %v in row %q", sum, line)
			}
		}
	})
}
