package gmm_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats"
	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
)

// TestSelectMatchesScikitLearn: Select over K = 1..4 with tied covariances on Old
// Faithful gives scikit-learn's BIC for every K, and marks the lowest BIC (K = 3)
// and the lowest AIC (K = 4).
func TestSelectMatchesScikitLearn(t *testing.T) {
	// K = 1..3: sklearnBest (fit_sklearn_data_test.go). K = 4: scikit-learn 1.2.1
	// (Debian python3-sklearn), GaussianMixture(n_components=4,
	// covariance_type="tied", n_init=50, tol=1e-8, max_iter=10000,
	// random_state=0).fit(X).bic(X), as in gmm/cmd/gmm/select_test.go.
	var want []float64
	for _, ref := range sklearnBest {
		if ref.covariance == "tied" {
			want = append(want, ref.properBIC)
		}
	}
	want = append(want, 2320.137496)
	cands, err := gmm.Select(datasets.Faithful(), nil, []int{1, 2, 3, 4}, []gmm.CovarianceType{gmm.Tied},
		&gmm.Settings{Restarts: 5, Tol: 1e-10, MaxIter: 20000, Src: rand.NewPCG(1, 2)})
	if err != nil {
		t.Fatal(err)
	}
	if len(cands) != 4 {
		t.Fatalf("%d candidates, want 4", len(cands))
	}
	for i, c := range cands {
		k := i + 1
		if c.K != k || c.Covariance != gmm.Tied || c.Err != nil || c.Result == nil {
			t.Fatalf("candidate %d: %v K = %d, error %v", i, c.Covariance, c.K, c.Err)
		}
		// 1e-8 relative (2e-5 here): the K = 4 reference stopped at tol=1e-8 on
		// the mean log-likelihood, 1.4e-5 above the optimum in BIC.
		if !scalar.EqualWithinRel(c.BIC, want[i], 1e-8) {
			t.Errorf("K = %d: BIC %.9f, scikit-learn %.9f", k, c.BIC, want[i])
		}
		// p = K−1 weights + 2K means + 3 for the shared covariance.
		p := 3*k + 2
		if c.NumParams != p || c.AIC != c.BIC-float64(p)*math.Log(272)+2*float64(p) {
			t.Errorf("K = %d: %d parameters, AIC %v; want %d and BIC − p log N + 2p", k, c.NumParams, c.AIC, p)
		}
		if c.BestBIC != (k == 3) || c.BestAIC != (k == 4) {
			t.Errorf("K = %d: best BIC %v, best AIC %v; want the lowest BIC at K = 3 and AIC at K = 4", k, c.BestBIC, c.BestAIC)
		}
	}
}

// splitMix is a rand.Source that Select cannot copy: SplitMix64 (Steele, Lea
// and Flood 2014), a counter and a mixing function.
type splitMix struct{ state uint64 }

func (s *splitMix) Uint64() uint64 {
	s.state += 0x9e3779b97f4a7c15
	z := s.state
	z = (z ^ z>>30) * 0xbf58476d1ce4e5b9
	z = (z ^ z>>27) * 0x94d049bb133111eb
	return z ^ z>>31
}

// TestSelectRowsAreFits: every candidate is exactly Fit with the same settings
// and a fresh source in the state Select was given, for each kind of source
// (those Select copies, a *rand.Rand and a source of another package's kind,
// which it replays); and Select leaves a source it copies alone.
func TestSelectRowsAreFits(t *testing.T) {
	x := datasets.Faithful()
	for _, src := range []func() rand.Source{
		func() rand.Source { return nil },
		func() rand.Source { return rand.NewPCG(7, 8) },
		func() rand.Source { return rand.NewChaCha8([32]byte{1, 2, 3}) },
		func() rand.Source { return rand.New(rand.NewPCG(7, 8)) },
		func() rand.Source { return &splitMix{state: 42} },
	} {
		s := &gmm.Settings{Init: gmm.InitRandomPoints, Restarts: 3, Src: src()}
		cands, err := gmm.Select(x, nil, []int{2, 3}, nil, s)
		if err != nil {
			t.Fatal(err)
		}
		if len(cands) != 8 {
			t.Fatalf("%d candidates, want 8", len(cands))
		}
		for i, c := range cands {
			if want := gmm.CovarianceTypes()[i/2]; c.Covariance != want || c.K != 2+i%2 {
				t.Errorf("candidate %d is %v K = %d, want %v K = %d", i, c.Covariance, c.K, want, 2+i%2)
			}
			r, err := gmm.Fit(x, nil, c.K, &gmm.Settings{Covariance: c.Covariance, Init: gmm.InitRandomPoints, Restarts: 3, Src: src()})
			if err != nil {
				t.Fatal(err)
			}
			if c.LogLikelihood != r.LogLikelihood || c.BIC != r.BIC || c.AIC != r.AIC || c.NumParams != r.NumParams ||
				c.Result.Iterations != r.Iterations || !mat.Equal(c.Result.Mixture.CovarianceMatrixTo(nil, 0), r.Mixture.CovarianceMatrixTo(nil, 0)) {
				t.Errorf("%T %v K = %d: Select gives log-likelihood %v BIC %v, Fit %v %v", s.Src, c.Covariance, c.K, c.LogLikelihood, c.BIC, r.LogLikelihood, r.BIC)
			}
		}
		_, pcg := s.Src.(*rand.PCG)
		_, chacha := s.Src.(*rand.ChaCha8)
		if (pcg || chacha) && s.Src.Uint64() != src().Uint64() {
			t.Errorf("%T: Select drew from the source it was given", s.Src)
		}
	}
}

// TestSelectFailedFits: a K that cannot be fitted is a candidate with its error
// and NaN criteria, and the best are chosen among the others; Select fails only
// when every fit does.
func TestSelectFailedFits(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 2, 2, 1, 5, 6, 6, 5.5})
	cands, err := gmm.Select(x, nil, []int{1, 2, 5}, []gmm.CovarianceType{gmm.Spherical}, nil)
	if err != nil {
		t.Fatal(err)
	}
	bad := cands[2]
	if !errors.Is(bad.Err, gmm.ErrTooFewRows) || !strings.Contains(bad.Err.Error(), "4 rows, fewer than k = 5") || bad.Result != nil ||
		!math.IsNaN(bad.BIC) || !math.IsNaN(bad.AIC) || !math.IsNaN(bad.LogLikelihood) || bad.NumParams != 0 || bad.BestBIC || bad.BestAIC {
		t.Errorf("K = 5 > N = 4: %+v", bad)
	}
	if cands[0].Err != nil || cands[1].Err != nil || cands[0].BestBIC == cands[1].BestBIC {
		t.Errorf("K = 1, 2: errors %v %v, best BIC %v %v", cands[0].Err, cands[1].Err, cands[0].BestBIC, cands[1].BestBIC)
	}
	_, err = gmm.Select(x, nil, []int{5, 6}, nil, nil)
	if err == nil || !strings.Contains(err.Error(), "gmm: every fit failed; the first (full, K = 5): data has 4 rows") || !errors.Is(err, gmm.ErrTooFewRows) {
		t.Errorf("every fit failing: error %v", err)
	}
}

// TestSelectBadArguments: arguments that no fit could use are an error at once.
func TestSelectBadArguments(t *testing.T) {
	x := datasets.Faithful()
	withNaN := mat.DenseCopyOf(x)
	withNaN.Set(7, 1, math.NaN())
	start, err := gmm.New([]float64{1}, [][]float64{{3, 70}}, []mat.Symmetric{eye(2)})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name  string
		x     mat.Matrix
		w     []float64
		ks    []int
		types []gmm.CovarianceType
		s     *gmm.Settings
		want  string
	}{
		{"no K", x, nil, nil, nil, nil, "at least one K"},
		{"K = 0", x, nil, []int{1, 0}, nil, nil, "k = 0"},
		{"covariance type", x, nil, []int{1}, []gmm.CovarianceType{gmm.Full, 7}, nil, "unknown covariance type 7"},
		{"start", x, nil, []int{1}, nil, &gmm.Settings{Init: gmm.InitMixture, Start: start}, "cannot start from Settings.Start"},
		{"settings", x, nil, []int{1}, nil, &gmm.Settings{MaxIter: -1}, "negative MaxIter"},
		{"NaN", withNaN, nil, []int{1}, nil, nil, "row 7, column 1 is NaN"},
		{"weights", x, ones(3), []int{1}, nil, nil, "3 weights for 272 rows"},
	} {
		cands, err := gmm.Select(c.x, c.w, c.ks, c.types, c.s)
		if err == nil || cands != nil || !strings.HasPrefix(err.Error(), "gmm: ") || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: %d candidates, error %v; want an error containing %q", c.name, len(cands), err, c.want)
		}
	}
}

// blobs returns n rows in two dimensions around three centres sep apart (the
// clusters' standard deviations are 1 to 2), drawn from a seeded source, and
// integer weights 0…3 for them.
func blobs(n int, sep float64) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(11, 12))
	centres := [][]float64{{0, 0}, {sep, 0}, {0, sep}}
	x := mat.NewDense(n, 2, nil)
	w := make([]float64, n)
	for i := 0; i < n; i++ {
		c := centres[i%3]
		x.Set(i, 0, c[0]+rng.NormFloat64()*(1+0.5*float64(i%3)))
		x.Set(i, 1, c[1]+0.3*x.At(i, 0)+rng.NormFloat64())
		w[i] = float64(rng.IntN(4))
	}
	return x, w
}

// repeatRows returns x with row i repeated w[i] times.
func repeatRows(x *mat.Dense, w []float64) *mat.Dense {
	_, d := x.Dims()
	var data []float64
	for i, wi := range w {
		for r := 0; r < int(wi); r++ {
			data = append(data, x.RawRowView(i)...)
		}
	}
	return mat.NewDense(len(data)/d, d, data)
}

// TestSelectModelsWeightsAreRepeatedRows: SelectModels with integer weights
// (some 0) gives the log-likelihood, BIC and ICL of SelectModels on the data with
// every row repeated w_i times, for every model and K = 1 and 3, to 1e-9
// relative. The three clusters are 10 apart (5 to 10 standard deviations), so
// that K = 3 has one optimum that the starts on either data set reach, and EM
// converges in a few iterations (at K = 2 the starts pick which two clusters to
// merge); yet they overlap enough that ICL's classification term (about 1e-5)
// shows whether it is weighted. Each of the three uses of the weights (the fits,
// BIC's N, ICL) dropped in turn fails every K = 3 row.
func TestSelectModelsWeightsAreRepeatedRows(t *testing.T) {
	x, w := blobs(60, 10)
	rep := repeatRows(x, w)
	ks := []int{1, 3}
	s := func() *gmm.SelectSettings { return &gmm.SelectSettings{Restarts: 1, Src: rand.NewPCG(3, 4)} }
	weighted, err := gmm.SelectModels(x, w, gmm.Models(), ks, s())
	if err != nil {
		t.Fatal(err)
	}
	repeated, err := gmm.SelectModels(rep, nil, gmm.Models(), ks, s())
	if err != nil {
		t.Fatal(err)
	}
	for i, a := range weighted {
		b := repeated[i]
		if a.Model != b.Model || a.K != b.K || a.NumParams != b.NumParams ||
			!scalar.EqualWithinRel(a.LogLikelihood, b.LogLikelihood, 1e-9) ||
			!scalar.EqualWithinRel(a.BIC, b.BIC, 1e-9) || !scalar.EqualWithinRel(a.ICL, b.ICL, 1e-9) {
			t.Errorf("%v K = %d: weighted log L %.12g BIC %.12g ICL %.12g; repeated rows %.12g %.12g %.12g",
				a.Model, a.K, a.LogLikelihood, a.BIC, a.ICL, b.LogLikelihood, b.BIC, b.ICL)
		}
	}
}

// TestSelectModelsBadWeights: weights no fit can use are a typed error at once.
func TestSelectModelsBadWeights(t *testing.T) {
	x, w := blobs(30, 20)
	negative := append([]float64(nil), w...)
	negative[4] = -1
	nan := append([]float64(nil), w...)
	nan[2] = math.NaN()
	one := make([]float64, 30)
	one[7] = 1
	for _, c := range []struct {
		name string
		w    []float64
		want error
	}{
		{"length", w[:29], gmm.ErrBadShape},
		{"negative", negative, gmm.ErrBadWeights},
		{"NaN", nan, gmm.ErrBadWeights},
		{"one positive row", one, gmm.ErrTooFewRows},
		{"tiny sum", floats.ScaleTo(make([]float64, 30), 1e-300, ones(30)), gmm.ErrScale},
	} {
		rows, err := gmm.SelectModels(x, c.w, []gmm.Model{gmm.EII}, []int{1}, nil)
		if !errors.Is(err, c.want) || rows != nil {
			t.Errorf("%s: %d rows, error %v; want %v", c.name, len(rows), err, c.want)
		}
	}
}
