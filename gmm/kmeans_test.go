package gmm_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// separated returns n rows from k clusters of standard deviation sd around centres
// on a circle of radius 10 in 2-D (row i from cluster i mod k), and those centres.
func separated(n, k int, sd float64, seed uint64) (*mat.Dense, [][]float64) {
	rnd := rand.New(rand.NewPCG(seed, seed))
	centres := make([][]float64, k)
	for c := range centres {
		a := 2 * math.Pi * float64(c) / float64(k)
		centres[c] = []float64{10 * math.Cos(a), 10 * math.Sin(a)}
	}
	x := mat.NewDense(n, 2, nil)
	for i := 0; i < n; i++ {
		c := centres[i%k]
		x.SetRow(i, []float64{c[0] + sd*rnd.NormFloat64(), c[1] + sd*rnd.NormFloat64()})
	}
	return x, centres
}

// checkKMeansResult checks a result against its definition: every label is the
// nearest centre, the inertia is the weighted sum of squared distances, and (when
// converged) every centre is the weighted mean of its rows.
func checkKMeansResult(t *testing.T, name string, x *mat.Dense, w []float64, r *gmm.KMeansResult) {
	t.Helper()
	n, d := x.Dims()
	k, _ := r.Centers.Dims()
	var inertia float64
	sums := make([]float64, k*d)
	counts := make([]float64, k)
	for i := 0; i < n; i++ {
		wi := 1.0
		if w != nil {
			wi = w[i]
		}
		best, bestDist := -1, math.Inf(1)
		for c := 0; c < k; c++ {
			if dist := sqDist(x.RawRowView(i), r.Centers.RawRowView(c)); dist < bestDist {
				best, bestDist = c, dist
			}
		}
		if r.Labels[i] != best {
			t.Fatalf("%s: row %d labelled %d, nearest centre %d", name, i, r.Labels[i], best)
		}
		inertia += wi * bestDist
		counts[best] += wi
		for j := 0; j < d; j++ {
			sums[best*d+j] += wi * x.At(i, j)
		}
	}
	if !scalar.EqualWithinRel(inertia, r.Inertia, 1e-12) {
		t.Errorf("%s: inertia %v, recomputed %v", name, r.Inertia, inertia)
	}
	if !r.Converged {
		return
	}
	for c := 0; c < k; c++ {
		for j := 0; j < d; j++ {
			if mean := sums[c*d+j] / counts[c]; !scalar.EqualWithinAbsOrRel(mean, r.Centers.At(c, j), 1e-10, 1e-10) {
				t.Errorf("%s: centre %d[%d] = %v, mean of its rows %v", name, c, j, r.Centers.At(c, j), mean)
			}
		}
	}
}

func TestKMeansDefinition(t *testing.T) {
	x := datasets.Faithful()
	for k := 1; k <= 5; k++ {
		for _, init := range []gmm.KMeansInit{gmm.KMeansPlusPlus, gmm.KMeansRandom} {
			r, err := gmm.KMeans(x, nil, k, &gmm.KMeansSettings{Init: init, Tol: -1})
			if err != nil {
				t.Fatal(err)
			}
			if !r.Converged {
				t.Errorf("k = %d: not converged in %d iterations", k, r.Iterations)
			}
			checkKMeansResult(t, "faithful", x, nil, r)
		}
	}
}

// TestKMeansPlusPlusFindsSeparatedClusters: on 8 well-separated clusters, every
// k-means++ seeding (single run) recovers the partition: each cluster's sample
// mean is one of the centres.
func TestKMeansPlusPlusFindsSeparatedClusters(t *testing.T) {
	x, _ := separated(800, 8, 0.5, 1)
	means := make([][]float64, 8)
	for c := range means {
		means[c] = make([]float64, 2)
		for i := c; i < 800; i += 8 {
			floats.Add(means[c], x.RawRowView(i))
		}
		floats.Scale(1.0/100, means[c])
	}
	for seed := uint64(0); seed < 10; seed++ {
		r, err := gmm.KMeans(x, nil, 8, &gmm.KMeansSettings{Src: rand.NewPCG(seed, 1)})
		if err != nil {
			t.Fatal(err)
		}
		for _, mean := range means {
			found := false
			for k := 0; k < 8; k++ {
				found = found || floats.EqualApprox(mean, r.Centers.RawRowView(k), 1e-12)
			}
			if !found {
				t.Errorf("seed %d: no centre at the cluster mean %v", seed, mean)
			}
		}
	}
}

// TestKMeansRestarts: more restarts from the same source never do worse, because
// the first restart is the single run.
func TestKMeansRestarts(t *testing.T) {
	x := datasets.Faithful()
	for seed := uint64(0); seed < 5; seed++ {
		one, err := gmm.KMeans(x, nil, 6, &gmm.KMeansSettings{Src: rand.NewPCG(seed, 2), Init: gmm.KMeansRandom})
		if err != nil {
			t.Fatal(err)
		}
		many, err := gmm.KMeans(x, nil, 6, &gmm.KMeansSettings{Src: rand.NewPCG(seed, 2), Init: gmm.KMeansRandom, Restarts: 10})
		if err != nil {
			t.Fatal(err)
		}
		if many.Inertia > one.Inertia {
			t.Errorf("seed %d: 10 restarts inertia %v > 1 run's %v", seed, many.Inertia, one.Inertia)
		}
	}
}

// TestKMeansEmptyCluster starts one centre far from every row: its cluster is
// empty after the first assignment and takes the farthest row instead.
func TestKMeansEmptyCluster(t *testing.T) {
	x := datasets.Faithful()
	centres := mat.NewDense(3, 2, []float64{2, 55, 4.5, 80, 1e6, 1e6})
	r, err := gmm.KMeans(x, nil, 3, &gmm.KMeansSettings{Centers: centres})
	if err != nil {
		t.Fatal(err)
	}
	count := make([]int, 3)
	for _, l := range r.Labels {
		count[l]++
	}
	for k, c := range count {
		if c == 0 {
			t.Errorf("cluster %d is empty: %v", k, mat.Formatted(r.Centers))
		}
	}
	checkKMeansResult(t, "empty cluster", x, nil, r)
	if centres.At(2, 0) != 1e6 {
		t.Error("KMeans modified Settings.Centers")
	}
}

// TestKMeansRepeatedPoint: 100 copies of one point into 2 clusters is not an error;
// both centres are the point and the inertia is 0.
func TestKMeansRepeatedPoint(t *testing.T) {
	x := mat.NewDense(100, 2, nil)
	for i := 0; i < 100; i++ {
		x.SetRow(i, []float64{3, -1})
	}
	r, err := gmm.KMeans(x, nil, 2, nil)
	if err != nil {
		t.Fatal(err)
	}
	if r.Inertia != 0 || !floats.Equal(r.Centers.RawRowView(0), []float64{3, -1}) || !floats.Equal(r.Centers.RawRowView(1), []float64{3, -1}) {
		t.Errorf("inertia %v, centres %v", r.Inertia, mat.Formatted(r.Centers))
	}
}

// TestKMeansWeightsAsReplication: integer weights cluster as the rows repeated.
func TestKMeansWeightsAsReplication(t *testing.T) {
	x := datasets.Faithful()
	w := make([]float64, 272)
	var rows []float64
	for i := range w {
		w[i] = float64(i%4 + 1)
		for j := 0; j < i%4+1; j++ {
			rows = append(rows, x.RawRowView(i)...)
		}
	}
	rep := mat.NewDense(len(rows)/2, 2, rows)
	centres := mat.NewDense(3, 2, []float64{2, 50, 3, 70, 4.5, 85})
	a, err := gmm.KMeans(x, w, 3, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	b, err := gmm.KMeans(rep, nil, 3, &gmm.KMeansSettings{Centers: centres, Tol: -1})
	if err != nil {
		t.Fatal(err)
	}
	if !scalar.EqualWithinRel(a.Inertia, b.Inertia, 1e-12) || !mat.EqualApprox(a.Centers, b.Centers, 1e-12) || a.Iterations != b.Iterations {
		t.Errorf("weighted: %v %v, replicated %v %v", a.Inertia, a.Iterations, b.Inertia, b.Iterations)
	}
	checkKMeansResult(t, "weighted", x, w, a)
}

func TestKMeansDeterministic(t *testing.T) {
	x, _ := separated(20000, 5, 3, 2)
	var ref *gmm.KMeansResult
	for _, workers := range []int{1, 2, 3} {
		r, err := gmm.KMeans(x, nil, 5, &gmm.KMeansSettings{Workers: workers})
		if err != nil {
			t.Fatal(err)
		}
		if ref == nil {
			ref = r
			continue
		}
		if r.Inertia != ref.Inertia || !mat.Equal(r.Centers, ref.Centers) || r.Iterations != ref.Iterations {
			t.Errorf("%d workers: inertia %v, 1 worker %v", workers, r.Inertia, ref.Inertia)
		}
	}
}

func TestKMeansBadInput(t *testing.T) {
	x := datasets.Faithful()
	badCentres := mat.NewDense(2, 2, []float64{1, 2, math.Inf(-1), 4})
	for _, c := range []struct {
		name string
		x    mat.Matrix
		w    []float64
		k    int
		s    *gmm.KMeansSettings
		want string
		kind error
	}{
		{"weights length", x, ones(3), 2, nil, "3 weights for 272 rows", gmm.ErrBadShape},
		{"weights zero", x, make([]float64, 272), 2, nil, "0 rows have a positive weight", gmm.ErrTooFewRows},
		{"centres shape", x, nil, 3, &gmm.KMeansSettings{Centers: mat.NewDense(2, 2, nil)}, "initial centers are 2×2, want 3×2", gmm.ErrBadShape},
		{"centres Inf", x, nil, 2, &gmm.KMeansSettings{Centers: badCentres}, "initial centers: data row 1, column 0 is -Inf", gmm.ErrNotFinite},
		{"MaxIter", x, nil, 2, &gmm.KMeansSettings{MaxIter: -3}, "negative MaxIter", gmm.ErrBadArgument},
		{"init", x, nil, 2, &gmm.KMeansSettings{Init: 5}, "unknown k-means initialisation 5", gmm.ErrBadArgument},
	} {
		r, err := gmm.KMeans(c.x, c.w, c.k, c.s)
		if err == nil || r != nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		if !strings.Contains(err.Error(), c.want) || !errors.Is(err, c.kind) {
			t.Errorf("%s: error %q, want it to contain %q and be %v", c.name, err, c.want, c.kind)
		}
	}
}

// TestKMeansNotFiniteFromCentres: with initial centers, KMeans leaves the scan for
// NaN and infinities to its first sweep; the error must be the one CheckData
// gives (the first bad number), wherever the number is, also in a row of weight
// zero, and data whose distances overflow without a bad number must still fit.
func TestKMeansNotFiniteFromCentres(t *testing.T) {
	x, _ := separated(9001, 3, 1, 4)
	centres := mat.NewDense(3, 2, []float64{1, 0, 0, 1, -1, -1})
	w := make([]float64, 9001)
	for i := range w {
		w[i] = 1
	}
	w[4500] = 0
	for _, c := range []struct {
		row, col int
		v        float64
		w        []float64
		want     string
	}{
		{0, 0, math.NaN(), nil, "data row 0, column 0 is NaN"},
		{9000, 1, math.Inf(-1), nil, "data row 9000, column 1 is -Inf"},
		{4500, 1, math.Inf(1), w, "data row 4500, column 1 is +Inf"},
		{4500, 0, math.NaN(), w, "data row 4500, column 0 is NaN"},
	} {
		bad := mat.DenseCopyOf(x)
		bad.Set(c.row, c.col, c.v)
		for _, workers := range []int{1, 2} {
			r, err := gmm.KMeans(bad, c.w, 3, &gmm.KMeansSettings{Centers: centres, Workers: workers})
			if r != nil || !errors.Is(err, gmm.ErrNotFinite) || err.Error() != "gmm: "+c.want {
				t.Errorf("%v at row %d, column %d (weights %v): %v, %v; want %q", c.v, c.row, c.col, c.w != nil, r, err, c.want)
			}
		}
	}
	// Each row's distance, 1.21e308, is finite; the first sweep's inertia is not.
	huge := mat.NewDense(4, 1, []float64{-1.2e154, -1.2e154, 1.2e154, 1.2e154})
	r, err := gmm.KMeans(huge, nil, 2, &gmm.KMeansSettings{Centers: mat.NewDense(2, 1, []float64{-1e153, 1e153})})
	if err != nil || !slices.Equal(r.Labels, []int{0, 0, 1, 1}) || r.Centers.At(1, 0) != 1.2e154 || r.Inertia != 0 {
		t.Errorf("data at ±1.2e154: %v, %+v; want two clusters", err, r)
	}
}
