package main

import (
	"math"
	"path/filepath"
	"testing"
)

// TestFitStream checks that fit -stream gives fit's result on Old Faithful (its
// 272 rows all in the sample, so the same k-means start) for every covariance
// type.
func TestFitStream(t *testing.T) {
	data := filepath.Join("testdata", "faithful.csv")
	for _, cov := range []string{"full", "diag", "spherical", "tied"} {
		args := []string{"fit", "-k", "2", "-covariance", cov, "-init", "kmeans", "-tol", "1e-9", "-max-iter", "500"}
		want := decodeReport(t, gmmOK(t, "", append(args, data)...))
		got := decodeReport(t, gmmOK(t, "", append(args, "-stream", data)...))
		if rel := math.Abs(got.LogLikelihood-want.LogLikelihood) / math.Abs(want.LogLikelihood); rel > 1e-10 ||
			got.Iterations != want.Iterations || got.NParameters != want.NParameters {
			t.Errorf("%s: -stream log-likelihood %.15g (%d iterations), fit's %.15g (%d): %.2g relative",
				cov, got.LogLikelihood, got.Iterations, want.LogLikelihood, want.Iterations, rel)
		}
	}
}

func TestFitStreamUsage(t *testing.T) {
	gmmFails(t, 2, "not standard input", "1,2\n3,4\n", "fit", "-k", "1", "-stream", "-")
	data := filepath.Join("testdata", "faithful.csv")
	gmmFails(t, 2, "-restarts must be 1", "", "fit", "-k", "2", "-stream", "-restarts", "3", data)
	gmmFails(t, 1, "is not a number", "", "fit", "-k", "1", "-stream", writeTemp(t, "bad.csv", "1,2\n3,x\n4,5\n"))
}
