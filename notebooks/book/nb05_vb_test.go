package book

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distmat"
	"gonum.org/v1/gonum/stat/distmv"

	"gmmbook/gmm/variational"
)

func TestVBWeightSDsAreTheDirichletsSpreads(t *testing.T) {
	alpha := []float64{101.5, 2.25, 40}
	post := &variational.Posterior{Concentration: alpha}
	got, err := VBWeightSDs(post)
	if err != nil {
		t.Fatal(err)
	}
	// Reference: gonum's distmv.Dirichlet covariance matrix.
	cov := mat.NewSymDense(len(alpha), nil)
	distmv.NewDirichlet(alpha, nil).CovarianceMatrix(cov)
	for k := range alpha {
		if want := math.Sqrt(cov.At(k, k)); math.Abs(got[k]-want) > 1e-14 {
			t.Errorf("sd of π_%d = %v, distmv.Dirichlet gives %v", k+1, got[k], want)
		}
	}
	post.ConcentrationB = []float64{1, 1, 1}
	if _, err := VBWeightSDs(post); err == nil {
		t.Error("VBWeightSDs accepted a Dirichlet-process posterior")
	}
}

func TestVBMeanSDsMatchDrawsFromTheNormalWishart(t *testing.T) {
	winv := mat.NewSymDense(2, []float64{30, -6, -6, 12})
	post := &variational.Posterior{
		MeanPrecision:    []float64{5, 8},
		Means:            [][]float64{{1, 2}, {3, 4}},
		DegreesOfFreedom: []float64{20, 9},
		ScaleInverse:     []*mat.SymDense{mat.NewSymDense(2, []float64{1, 0, 0, 1}), winv},
	}
	got, err := VBMeanSDs(post, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Reference: draw Λ ~ W(W, ν) with gonum's distmat.Wishart, then
	// μ ~ N(m, (βΛ)⁻¹) with distmv.Normal, and take the sample sd.
	var w mat.SymDense
	var chol mat.Cholesky
	chol.Factorize(winv)
	chol.InverseTo(&w)
	src := rand.NewPCG(7, 7)
	wishart, ok := distmat.NewWishart(&w, 9, src)
	if !ok {
		t.Fatal("W is not positive definite")
	}
	const n = 40000
	draws := mat.NewDense(n, 2, nil)
	var lambda, cov mat.SymDense
	for i := range n {
		wishart.RandSymTo(&lambda)
		chol.Factorize(&lambda)
		chol.InverseTo(&cov)
		cov.ScaleSym(1.0/8, &cov)
		normal, ok := distmv.NewNormal([]float64{3, 4}, &cov, src)
		if !ok {
			t.Fatal("draw of Λ not positive definite")
		}
		draws.SetRow(i, normal.Rand(nil))
	}
	for j := range 2 {
		sd := stat.StdDev(mat.Col(nil, j, draws), nil)
		// The sample sd of a t with 8 degrees of freedom is within a few % of the truth.
		if math.Abs(got[j]-sd) > 0.03*sd {
			t.Errorf("sd of μ_2,%d = %v, %d draws give %v", j+1, got[j], n, sd)
		}
	}
	post.DegreesOfFreedom[1] = 3
	if _, err := VBMeanSDs(post, 1); err == nil {
		t.Error("VBMeanSDs accepted ν ≤ D + 1")
	}
	if _, err := VBMeanSDs(post, 2); err == nil {
		t.Error("VBMeanSDs accepted k out of range")
	}
}
