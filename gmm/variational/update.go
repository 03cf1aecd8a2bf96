package variational

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/mathext"

	"gmmbook/gmm"
)

// countFloor is added to every N_k in the updates, as scikit-learn does
// (10·machine epsilon), so that an empty component divides by no zero.
const countFloor = 10 * 2.220446049250313e-16

// update returns the posterior that is optimal for the responsibilities whose
// statistics are st (the coordinate-ascent updates of the package documentation).
func (f *fitter) update(st *gmm.Statistics) *Posterior {
	k, p := f.k, f.prior
	nk := make([]float64, k)
	for c := range nk {
		nk[c] = st.N[c] + countFloor
	}
	post := &Posterior{MeanPrecision: make([]float64, k), Means: make([][]float64, k)}
	post.Concentration, post.ConcentrationB = f.weightConcentration(nk)
	for c := 0; c < k; c++ {
		post.MeanPrecision[c] = p.MeanPrecision + nk[c]
		m := make([]float64, f.d)
		for j := range m {
			m[j] = (p.MeanPrecision*p.Mean[j] + nk[c]*st.Means[c][j]) / post.MeanPrecision[c]
		}
		post.Means[c] = m
	}
	post.DegreesOfFreedom, post.ScaleInverse = f.wishart(nk, st, post.MeanPrecision)
	return post
}

// weightConcentration returns α_k (and nil), or a_k and b_k for the Dirichlet process.
func (f *fitter) weightConcentration(nk []float64) ([]float64, []float64) {
	k, g := len(nk), f.prior.Concentration
	a := make([]float64, k)
	if f.prior.Weights == DirichletDistribution {
		for c, v := range nk {
			a[c] = g + v
		}
		return a, nil
	}
	b := make([]float64, k)
	var tail float64 // Σ_{j>c} N_j
	for c := k - 1; c >= 0; c-- {
		a[c] = 1 + nk[c]
		b[c] = g + tail
		tail += nk[c]
	}
	return a, b
}

// wishart returns ν_k and W_k⁻¹ for the covariance type.
func (f *fitter) wishart(nk []float64, st *gmm.Statistics, beta []float64) ([]float64, []*mat.SymDense) {
	k, d, p := f.k, f.d, f.prior
	nu := make([]float64, k)
	winv := make([]*mat.SymDense, k)
	delta := make([]float64, d)
	if f.cfg.Covariance == gmm.Tied {
		var nsum float64
		for _, v := range nk {
			nsum += v
		}
		kf := float64(k)
		w := mat.NewSymDense(d, nil)
		for c := 0; c < k; c++ {
			w.AddSym(w, st.Scatters[c])
		}
		// sk = Σ S_k / Σ N_k + Reg, weighted by Σ N_k / K.
		w.ScaleSym(1/nsum, w)
		addDiagonal(w, f.reg)
		w.ScaleSym(nsum/kf, w)
		for c := 0; c < k; c++ {
			deltaTo(delta, st.Means[c], p.Mean)
			w.SymRankOne(w, p.MeanPrecision/kf*nk[c]/beta[c], mat.NewVecDense(d, delta))
		}
		w.AddSym(w, p.Covariance)
		for c := range nu {
			nu[c], winv[c] = p.DegreesOfFreedom+nsum/kf, w
		}
		return nu, winv
	}
	for c := 0; c < k; c++ {
		nu[c] = p.DegreesOfFreedom + nk[c]
		deltaTo(delta, st.Means[c], p.Mean)
		shrink := p.MeanPrecision / beta[c]
		w := mat.NewSymDense(d, nil)
		switch f.cfg.Covariance {
		case gmm.Full:
			w.ScaleSym(1/nk[c], st.Scatters[c])
			addDiagonal(w, f.reg)
			w.SymRankOne(w, shrink, mat.NewVecDense(d, delta))
			w.ScaleSym(nk[c], w)
		case gmm.Diagonal:
			for j := 0; j < d; j++ {
				w.SetSym(j, j, nk[c]*(st.Scatters[c].At(j, j)/nk[c]+f.reg+shrink*delta[j]*delta[j]))
			}
		case gmm.Spherical:
			var s, dd float64
			for j := 0; j < d; j++ {
				s += st.Scatters[c].At(j, j)/nk[c] + f.reg
				dd += delta[j] * delta[j]
			}
			v := nk[c] * (s/float64(d) + shrink*dd/float64(d))
			for j := 0; j < d; j++ {
				w.SetSym(j, j, v)
			}
		}
		w.AddSym(w, p.Covariance)
		winv[c] = w
	}
	return nu, winv
}

func deltaTo(dst, a, b []float64) {
	for j := range dst {
		dst[j] = a[j] - b[j]
	}
}

func addDiagonal(s *mat.SymDense, v float64) {
	for j := 0; j < s.SymmetricDim(); j++ {
		s.SetSym(j, j, s.At(j, j)+v)
	}
}

// expectedCovariances returns W_k⁻¹/ν_k, shared for Tied.
func expectedCovariances(post *Posterior) []mat.Symmetric {
	covs := make([]mat.Symmetric, len(post.ScaleInverse))
	for c, w := range post.ScaleInverse {
		if c > 0 && w == post.ScaleInverse[c-1] {
			covs[c] = covs[c-1]
			continue
		}
		cov := mat.NewSymDense(w.SymmetricDim(), nil)
		cov.ScaleSym(1/post.DegreesOfFreedom[c], w)
		covs[c] = cov
	}
	return covs
}

// logWeights returns E[ln π_k].
func logWeights(post *Posterior) []float64 {
	a, b := post.Concentration, post.ConcentrationB
	out := make([]float64, len(a))
	if b == nil {
		var sum float64
		for _, v := range a {
			sum += v
		}
		ds := mathext.Digamma(sum)
		for c, v := range a {
			out[c] = mathext.Digamma(v) - ds
		}
		return out
	}
	var before float64 // Σ_{j<k} E[ln(1 − v_j)]
	for c := range a {
		ds := mathext.Digamma(a[c] + b[c])
		out[c] = mathext.Digamma(a[c]) - ds + before
		before += mathext.Digamma(b[c]) - ds
	}
	return out
}

// expectedWeights returns E[π_k] as scikit-learn's weights_ (for the Dirichlet
// process, E[v_k] Π_{j<k} E[1 − v_j] normalised to sum to 1).
func expectedWeights(post *Posterior) []float64 {
	a, b := post.Concentration, post.ConcentrationB
	w := make([]float64, len(a))
	if b == nil {
		copy(w, a)
	} else {
		rest := 1.0
		for c := range a {
			w[c] = a[c] / (a[c] + b[c]) * rest
			rest *= b[c] / (a[c] + b[c])
		}
	}
	var sum float64
	for _, v := range w {
		sum += v
	}
	for c := range w {
		w[c] /= sum
	}
	return w
}

// responsibilityMixture returns the Gaussian mixture whose responsibilities are
// q(z) for post (see the package documentation).
func (f *fitter) responsibilityMixture(post *Posterior) (*gmm.Mixture, error) {
	d := float64(f.d)
	logits := logWeights(post)
	top := math.Inf(-1)
	for c := range logits {
		nu := post.DegreesOfFreedom[c]
		logLambda := d * math.Ln2
		for i := 0; i < f.d; i++ {
			logLambda += mathext.Digamma((nu - float64(i)) / 2)
		}
		logits[c] += -d/2*math.Log(nu) + (logLambda-d/post.MeanPrecision[c])/2
		top = max(top, logits[c])
	}
	weights := make([]float64, len(logits))
	var sum float64
	for c, v := range logits {
		weights[c] = math.Exp(v - top)
		sum += weights[c]
	}
	for c := range weights {
		weights[c] /= sum
	}
	return f.mixture(weights, post)
}

// expectedMixture returns the mixture of the posterior expectations.
func (f *fitter) expectedMixture(post *Posterior) (*gmm.Mixture, error) {
	return f.mixture(expectedWeights(post), post)
}

func (f *fitter) mixture(weights []float64, post *Posterior) (*gmm.Mixture, error) {
	m, err := gmm.NewTyped(f.cfg.Covariance, weights, post.Means, expectedCovariances(post))
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrCollapsed, err)
	}
	return m, nil
}

// entropyOf returns −Σ_i w_i Σ_k r_ik ln r_ik for the responsibilities of m,
// whose statistics are st: Σ_i w_i Σ_k r_ik ln(π̃_k N(x_i | μ_k, Σ_k)) − Σ_i w_i ln p(x_i),
// the first sum from N_k, x̄_k and S_k.
func entropyOf(m *gmm.Mixture, st *gmm.Statistics) float64 {
	d := m.Dim()
	var sum float64
	for c := 0; c < m.K(); c++ {
		nk := st.N[c]
		if nk == 0 {
			continue
		}
		mu := m.Mean(c)
		a := mat.NewSymDense(d, nil)
		a.CopySym(st.Scatters[c])
		deltaTo(mu, st.Means[c], mu)
		a.SymRankOne(a, nk, mat.NewVecDense(d, mu))
		var sol mat.Dense
		if err := m.Cholesky(c).SolveTo(&sol, a); err != nil {
			return math.NaN()
		}
		sum += nk*(math.Log(m.Weight(c))-0.5*(float64(d)*math.Log(2*math.Pi)+m.LogDet(c))) - 0.5*mat.Trace(&sol)
	}
	return st.LogLikelihood - sum
}

// bound returns 𝓛 for post, optimal for responsibilities with statistics st and
// entropy h = −Σ_i w_i Σ_k r_ik ln r_ik.
func (f *fitter) bound(post *Posterior, st *gmm.Statistics, h float64) float64 {
	p, d := f.prior, float64(f.d)
	l := h + f.weightTerm(post)
	prior := logWishartNorm(p.Covariance, p.DegreesOfFreedom)
	for c := 0; c < f.k; c++ {
		l += -st.N[c]*d/2*math.Log(2*math.Pi) + d/2*(math.Log(p.MeanPrecision)-math.Log(post.MeanPrecision[c])) +
			prior - logWishartNorm(post.ScaleInverse[c], post.DegreesOfFreedom[c])
	}
	return l
}

// weightTerm returns ln C_π − ln C_π₀ (see the package documentation).
func (f *fitter) weightTerm(post *Posterior) float64 {
	g, kf := f.prior.Concentration, float64(f.k)
	a, b := post.Concentration, post.ConcentrationB
	var l float64
	if b != nil {
		for c := range a {
			l += mathext.Lbeta(a[c], b[c])
		}
		return l - kf*mathext.Lbeta(1, g)
	}
	var sum float64
	for _, v := range a {
		lg, _ := math.Lgamma(v)
		l += lg
		sum += v
	}
	ls, _ := math.Lgamma(sum)
	lk, _ := math.Lgamma(kf * g)
	lg, _ := math.Lgamma(g)
	return l - ls + lk - kf*lg
}

// logWishartNorm returns ln B(W, ν) for W⁻¹ = winv:
// (ν/2) ln|W⁻¹| − (νD/2) ln 2 − (D(D−1)/4) ln π − Σ_{i=1}^D ln Γ((ν+1−i)/2).
func logWishartNorm(winv *mat.SymDense, nu float64) float64 {
	d := winv.SymmetricDim()
	var chol mat.Cholesky
	logDet := math.NaN()
	if chol.Factorize(winv) {
		logDet = chol.LogDet()
	}
	df := float64(d)
	l := nu/2*logDet - nu*df/2*math.Ln2 - df*(df-1)/4*math.Log(math.Pi)
	for i := 1; i <= d; i++ {
		lg, _ := math.Lgamma((nu + 1 - float64(i)) / 2)
		l -= lg
	}
	return l
}
