package gmm_test

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
)

// kmeansLimit fits EM with fixed equal weights and a fixed shared covariance σ²I
// from the given centres, and compares it with Lloyd's k-means from the same
// centres: the share of identical assignments and the largest centre difference.
func kmeansLimit(t *testing.T, x *mat.Dense, centres *mat.Dense, variance float64, lloyd *gmm.KMeansResult) (same, diff float64) {
	t.Helper()
	start, err := gmm.NewEqualSpherical(centres, variance)
	if err != nil {
		t.Fatal(err)
	}
	r, err := gmm.Fit(x, nil, start.K(), &gmm.Settings{Covariance: gmm.Spherical, Init: gmm.InitMixture, Start: start,
		FixWeights: true, FixCovariances: true, Tol: gmm.NoTol, MaxIter: 100})
	if err != nil {
		t.Fatal(err)
	}
	n := len(r.Labels)
	for i, l := range r.Labels {
		if l == lloyd.Labels[i] {
			same++
		}
	}
	for k := 0; k < start.K(); k++ {
		for j, v := range r.Mixture.Mean(k) {
			diff = max(diff, math.Abs(v-lloyd.Centers.At(k, j)))
		}
	}
	return same / float64(n), diff
}

// TestKMeansAsLimitOfEM: EM with equal fixed weights and one shared fixed
// covariance σ²I is soft k-means; as σ² → 0 its responsibilities become Lloyd's
// hard assignments and its mean update Lloyd's centre update. From the same
// initial centres, at σ² = 1e-4 it reproduces Lloyd's assignments exactly and its
// centres to 1e-9; as σ² grows it departs.
func TestKMeansAsLimitOfEM(t *testing.T) {
	// Three clusters of standard deviation 4 at distance 17 from each other: a
	// few points between clusters, where soft and hard assignments differ.
	x, _ := separated(600, 3, 4, 7)
	centres := mat.NewDense(3, 2, nil)
	for k := 0; k < 3; k++ {
		centres.SetRow(k, x.RawRowView(3*k+k)) // rows 0, 4, 8: one in each cluster
	}
	lloyd, err := gmm.KMeans(x, nil, 3, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !lloyd.Converged {
		t.Fatal("Lloyd did not converge")
	}
	same, diff := kmeansLimit(t, x, centres, 1e-4, lloyd)
	if same != 1 || diff > 1e-9 {
		t.Errorf("σ² = 1e-4: %.4f of assignments identical, centres differ by %.3g", same, diff)
	}
	// Departure: the centre difference grows with σ² (beyond rounding), and by
	// σ² = 16 (the clusters' own variance) it is of the order of 0.1. The labels
	// (argmax of the responsibilities, the nearest EM centre) can stay Lloyd's
	// even then: the share of identical labels may only fall.
	prev, prevSame := diff, same
	for _, v := range []float64{0.01, 0.1, 1, 4, 16, 64} {
		same, diff := kmeansLimit(t, x, centres, v, lloyd)
		t.Log(fmt.Sprintf("σ² = %g: %.4f identical, centres differ by %.3g", v, same, diff))
		if diff < prev-1e-12 || same > prevSame {
			t.Errorf("σ² = %g: centre difference %.3g and share %.4f, %.3g and %.4f at a smaller σ²", v, diff, same, prev, prevSame)
		}
		if v == 16 && diff < 0.05 {
			t.Errorf("σ² = 16: centres differ by only %.3g", diff)
		}
		prev, prevSame = diff, same
	}

}
