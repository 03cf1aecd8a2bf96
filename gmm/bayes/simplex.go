package bayes

import "math"

// The simplex transform is Stan's stick-breaking: for y ∈ R^{K−1},
//
//	a_k = y_k − log(K−1−k),  z_k = logistic(a_k),  π_k = s_k z_k,  s_{k+1} = s_k (1 − z_k),
//
// with s_0 = 1 and π_{K−1} = s_{K−1} (0-based k < K−1); y = 0 gives equal
// weights. Its log-Jacobian is Σ_k log s_k + log z_k + log(1 − z_k).

// softplus returns log(1 + exp(x)) without overflow.
func softplus(x float64) float64 {
	if x > 0 {
		return x + math.Log1p(math.Exp(-x))
	}
	return math.Log1p(math.Exp(x))
}

// stickBreak writes log π into logW (len K) and the fractions z_k into z
// (len K−1) for y (len K−1), and returns the log-Jacobian.
func stickBreak(logW, z, y []float64) float64 {
	k := len(logW)
	logS, logJ := 0.0, 0.0
	for i := 0; i < k-1; i++ {
		a := y[i] - math.Log(float64(k-1-i))
		logZ, log1mZ := -softplus(-a), -softplus(a)
		z[i] = math.Exp(logZ)
		logW[i] = logS + logZ
		logJ += logS + logZ + log1mZ
		logS += log1mZ
	}
	logW[k-1] = logS
	return logJ
}

// stickBreakGrad writes into gy (len K−1) the gradient with respect to y of
// F(π) + log-Jacobian, given a[k] = π_k ∂F/∂π_k (for the mixture, N_k + α_k − 1)
// and the fractions z from stickBreak. Working with π_k ∂F/∂π_k keeps every
// term finite when some π_k underflows.
func stickBreakGrad(gy, a, z []float64) {
	k := len(a)
	h := a[k-1] // s_{k} ∂/∂s_{k} of everything downstream of the stick s_k
	for i := k - 2; i >= 0; i-- {
		gy[i] = a[i]*(1-z[i]) - h*z[i] + 1 - 2*z[i]
		h += a[i] + 1
	}
}

// unstickBreak returns y (len K−1) with stickBreak(y) = w, for w on the open
// simplex.
func unstickBreak(w []float64) []float64 {
	k := len(w)
	y := make([]float64, k-1)
	s := 1.0
	for i := 0; i < k-1; i++ {
		z := w[i] / s
		y[i] = math.Log(z) - math.Log1p(-z) + math.Log(float64(k-1-i))
		s -= w[i]
	}
	return y
}
