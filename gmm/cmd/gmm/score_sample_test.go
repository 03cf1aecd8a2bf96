package main

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/distuv"
)

// Article B's mixture: weights (0.35, 0.65), means (−0.3, 0.5), standard
// deviations (0.15, 0.30).
const articleBModel = `{"covariance":"full","weights":[0.35,0.65],"means":[[-0.3],[0.5]],
"covariances":[[[0.0225]],[[0.09]]]}`

// Article A's mixture (D = 2, K = 3), and its parameters for the references.
const articleAModel = `{"weights":[0.45,0.25,0.30],"means":[[0,5],[5,-10],[-10,-5]],
"covariances":[[[36,10],[10,25]],[[9,-1.3],[-1.3,16]],[[25,-3.2],[-3.2,16]]]}`

var articleA = struct {
	weights     []float64
	means, covs [][]float64 // covariances row-major
}{
	[]float64{0.45, 0.25, 0.30},
	[][]float64{{0, 5}, {5, -10}, {-10, -5}},
	[][]float64{{36, 10, 10, 25}, {9, -1.3, -1.3, 16}, {25, -3.2, -3.2, 16}},
}

// TestScoreMatchesDistuv checks score's columns against densities computed with
// gonum's distuv.Normal: log p(x) = log Σ_k π_k N(x | μ_k, σ_k), γ_k, argmax γ.
func TestScoreMatchesDistuv(t *testing.T) {
	model := writeTemp(t, "b.json", articleBModel)
	xs := []float64{-0.3, 0, 0.1, 0.5, 2, -3, 12} // 12: 38 standard deviations out
	data := "x\n"
	for _, x := range xs {
		data += fmt.Sprintf("%v\n", x)
	}
	header, rows := parseCSV(t, gmmOK(t, data, "score", "-model", model, "-"))
	if got := strings.Join(header, ","); got != "log_density,label,resp_0,resp_1" {
		t.Errorf("header %q", got)
	}
	if len(rows) != len(xs) {
		t.Fatalf("%d rows, want %d", len(rows), len(xs))
	}
	comps := []distuv.Normal{{Mu: -0.3, Sigma: 0.15}, {Mu: 0.5, Sigma: 0.30}}
	weights := []float64{0.35, 0.65}
	for i, x := range xs {
		var terms [2]float64
		for k, c := range comps {
			terms[k] = math.Log(weights[k]) + c.LogProb(x)
		}
		top := math.Max(terms[0], terms[1])
		logp := top + math.Log(math.Exp(terms[0]-top)+math.Exp(terms[1]-top))
		row := rows[i]
		if !scalar.EqualWithinAbsOrRel(row[0], logp, 1e-12, 1e-12) {
			t.Errorf("x=%v: log density %v, distuv gives %v", x, row[0], logp)
		}
		sum := 0.0
		for k := range comps {
			want := math.Exp(terms[k] - logp)
			if !scalar.EqualWithinAbsOrRel(row[2+k], want, 1e-12, 1e-12) {
				t.Errorf("x=%v: resp_%d %v, want %v", x, k, row[2+k], want)
			}
			sum += row[2+k]
		}
		if math.Abs(sum-1) > 1e-14 {
			t.Errorf("x=%v: responsibilities sum to %v", x, sum)
		}
		wantLabel := 0.0
		if terms[1] > terms[0] {
			wantLabel = 1
		}
		if row[1] != wantLabel {
			t.Errorf("x=%v: label %v, want %v", x, row[1], wantLabel)
		}
	}
}

// TestScore2DMatchesDistmv checks score's log-density in two dimensions against
// gonum's distmv.Normal, on a data file with a header.
func TestScore2DMatchesDistmv(t *testing.T) {
	model := writeTemp(t, "a.json", articleAModel)
	data := writeTemp(t, "d.csv", "u,v\n0,0\n5,-10\n-10,-5\n30,30\n")
	_, rows := parseCSV(t, gmmOK(t, "", "score", "-model", model, data))
	w, mus, covs := articleA.weights, articleA.means, articleA.covs
	for i, x := range [][]float64{{0, 0}, {5, -10}, {-10, -5}, {30, 30}} {
		var p float64
		for k := range w {
			n, ok := distmv.NewNormal(mus[k], mat.NewSymDense(2, covs[k]), nil)
			if !ok {
				t.Fatal("reference covariance not positive definite")
			}
			p += w[k] * n.Prob(x)
		}
		if !scalar.EqualWithinAbsOrRel(rows[i][0], math.Log(p), 1e-12, 1e-12) {
			t.Errorf("x=%v: log density %v, distmv gives %v", x, rows[i][0], math.Log(p))
		}
	}
}

func TestScoreBadInput(t *testing.T) {
	model := writeTemp(t, "a.json", articleAModel)
	gmmFails(t, 1, "d.csv has 1 columns, the model has dimension 2", "", "score", "-model", model, writeTemp(t, "d.csv", "1\n2\n"))
	gmmFails(t, 1, `line 3, column 2 (v): "x" is not a number`, "u,v\n1,2\n3,x\n", "score", "-model", model, "-")
	gmmFails(t, 1, "line 2, column 1: \"NaN\" is NaN", "1,2\nNaN,2\n", "score", "-model", model, "-")
	gmmFails(t, 1, "line 3: 3 fields, want 2", "1,2\n3,4\n5,6,7\n", "score", "-model", model, "-")
	gmmFails(t, 1, "no data records", "u,v\n", "score", "-model", model, "-")
	gmmFails(t, 1, "no such file", "", "score", "-model", model, "missing.csv")
	gmmFails(t, 1, "no such file", "", "score", "-model", "missing.json", "-")
	bad := writeTemp(t, "bad.json", `{"weights":[1],"means":[[0,0]],"covariances":[[[1,2],[2,1]]]}`)
	gmmFails(t, 1, "bad.json: component 0: covariance is not positive definite", "1,2\n", "score", "-model", bad, "-")
	gmmFails(t, 2, "missing -model", "1,2\n", "score", "-")
	gmmFails(t, 2, "missing data file", "", "score", "-model", model)
	gmmFails(t, 2, "want one data file", "", "score", "-model", model, "a.csv", "b.csv")
}

// TestSampleFrequenciesAndMoments draws from article A's mixture and checks the
// label frequencies against π (binomial standard error) and each component's
// sample mean against μ_k (standard error from Σ_k).
func TestSampleFrequenciesAndMoments(t *testing.T) {
	model := writeTemp(t, "a.json", articleAModel)
	const n = 20000
	header, rows := parseCSV(t, gmmOK(t, "", "sample", "-model", model, "-n", fmt.Sprint(n), "-seed", "7"))
	if got := strings.Join(header, ","); got != "x0,x1,label" {
		t.Errorf("header %q", got)
	}
	if len(rows) != n {
		t.Fatalf("%d rows, want %d", len(rows), n)
	}
	w, mus, covs := articleA.weights, articleA.means, articleA.covs
	counts := make([]float64, 3)
	sums := make([][2]float64, 3)
	for _, r := range rows {
		k := int(r[2])
		counts[k]++
		sums[k][0] += r[0]
		sums[k][1] += r[1]
	}
	for k := range w {
		se := math.Sqrt(w[k] * (1 - w[k]) / n)
		if f := counts[k] / n; math.Abs(f-w[k]) > 4*se {
			t.Errorf("component %d: frequency %v, want %v ± %v", k, f, w[k], 4*se)
		}
		for j := 0; j < 2; j++ {
			mean := sums[k][j] / counts[k]
			if se := math.Sqrt(covs[k][3*j] / counts[k]); math.Abs(mean-mus[k][j]) > 4*se { // Σ_jj
				t.Errorf("component %d: mean[%d] %v, want %v ± %v", k, j, mean, mus[k][j], 4*se)
			}
		}
	}
}

func TestSampleIsSeeded(t *testing.T) {
	model := writeTemp(t, "b.json", articleBModel)
	a := gmmOK(t, "", "sample", "-model", model, "-n", "50", "-seed", "42")
	b := gmmOK(t, "", "sample", "-n", "50", "-seed", "42", "-model", model)
	c := gmmOK(t, "", "sample", "-model", model, "-n", "50", "-seed", "43")
	if a != b {
		t.Error("the same seed gave different samples")
	}
	if a == c {
		t.Error("different seeds gave the same samples")
	}
}

// TestSampleThenScore scores a sample drawn from article B's mixture. The MAP
// label score gives is the sampled component with probability max_k γ_k(x), so
// the fraction of sampled labels it recovers must match the mean of max_k γ_k
// within the binomial standard error.
func TestSampleThenScore(t *testing.T) {
	model := writeTemp(t, "b.json", articleBModel)
	sample := gmmOK(t, "", "sample", "-model", model, "-n", "4000", "-seed", "3")
	var xs strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(sample), "\n") {
		xs.WriteString(strings.Split(line, ",")[0] + "\n")
	}
	_, rows := parseCSV(t, gmmOK(t, xs.String(), "score", "-model", model, "-"))
	_, pts := parseCSV(t, sample)
	var agree, expected float64
	for i, r := range rows {
		if r[1] == pts[i][1] {
			agree++
		}
		expected += math.Max(r[2], r[3])
	}
	n := float64(len(rows))
	agree, expected = agree/n, expected/n
	if se := math.Sqrt(expected * (1 - expected) / n); math.Abs(agree-expected) > 4*se {
		t.Errorf("score recovered %v of the sampled labels, want %v ± %v", agree, expected, 4*se)
	}
}

func TestSampleBadInput(t *testing.T) {
	model := writeTemp(t, "b.json", articleBModel)
	gmmFails(t, 2, "missing -n", "", "sample", "-model", model)
	gmmFails(t, 2, "-n: must be at least 1", "", "sample", "-model", model, "-n", "-5")
	gmmFails(t, 2, "-n: must be at least 1", "", "sample", "-model", model, "-n", "0")
	gmmFails(t, 2, "invalid value", "", "sample", "-model", model, "-n", "ten")
	gmmFails(t, 2, "not a whole number", "", "sample", "-model", model, "-n", "2.5")
	gmmFails(t, 2, "past the maximum 1000000000", "", "sample", "-model", model, "-n", "9223372036854775807")
	gmmFails(t, 2, "past the maximum 1000000000", "", "sample", "-model", model, "-n", "1e12")
	gmmFails(t, 2, "past the maximum", "", "sample", "-model", model, "-n", "1e400")
	gmmFails(t, 2, "not a whole number", "", "sample", "-model", model, "-n", "NaN")
	gmmFails(t, 2, "invalid value", "", "sample", "-model", model, "-n", "3", "-seed", "-1")
	gmmFails(t, 2, "missing -model", "", "sample", "-n", "3")
	gmmFails(t, 2, "unexpected arguments", "", "sample", "-model", model, "-n", "3", "extra")
}
