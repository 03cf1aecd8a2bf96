package gmm

import (
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm/internal/defaults"
)

// KMeansInit is the way KMeans seeds its centers.
type KMeansInit int

const (
	// KMeansPlusPlus seeds by greedy k-means++ (Arthur and Vassilvitskii 2007) as
	// scikit-learn does: each new center is the best, by the resulting inertia, of
	// 2 + ⌊log K⌋ candidates drawn with probability ∝ w_i D(x_i)², D(x_i) being the
	// distance to the nearest center chosen so far.
	KMeansPlusPlus KMeansInit = iota
	// KMeansRandom seeds with K distinct random rows (of positive weight).
	KMeansRandom
)

// Defaults used by KMeans for zero fields of KMeansSettings.
const (
	DefaultKMeansMaxIter = 300
	DefaultKMeansTol     = 1e-4
)

// KMeansSettings configures KMeans. The zero value (or a nil *KMeansSettings)
// means the defaults documented on each field.
type KMeansSettings struct {
	// MaxIter is the largest number of Lloyd iterations per run
	// (0: DefaultKMeansMaxIter = 300).
	MaxIter int
	// Tol stops a run when the centers move by a total squared distance of at most
	// Tol times the mean of the columns' variances, as scikit-learn (0:
	// DefaultKMeansTol = 1e-4; negative: only when no label changes). A run always
	// stops when no label changes.
	Tol float64
	// Restarts is the number of runs from different seeds; KMeans keeps the one of
	// lowest inertia (0: 1).
	Restarts int
	// Init chooses the seeding (default KMeansPlusPlus).
	Init KMeansInit
	// Centers, if not nil, is the K×D matrix of initial centers: KMeans runs once
	// from it, and Init and Restarts are ignored.
	Centers *mat.Dense
	// Src is the source of randomness of the seeding (nil: a fixed seed,
	// rand.NewPCG(1, 1)).
	Src rand.Source
	// Workers is the number of goroutines of each sweep (0: GOMAXPROCS). The
	// result does not depend on it.
	Workers int
}

// KMeansResult is the outcome of KMeans.
type KMeansResult struct {
	// Centers is the K×D matrix of the final centers, one per row.
	Centers *mat.Dense
	// Labels holds the index of the nearest center of every row.
	Labels []int
	// Inertia is Σ_i w_i |x_i − c_(label i)|².
	Inertia float64
	// Iterations is the number of Lloyd iterations of the best run.
	Iterations int
	// Converged reports whether the best run met a stopping rule (no label
	// changed, or the centers moved by at most the tolerance) within MaxIter.
	Converged bool
}

// KMeans clusters the rows of the n×D matrix x into k clusters by Lloyd's
// algorithm, each row weighted by weights[i] (nil: all ones): alternately assign
// every row to its nearest center (the lowest index on ties) and move every center
// to the weighted mean of its rows. A cluster left with no row of positive weight
// takes the row farthest from its center among clusters with at least two such
// rows. After the last iteration the rows are assigned once more, so that Labels
// and Inertia belong to Centers; only rows that tie between equal centers (the
// lowest index wins) can leave a cluster empty then.
//
// A nil s means the default KMeansSettings. KMeans returns an error for a NaN or
// Inf in x, k ≤ 0, fewer rows (of positive weight) than k, weights of the wrong
// length, negative or not finite, and initial centers that are not k×D or not
// finite.
func KMeans(x mat.Matrix, weights []float64, k int, s *KMeansSettings) (*KMeansResult, error) {
	cfg, err := newKMeansConfig(s)
	if err != nil {
		return nil, err
	}
	dense, checked, err := checkKMeansInput(x, weights, k, cfg.Centers)
	if err != nil {
		return nil, err
	}
	tol := cfg.Tol
	if tol > 0 {
		var mean float64
		for _, v := range weightedVariance(dense, weights) {
			mean += v
		}
		_, d := dense.Dims()
		tol *= mean / float64(d)
	}
	rng := rand.New(cfg.Src)
	var best *KMeansResult
	for r := 0; r < cfg.Restarts; r++ {
		res, err := lloyd(dense, weights, seedCenters(dense, weights, k, cfg, rng), cfg, tol, checked)
		if err != nil {
			return nil, err
		}
		if best == nil || res.Inertia < best.Inertia {
			best = res
		}
	}
	return best, nil
}

func newKMeansConfig(s *KMeansSettings) (*KMeansSettings, error) {
	cfg := &KMeansSettings{}
	if s != nil {
		*cfg = *s
	}
	if cfg.MaxIter < 0 || cfg.Restarts < 0 || cfg.Workers < 0 {
		return nil, errorf(ErrBadArgument, "negative MaxIter (%d), Restarts (%d) or Workers (%d)", cfg.MaxIter, cfg.Restarts, cfg.Workers)
	}
	if cfg.Init != KMeansPlusPlus && cfg.Init != KMeansRandom {
		return nil, errorf(ErrBadArgument, "unknown k-means initialisation %d", int(cfg.Init))
	}
	if math.IsNaN(cfg.Tol) {
		return nil, errorf(ErrBadArgument, "k-means tolerance is NaN")
	}
	if cfg.MaxIter == 0 {
		cfg.MaxIter = DefaultKMeansMaxIter
	}
	if cfg.Tol == 0 {
		cfg.Tol = DefaultKMeansTol
	}
	cfg.Restarts = max(cfg.Restarts, 1)
	if cfg.Centers != nil {
		cfg.Restarts = 1
	}
	if cfg.Src == nil {
		cfg.Src = defaults.Source()
	}
	return cfg, nil
}

// checkKMeansInput checks the arguments of KMeans and returns x as a *mat.Dense.
// When the initial centers are given and x is a *mat.Dense, it leaves the check
// that every number of x is finite to the first assignment sweep, which reads
// them anyway (see lloyd), and returns checked = false; it checks everything else
// as checkRows does, with its messages.
func checkKMeansInput(x mat.Matrix, weights []float64, k int, centers *mat.Dense) (dense *mat.Dense, checked bool, err error) {
	dense, isDense := x.(*mat.Dense)
	if centers == nil || !isDense || dense == nil || dense.IsEmpty() {
		if _, err := checkRows(x, weights, k, "cluster", 1); err != nil {
			return nil, false, err
		}
		checked = true
	} else if err := checkKMeansShape(dense, weights, k); err != nil {
		return nil, false, err
	}
	if centers != nil {
		_, d := x.Dims()
		if r, c := centers.Dims(); r != k || c != d {
			return nil, false, errorf(ErrBadShape, "initial centers are %d×%d, want %d×%d", r, c, k, d)
		}
		if err := CheckData(centers); err != nil {
			return nil, false, wrapf(err, "initial centers")
		}
	}
	return asDense(x), checked, nil
}

// checkKMeansShape is checkRows(x, weights, k, "cluster", 1) for a non-empty x
// without the scan for numbers that are not finite.
func checkKMeansShape(x *mat.Dense, weights []float64, k int) error {
	if k <= 0 {
		return errorf(ErrBadArgument, "k = %d: want at least one cluster", k)
	}
	if n, _ := x.Dims(); n < k {
		return errorf(ErrTooFewRows, "data has %d rows, fewer than k = %d clusters", n, k)
	}
	_, err := checkSampleWeights(weights, x.RawMatrix().Rows, k)
	return err
}

// seedCenters returns the K×D row-major initial centers of one run.
func seedCenters(x *mat.Dense, w []float64, k int, cfg *KMeansSettings, rng *rand.Rand) []float64 {
	if cfg.Centers != nil {
		return rawCenters(cfg.Centers)
	}
	if cfg.Init == KMeansRandom {
		n, d := x.Dims()
		centers := make([]float64, 0, k*d)
		for _, row := range randomRows(w, n, k, rng) {
			centers = append(centers, x.RawRowView(row)...)
		}
		return centers
	}
	return kmeansPlusPlus(x, w, k, rng)
}

// rawCenters copies a K×D matrix into a row-major slice.
func rawCenters(c mat.Matrix) []float64 {
	k, d := c.Dims()
	out := make([]float64, 0, k*d)
	for i := 0; i < k; i++ {
		out = append(out, mat.Row(nil, i, c)...)
	}
	return out
}

// lloyd runs Lloyd's algorithm from centers (K×D row-major, modified). If
// checked is false, the data have not been checked for numbers that are not
// finite: a NaN or an infinity in a row makes its distances and so the first
// sweep's inertia NaN or infinite (whatever its weight, 0 × ∞ being NaN), and
// only then is the data scanned (CheckData), for the error or, if the inertia
// merely overflowed, to go on.
func lloyd(x *mat.Dense, w []float64, centers []float64, cfg *KMeansSettings, tol float64, checked bool) (*KMeansResult, error) {
	n, d := x.Dims()
	k := len(centers) / d
	labels := make([]int, n)
	ks := newKMeansSweeper(x, w, k, cfg.Workers)
	st := newKMeansStats(k, d)
	res := &KMeansResult{}
	for res.Iterations < cfg.MaxIter {
		res.Iterations++
		ks.run(centers, labels, st)
		if res.Iterations == 1 {
			// Every row changed from the label −1 of no cluster (labels starts
			// at zeros, which the sweep compared with).
			st.changed = n
			if !checked && (math.IsNaN(st.inertia) || math.IsInf(st.inertia, 0)) {
				if err := CheckData(x); err != nil {
					return nil, err
				}
			}
		}
		stable := st.changed == 0 && !slices.Contains(st.weight, 0)
		moved := updateCenters(x, w, labels, centers, st)
		if stable {
			// No label changed and no cluster was refilled: the centers are the
			// means of the same clusters again (moved by rounding only), the labels
			// stand, and the inertia about the new centers follows without another
			// pass (see inertiaAfterUpdate).
			res.Converged = true
			res.Centers = mat.NewDense(k, d, centers)
			res.Labels, res.Inertia = labels, inertiaAfterUpdate(st)
			return res, nil
		}
		if st.changed == 0 || (tol >= 0 && moved <= tol) {
			res.Converged = true
			break
		}
	}
	ks.run(centers, labels, st)
	res.Centers = mat.NewDense(k, d, centers)
	res.Labels, res.Inertia = labels, st.inertia
	return res, nil
}

// inertiaAfterUpdate returns Σ_i w_i |x_i − c'_(label i)|² for the centers c' =
// c + S_k/W_k that updateCenters computed from st, the statistics of the same
// labels about c: since Σ_(i in k) w_i (x_i − c_k) = S_k, the sum about c' is
// st.inertia − Σ_k |S_k|²/W_k.
func inertiaAfterUpdate(st *kmeansStats) float64 {
	d := st.d
	in := st.inertia
	for c, wc := range st.weight {
		var s2 float64
		for _, v := range st.sums[c*d : (c+1)*d] {
			s2 += v * v
		}
		in -= s2 / wc
	}
	return in
}

// updateCenters moves every center to the weighted mean of its rows, from the
// statistics of the assignment to these centers, relocating empty clusters, and
// returns the total squared distance the centers moved.
func updateCenters(x *mat.Dense, w []float64, labels []int, centers []float64, st *kmeansStats) float64 {
	d := st.d
	k := len(st.weight)
	old := append([]float64(nil), centers...)
	var moves []relabel
	if slices.Contains(st.weight, 0) {
		moves = fillEmptyClusters(x, w, labels, old, k)
	}
	for _, m := range moves {
		xi, wi := x.RawRowView(m.row), rowWeight(w, m.row)
		st.weight[m.from] -= wi
		st.weight[m.to] += wi
		for j, v := range xi {
			st.sums[m.from*d+j] -= wi * (v - old[m.from*d+j])
			st.sums[m.to*d+j] += wi * (v - old[m.to*d+j])
		}
	}
	var moved float64
	for c := 0; c < k; c++ {
		if !(st.weight[c] > 0) {
			continue // no rows of positive weight at all: cannot happen when n ≥ k
		}
		for j := 0; j < d; j++ {
			step := st.sums[c*d+j] / st.weight[c]
			centers[c*d+j] = old[c*d+j] + step
			moved += step * step
		}
	}
	return moved
}

func rowWeight(w []float64, i int) float64 {
	if w == nil {
		return 1
	}
	return w[i]
}

// relabel records that row moved from cluster from to cluster to.
type relabel struct{ row, from, to int }

// fillEmptyClusters gives every cluster without a row of positive weight the
// positive-weight row farthest from its center among the clusters that have at
// least two such rows (the lowest row on ties), updating labels, and returns the
// moves. There is always such a row while fewer clusters than positive rows exist.
func fillEmptyClusters(x *mat.Dense, w []float64, labels []int, centers []float64, k int) []relabel {
	n, d := x.Dims()
	count := make([]int, k)
	for i, l := range labels {
		if rowWeight(w, i) > 0 {
			count[l]++
		}
	}
	var moves []relabel
	for c := 0; c < k; c++ {
		if count[c] > 0 {
			continue
		}
		far, farDist := -1, -1.0
		for i := 0; i < n; i++ {
			l := labels[i]
			if rowWeight(w, i) == 0 || count[l] < 2 {
				continue
			}
			if dist := sqDist(x.RawRowView(i), centers[l*d:(l+1)*d]); dist > farDist {
				far, farDist = i, dist
			}
		}
		if far < 0 {
			break
		}
		moves = append(moves, relabel{row: far, from: labels[far], to: c})
		count[labels[far]]--
		count[c]++
		labels[far] = c
	}
	return moves
}

func sqDist(a, b []float64) float64 {
	var s float64
	for j, v := range a {
		t := v - b[j]
		s += t * t
	}
	return s
}

// kmeansPlusPlus returns K centers (row-major) seeded by greedy k-means++.
func kmeansPlusPlus(x *mat.Dense, w []float64, k int, rng *rand.Rand) []float64 {
	n, d := x.Dims()
	trials := 2 + int(math.Log(float64(k)))
	centers := make([]float64, 0, k*d)
	first := weightedChoice(rowMass(w, nil, n), rng)
	centers = append(centers, x.RawRowView(first)...)
	closest := make([]float64, n)
	for i := range closest {
		closest[i] = sqDist(x.RawRowView(i), centers)
	}
	candDist := make([][]float64, trials)
	for t := range candDist {
		candDist[t] = make([]float64, n)
	}
	for c := 1; c < k; c++ {
		cum := rowMass(w, closest, n)
		bestT, bestPot, bestRow := -1, 0.0, 0
		for t := 0; t < trials; t++ {
			row := weightedChoice(cum, rng)
			if row < 0 { // every row sits on a center: any row of positive weight
				rows := positiveRows(w, n)
				row = rows[rng.IntN(len(rows))]
			}
			ctr := x.RawRowView(row)
			var pot float64
			for i := range closest {
				dist := min(closest[i], sqDist(x.RawRowView(i), ctr))
				candDist[t][i] = dist
				pot += rowWeight(w, i) * dist
			}
			if bestT < 0 || pot < bestPot {
				bestT, bestPot, bestRow = t, pot, row
			}
		}
		copy(closest, candDist[bestT])
		centers = append(centers, x.RawRowView(bestRow)...)
	}
	return centers
}

// rowMass returns the cumulative sums of w_i·f_i (w nil: ones; f nil: ones).
func rowMass(w, f []float64, n int) []float64 {
	cum := make([]float64, n)
	var sum float64
	for i := range cum {
		v := rowWeight(w, i)
		if f != nil {
			v *= f[i]
		}
		sum += v
		cum[i] = sum
	}
	return cum
}

// weightedChoice draws a row with probability proportional to its mass, given the
// cumulative masses, never one of zero mass; it returns −1 if all masses are 0.
func weightedChoice(cum []float64, rng *rand.Rand) int {
	total := cum[len(cum)-1]
	if !(total > 0) {
		return -1
	}
	u := rng.Float64() * total
	i := sort.Search(len(cum), func(i int) bool { return cum[i] > u })
	if i == len(cum) { // rounding: take the last row of positive mass
		for i = len(cum) - 1; i > 0 && cum[i] == cum[i-1]; i-- {
		}
	}
	return i
}
