package book

import (
	"math/rand/v2"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"

	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
)

func TestGroupMeansMatchesStatMean(t *testing.T) {
	x := mat.NewDense(5, 2, []float64{1, 10, 2, 20, 3, 30, 4, 40, 6, 60})
	labels := []int{0, 1, 0, 1, 1}
	got, err := GroupMeans(x, labels, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{
		{stat.Mean([]float64{1, 3}, nil), stat.Mean([]float64{10, 30}, nil)},
		{stat.Mean([]float64{2, 4, 6}, nil), stat.Mean([]float64{20, 40, 60}, nil)},
	}
	for g := range want {
		for j := range want[g] {
			if !scalar.EqualWithinAbs(got[g][j], want[g][j], 1e-12) {
				t.Errorf("group %d coordinate %d: got %v, want %v", g, j, got[g][j], want[g][j])
			}
		}
	}
}

func TestGroupMeansRecoversArticleDMeans(t *testing.T) {
	x, labels := ArticleDData(rand.NewPCG(2, 2))
	got, err := GroupMeans(x, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	// 100 unit-variance points per group: the sd of a group mean is 0.1.
	for k, m := range got {
		for j := range m {
			if !scalar.EqualWithinAbs(m[j], ArticleDMeans[k][j], 0.4) {
				t.Errorf("group %d coordinate %d: %v, true mean %v", k, j, m[j], ArticleDMeans[k][j])
			}
		}
	}
}

func TestGroupMeansErrors(t *testing.T) {
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	for _, tc := range []struct {
		labels []int
		want   string
	}{
		{[]int{0, 1}, "2 labels for 3 rows"},
		{[]int{0, 2, 1}, "label 2 of row 1"},
		{[]int{0, -1, 1}, "label -1 of row 1"},
		{[]int{0, 0, 0}, "group 1 has no rows"},
	} {
		_, err := GroupMeans(x, tc.labels, 2)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("labels %v: error %v, want one containing %q", tc.labels, err, tc.want)
		}
	}
}

func TestGroupCovariancesClosedForm(t *testing.T) {
	// Group 0: rows (1, 2), (3, 6): variances 2 and 8, covariance 4 (divisor 1).
	// Group 1: rows (0, 0), (2, 0), (4, 3): variances 4 and 3, covariance 3 (divisor 2).
	x := mat.NewDense(5, 2, []float64{1, 2, 0, 0, 3, 6, 2, 0, 4, 3})
	got, err := GroupCovariances(x, []int{0, 1, 0, 1, 1}, 2)
	if err != nil {
		t.Fatal(err)
	}
	want := [][]float64{{2, 4, 8}, {4, 3, 3}} // (1,1), (2,1), (2,2)
	for g := range want {
		c := got[g]
		for i, v := range []float64{c.At(0, 0), c.At(1, 0), c.At(1, 1)} {
			if !scalar.EqualWithinAbs(v, want[g][i], 1e-12) {
				t.Errorf("group %d entry %d: got %v, want %v", g, i, v, want[g][i])
			}
		}
	}
}

func TestGroupCovariancesRecoversIdentity(t *testing.T) {
	x, labels := ArticleDData(rand.NewPCG(2, 2))
	covs, err := GroupCovariances(x, labels, 3)
	if err != nil {
		t.Fatal(err)
	}
	// Unit-variance components, 100 points each: the sd of a sample variance is
	// about 0.14 and of a sample covariance about 0.1, so 0.5 is 3.5 sd or more.
	for g, c := range covs {
		for i, want := range []float64{c.At(0, 0) - 1, c.At(1, 0), c.At(1, 1) - 1} {
			if !scalar.EqualWithinAbs(want, 0, 0.5) {
				t.Errorf("group %d entry %d: %v away from the identity", g, i, want)
			}
		}
	}
}

func TestGroupCovariancesErrors(t *testing.T) {
	x := mat.NewDense(3, 1, []float64{1, 2, 3})
	for _, tc := range []struct {
		labels []int
		want   string
	}{
		{[]int{0, 0}, "2 labels for 3 rows"},
		{[]int{0, 3, 0}, "label 3 of row 1"},
		{[]int{0, 1, 0}, "group 1 has 1 rows"},
	} {
		_, err := GroupCovariances(x, tc.labels, 2)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("labels %v: error %v, want one containing %q", tc.labels, err, tc.want)
		}
	}
}

// CachedNUTS gives the posterior NUTS gives, from the sampler or from the cache.
func TestCachedNUTSMatchesNUTS(t *testing.T) {
	x, _ := ArticleDData(rand.NewPCG(2, 2))
	model, err := bayes.NewModel(x, 3, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	settings := func() *mcmc.Settings {
		return &mcmc.Settings{Chains: 2, Warmup: 50, Draws: 50, Src: rand.NewPCG(4, 1)}
	}
	want, wantRes, err := model.NUTS(settings(), bayes.InitDispersed)
	if err != nil {
		t.Fatal(err)
	}
	t.Setenv("GONB_TMP_DIR", t.TempDir())
	for _, from := range []string{"sampler", "cache"} {
		got, res := CachedNUTS("run", model, settings(), bayes.InitDispersed)
		if got.K != want.K || got.D != want.D || len(got.Fixed) != 3 || !mat.Equal(got.Fixed[2], want.Fixed[2]) {
			t.Errorf("%s: posterior K %d D %d, %d fixed covariances", from, got.K, got.D, len(got.Fixed))
		}
		for c := range want.Draws {
			if !mat.Equal(got.Draws[c], want.Draws[c]) {
				t.Errorf("%s: chain %d draws differ from NUTS's", from, c)
			}
		}
		if res.Divergences() != wantRes.Divergences() || res.Leapfrogs() != wantRes.Leapfrogs() {
			t.Errorf("%s: result differs: %d/%d divergences, %d/%d leapfrogs", from,
				res.Divergences(), wantRes.Divergences(), res.Leapfrogs(), wantRes.Leapfrogs())
		}
	}
}
