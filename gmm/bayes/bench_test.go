package bayes

import (
	"math/rand/v2"
	"testing"

	"gmmbook/gmm/mcmc"
)

// The speed of the samplers on article D's model and data, as effective draws
// of the slowest parameter per second of sampling (ESS/s). scripts/bench-mcmc.sh
// sets these against Stan's NUTS in one run.

func articleModel(b *testing.B) *Model {
	b.Helper()
	x, _ := articleData(rand.NewPCG(2, 2))
	m, err := NewModel(x, 3, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	return m
}

func BenchmarkLogDensityGradient(b *testing.B) {
	m := articleModel(b)
	theta, err := m.Unconstrain([]float64{0.3, 0.3, 0.4}, articleMeans)
	if err != nil {
		b.Fatal(err)
	}
	grad := make([]float64, m.Dim())
	b.ReportAllocs()
	for b.Loop() {
		m.LogDensityGradient(theta, grad)
	}
}

func reportESS(b *testing.B, p *Posterior, res *mcmc.Result) {
	b.Helper()
	s, err := p.RelabelToMeans(articleMeans).Summary()
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(s.MinBulkESS()/res.SampleTime().Seconds(), "ESS/s")
	b.ReportMetric(s.MinBulkESS(), "minESS")
}

// BenchmarkNUTSArticle runs 2 chains × 1000 draws after 1000 warm-up per op.
func BenchmarkNUTSArticle(b *testing.B) {
	m := articleModel(b)
	var p *Posterior
	var res *mcmc.Result
	seed := uint64(0)
	for b.Loop() {
		seed++
		var err error
		p, res, err = m.NUTS(&mcmc.Settings{Chains: 2, Workers: 1, Src: rand.NewPCG(seed, 1)}, InitDispersed)
		if err != nil {
			b.Fatal(err)
		}
	}
	reportESS(b, p, res)
}

// BenchmarkGibbsArticle runs 2 chains × 1000 draws after 1000 burn-in per op.
func BenchmarkGibbsArticle(b *testing.B) {
	m := articleModel(b)
	var p *Posterior
	var res *mcmc.Result
	seed := uint64(0)
	for b.Loop() {
		seed++
		var err error
		p, res, err = m.Gibbs(&GibbsSettings{Chains: 2, Workers: 1, Src: rand.NewPCG(seed, 2)})
		if err != nil {
			b.Fatal(err)
		}
	}
	reportESS(b, p, res)
}
