package bayes

import (
	"math"
	"math/rand/v2"
	"strings"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/mcmc"
)

// articleRun holds the article's model and data, and a NUTS and a Gibbs run on
// them (4 chains × 1000 draws after 1000 warm-up), shared by the tests.
type articleRun struct {
	model  *Model
	labels []int
	nuts   *Posterior
	res    *mcmc.Result
	gibbs  *Posterior
	err    error
}

var (
	articleOnce sync.Once
	article     articleRun
)

func articleFits(t *testing.T) *articleRun {
	t.Helper()
	articleOnce.Do(func() {
		x, labels := articleData(rand.NewPCG(2, 2))
		article.labels = labels
		article.model, article.err = NewModel(x, 3, nil, nil)
		if article.err != nil {
			return
		}
		article.nuts, article.res, article.err = article.model.NUTS(&mcmc.Settings{Src: rand.NewPCG(10, 1)}, InitDispersed)
		if article.err != nil {
			return
		}
		article.nuts = article.nuts.RelabelToMeans(articleMeans)
		article.gibbs, _, article.err = article.model.Gibbs(&GibbsSettings{Src: rand.NewPCG(10, 2)})
		if article.err == nil {
			article.gibbs = article.gibbs.RelabelToMeans(articleMeans)
		}
	})
	if article.err != nil {
		t.Fatal(article.err)
	}
	return &article
}

func TestNUTSAndGibbsAgreeOnArticleModel(t *testing.T) {
	a := articleFits(t)
	if n := a.res.Divergences(); n != 0 {
		t.Errorf("%d divergences", n)
	}
	ns, gs := mustSummary(t, a.nuts), mustSummary(t, a.gibbs)
	for j := range ns {
		n, g := ns[j], gs[j]
		if n.Rhat > 1.01 || g.Rhat > 1.01 {
			t.Errorf("%s: R-hat NUTS %.4f, Gibbs %.4f", n.Name, n.Rhat, g.Rhat)
		}
		if se := math.Hypot(n.MCSE, g.MCSE); math.Abs(n.Mean-g.Mean) > 4*se {
			t.Errorf("%s: mean NUTS %.5f, Gibbs %.5f, differ by more than 4 MCSE (%.2g)", n.Name, n.Mean, g.Mean, se)
		}
		if se := math.Hypot(n.MCSESD, g.MCSESD); math.Abs(n.SD-g.SD) > 4*se {
			t.Errorf("%s: sd NUTS %.5f, Gibbs %.5f, differ by more than 4 MCSE (%.2g)", n.Name, n.SD, g.SD, se)
		}
	}
}

// TestNUTSMatchesConjugatePosteriorGivenTrueLabels: the article's clusters are
// so far apart that the labels are all but certain, so the marginal posterior
// of the means is the conjugate one given the true labels.
func TestNUTSMatchesConjugatePosteriorGivenTrueLabels(t *testing.T) {
	a := articleFits(t)
	cond, err := a.model.Conditional(a.labels)
	if err != nil {
		t.Fatal(err)
	}
	sum := mustSummary(t, a.nuts)
	for k := 0; k < 3; k++ {
		for j := 0; j < 2; j++ {
			s := sum[a.nuts.meanCol(k, j)]
			mean, sd := cond.Means[k][j], math.Sqrt(cond.Covs[k].At(j, j))
			if math.Abs(s.Mean-mean) > 4*s.MCSE || math.Abs(s.SD-sd) > 4*s.MCSESD {
				t.Errorf("%s: NUTS %.5f (sd %.5f), conjugate %.5f (sd %.5f)", s.Name, s.Mean, s.SD, mean, sd)
			}
		}
	}
}

func TestGibbsWithFixedLabelsMatchesConditional(t *testing.T) {
	m := testModel(t)
	labels := make([]int, m.N())
	for i := range labels {
		labels[i] = i % 3
	}
	cond, err := m.Conditional(labels)
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := m.Gibbs(&GibbsSettings{Labels: labels, Warmup: 10, Src: rand.NewPCG(4, 4)})
	if err != nil {
		t.Fatal(err)
	}
	sum := mustSummary(t, p)
	var a0 float64
	for _, a := range cond.Alpha {
		a0 += a
	}
	for k := 0; k < 3; k++ {
		s := sum[k]
		mean := cond.Alpha[k] / a0
		sd := math.Sqrt(mean * (1 - mean) / (a0 + 1))
		if math.Abs(s.Mean-mean) > 4*s.MCSE || math.Abs(s.SD-sd) > 4*s.MCSESD {
			t.Errorf("%s: Gibbs %.5f (sd %.5f), Dirichlet %.5f (sd %.5f)", s.Name, s.Mean, s.SD, mean, sd)
		}
		for j := 0; j < 2; j++ {
			s := sum[p.meanCol(k, j)]
			mean, sd := cond.Means[k][j], math.Sqrt(cond.Covs[k].At(j, j))
			if math.Abs(s.Mean-mean) > 4*s.MCSE || math.Abs(s.SD-sd) > 4*s.MCSESD {
				t.Errorf("%s: Gibbs %.5f (sd %.5f), conjugate %.5f (sd %.5f)", s.Name, s.Mean, s.SD, mean, sd)
			}
		}
	}
}

// TestGibbsNormalWishartSingleComponent: with K = 1 the sampler draws exactly
// from the Normal-Wishart posterior, whose moments are known:
// E[μ] = m_n, E[Σ] = W_n⁻¹/(ν_n − D − 1) and Var(μ_j) = E[Σ]_jj / β_n.
func TestGibbsNormalWishartSingleComponent(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 5))
	x := mat.NewDense(30, 2, nil)
	for i := 0; i < 30; i++ {
		u, v := rng.NormFloat64(), rng.NormFloat64()
		x.Set(i, 0, 1+2*u)
		x.Set(i, 1, -1+0.5*u+v)
	}
	prior := &NWPrior{MeanLoc: []float64{0.5, 0}, Beta0: 2, Nu0: 5, Scale: mat.NewSymDense(2, []float64{0.3, 0.05, 0.05, 0.2})}
	p, _, err := GibbsNormalWishart(x, 1, prior, &GibbsSettings{Warmup: 10, Src: rand.NewPCG(6, 6)})
	if err != nil {
		t.Fatal(err)
	}
	pr, err := prior.resolve(1, 2)
	if err != nil {
		t.Fatal(err)
	}
	labels := make([]int, 30)
	counts, sums := groupStats(x, labels, 1)
	mean, beta, nu, scale, err := pr.conditional(x, labels, 0, counts[0], sums[0])
	if err != nil {
		t.Fatal(err)
	}
	var inv mat.SymDense
	var chol mat.Cholesky
	chol.Factorize(scale)
	if err := chol.InverseTo(&inv); err != nil {
		t.Fatal(err)
	}
	eSigma := func(r, c int) float64 { return inv.At(r, c) / (nu - 3) }
	sum := mustSummary(t, p)
	check := func(col int, want, wantSD float64) {
		s := sum[col]
		if math.Abs(s.Mean-want) > 4*s.MCSE {
			t.Errorf("%s: mean %.5f ± %.2g, closed form %.5f", s.Name, s.Mean, s.MCSE, want)
		}
		if wantSD > 0 && math.Abs(s.SD-wantSD) > 4*s.MCSESD {
			t.Errorf("%s: sd %.5f ± %.2g, closed form %.5f", s.Name, s.SD, s.MCSESD, wantSD)
		}
	}
	check(0, 1, 0)
	for j := 0; j < 2; j++ {
		check(p.meanCol(0, j), mean[j], math.Sqrt(eSigma(j, j)/beta))
	}
	check(p.covCol(0), eSigma(0, 0), 0)
	check(p.covCol(0)+1, eSigma(1, 0), 0)
	check(p.covCol(0)+2, eSigma(1, 1), 0)
}

func TestGibbsNormalWishartRecoversCovariances(t *testing.T) {
	truth := []mat.Symmetric{
		mat.NewSymDense(2, []float64{1, 0.5, 0.5, 1}),
		mat.NewSymDense(2, []float64{0.3, 0, 0, 2}),
		mat.NewSymDense(2, []float64{1.5, -0.7, -0.7, 0.8}),
	}
	mix, err := gmm.New([]float64{0.3, 0.3, 0.4}, articleMeans, truth)
	if err != nil {
		t.Fatal(err)
	}
	x, _, err := mix.SampleCounts([]int{300, 300, 400}, rand.NewPCG(7, 7))
	if err != nil {
		t.Fatal(err)
	}
	p, _, err := GibbsNormalWishart(x, 3, nil, &GibbsSettings{Chains: 2, Warmup: 200, Draws: 300, Src: rand.NewPCG(8, 8)})
	if err != nil {
		t.Fatal(err)
	}
	p = p.RelabelToMeans(articleMeans)
	sum := mustSummary(t, p)
	if r := sum.MaxRhat(); r > 1.02 {
		t.Errorf("max R-hat %.3f", r)
	}
	for k, s := range truth {
		for r := 0; r < 2; r++ {
			for c := 0; c <= r; c++ {
				ps := sum[p.covCol(k)+r*(r+1)/2+c]
				if math.Abs(ps.Mean-s.At(r, c)) > 4*ps.SD {
					t.Errorf("%s: posterior %.3f ± %.3f, truth %.3f", ps.Name, ps.Mean, ps.SD, s.At(r, c))
				}
			}
		}
	}
}

func TestPredictiveIsPermutationInvariant(t *testing.T) {
	a := articleFits(t)
	raw := a.nuts.withDraws(a.nuts.Draws, "", 0)
	byX := a.nuts.RelabelByMean(1)
	p1, err := raw.Predictive(0)
	if err != nil {
		t.Fatal(err)
	}
	p2, err := byX.Predictive(0)
	if err != nil {
		t.Fatal(err)
	}
	// Given the labels, π and μ are independent and μ_k ~ N(m_k, V_k), so the
	// predictive is exactly Σ_k E[π_k] N(x | m_k, I + V_k); the labels being all
	// but certain here, it is the reference.
	cond, err := a.model.Conditional(a.labels)
	if err != nil {
		t.Fatal(err)
	}
	var a0 float64
	for _, v := range cond.Alpha {
		a0 += v
	}
	weights := make([]float64, 3)
	covs := make([]mat.Symmetric, 3)
	for k := range weights {
		weights[k] = cond.Alpha[k] / a0
		c := identity(2)
		c.AddSym(c, cond.Covs[k])
		covs[k] = c
	}
	ref, err := gmm.New(weights, cond.Means, covs)
	if err != nil {
		t.Fatal(err)
	}
	for _, x := range [][]float64{{0, 5}, {5, 0}, {8, 8}, {3, 3}, {-2, 7}} {
		l1, l2 := p1.LogProb(x), p2.LogProb(x)
		if math.Abs(l1-l2) > 1e-9 {
			t.Errorf("at %v: predictive %v vs relabelled %v", x, l1, l2)
		}
		if lr := ref.LogProb(x); math.Abs(l1-lr) > 0.02 {
			t.Errorf("at %v: predictive log density %.4f, conjugate reference %.4f", x, l1, lr)
		}
	}
	if k := p1.K(); k != 12000 {
		t.Errorf("predictive mixture has %d components, want 4000 draws × 3", k)
	}
}

func TestRelabelByMeanOrders(t *testing.T) {
	a := articleFits(t)
	p := a.nuts.RelabelByMean(0)
	if !strings.Contains(p.Relabelling, "coordinate 1") {
		t.Errorf("relabelling note %q", p.Relabelling)
	}
	for c, d := range p.Draws {
		r, _ := d.Dims()
		for i := 0; i < r; i++ {
			_, mu, _ := p.Draw(c, i)
			if !(mu[0][0] <= mu[1][0] && mu[1][0] <= mu[2][0]) {
				t.Fatalf("chain %d draw %d: means %v not ordered by x", c, i, mu)
			}
		}
	}
}

func TestSamplersDeterministic(t *testing.T) {
	m := testModel(t)
	run := func(workers int) (*Posterior, *Posterior) {
		n, _, err := m.NUTS(&mcmc.Settings{Warmup: 100, Draws: 50, Workers: workers, Src: rand.NewPCG(9, 9)}, InitDispersed)
		if err != nil {
			t.Fatal(err)
		}
		g, _, err := m.Gibbs(&GibbsSettings{Warmup: 10, Draws: 50, Workers: workers, Src: rand.NewPCG(9, 9)})
		if err != nil {
			t.Fatal(err)
		}
		return n, g
	}
	n1, g1 := run(1)
	for _, workers := range []int{2, 3, 7} {
		n4, g4 := run(workers)
		for c := range n1.Draws {
			if !mat.Equal(n1.Draws[c], n4.Draws[c]) || !mat.Equal(g1.Draws[c], g4.Draws[c]) {
				t.Fatalf("chain %d differs between 1 and %d workers", c, workers)
			}
		}
	}
}

func TestGibbsErrors(t *testing.T) {
	m := testModel(t)
	for _, tc := range []struct {
		s    *GibbsSettings
		want string
	}{
		{&GibbsSettings{Draws: -1}, "positive counts"},
		{&GibbsSettings{Labels: []int{0}}, "1 labels for 40"},
		{&GibbsSettings{Labels: make([]int, 39)}, "39 labels"},
		{&GibbsSettings{Chains: 1, InitMeans: [][][]float64{{{0, 0}}}}, "1 initial means, want 3"},
	} {
		if _, _, err := m.Gibbs(tc.s); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("error %v, want one containing %q", err, tc.want)
		}
	}
	bad := append(make([]int, 39), 5)
	if _, err := m.Conditional(bad); err == nil || !strings.Contains(err.Error(), "label 39 is 5") {
		t.Errorf("Conditional: error %v", err)
	}
	if _, _, err := GibbsNormalWishart(m.Data(), 3, &NWPrior{Nu0: 0.5}, nil); err == nil || !strings.Contains(err.Error(), "ν0") {
		t.Errorf("NW prior: error %v", err)
	}
	if _, _, err := GibbsNormalWishart(mat.NewDense(2, 2, nil), 3, nil, nil); err == nil || !strings.Contains(err.Error(), "3 components for 2") {
		t.Errorf("NW N < K: error %v", err)
	}
}

// mustSummary returns p.Summary(), failing the test on an error.
func mustSummary(t *testing.T, p *Posterior) mcmc.Summary {
	t.Helper()
	s, err := p.Summary()
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// TestGibbsReturnsAResultAsNUTSDoes: both samplers return an mcmc.Result whose
// chains hold the posterior's draws and their times, and, with one worker
// (chains one after the other), a wall time at least the summed chain times.
func TestGibbsReturnsAResultAsNUTSDoes(t *testing.T) {
	x, _ := articleData(rand.NewPCG(2, 2))
	m, err := NewModel(x, 3, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	g, gres, err := m.Gibbs(&GibbsSettings{Chains: 2, Warmup: 20, Draws: 30, Workers: 1, Src: rand.NewPCG(3, 3)})
	if err != nil {
		t.Fatal(err)
	}
	_, nres, err := m.NUTS(&mcmc.Settings{Chains: 2, Warmup: 20, Draws: 30, Workers: 1, Src: rand.NewPCG(3, 3)}, InitDispersed)
	if err != nil {
		t.Fatal(err)
	}
	for name, res := range map[string]*mcmc.Result{"Gibbs": gres, "NUTS": nres} {
		if len(res.Chains) != 2 {
			t.Fatalf("%s: %d chains, want 2", name, len(res.Chains))
		}
		if sum := res.WarmupTime() + res.SampleTime(); res.WallTime < sum || sum <= 0 {
			t.Errorf("%s: wall time %v, summed chain times %v", name, res.WallTime, sum)
		}
	}
	for c, ch := range gres.Chains {
		if ch.Draws != g.Draws[c] {
			t.Errorf("Gibbs chain %d: the result's draws are not the posterior's", c)
		}
	}
	if gres.Divergences() != 0 || !math.IsNaN(gres.MeanTreeDepth()) {
		t.Errorf("Gibbs: %d divergences, mean tree depth %v; want 0 and NaN", gres.Divergences(), gres.MeanTreeDepth())
	}
}
