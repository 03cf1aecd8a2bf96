package book

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/bayes"
	"gmmbook/gmm/mcmc"
	"gmmbook/gmm/variational"
)

// BenchmarkNb05 times notebook 05's four fits of article D's data with the
// notebook's settings (its third part), for the timings its text quotes:
// go test -run - -bench Nb05 ./notebooks/book
func BenchmarkNb05(b *testing.B) {
	x, _ := ArticleDData(rand.NewPCG(2, 2))
	model, err := bayes.NewModel(x, 3, nil, nil)
	if err != nil {
		b.Fatal(err)
	}
	id := mat.NewSymDense(2, []float64{1, 0, 0, 1})
	b.Run("EM", func(b *testing.B) {
		for b.Loop() {
			start := mustMixture(gmm.New([]float64{1.0 / 3, 1.0 / 3, 1.0 / 3},
				bayes.DispersedMeans(x, 3, rand.NewPCG(4, 0)), []mat.Symmetric{id, id, id}))
			if _, err := gmm.Fit(x, nil, 3, &gmm.Settings{Init: gmm.InitMixture, Start: start, FixCovariances: true}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("VB", func(b *testing.B) {
		for b.Loop() {
			if _, err := variational.Fit(x, nil, 3, &variational.Settings{
				WeightPrior: variational.DirichletDistribution, WeightConcentration: 1,
				MeanPrior: []float64{0, 0}, MeanPrecision: 1, DegreesOfFreedom: 1e4,
				CovariancePrior: mat.NewSymDense(2, []float64{1e4, 0, 0, 1e4}), Tol: 1e-8,
			}); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("NUTS", func(b *testing.B) {
		for b.Loop() {
			s := &mcmc.Settings{Chains: 4, Warmup: 500, Draws: 500, Src: rand.NewPCG(4, 1)}
			if _, _, err := model.NUTS(s, bayes.InitDispersed); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("Gibbs", func(b *testing.B) {
		for b.Loop() {
			s := &bayes.GibbsSettings{Chains: 4, Warmup: 500, Draws: 500, Src: rand.NewPCG(4, 2)}
			if _, _, err := model.Gibbs(s); err != nil {
				b.Fatal(err)
			}
		}
	})
}
