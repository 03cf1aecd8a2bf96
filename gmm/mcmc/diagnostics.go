package mcmc

import (
	"math"
	"sort"

	"gonum.org/v1/gonum/dsp/fourier"
	"gonum.org/v1/gonum/stat/distuv"
)

// The functions in this file take the draws of one scalar quantity as chains[c][i],
// draw i of chain c. All chains must have the same length, at least 4 draws each;
// otherwise they panic with an "mcmc: ..." message (a caller mistake that could
// have been checked). They follow Vehtari, Gelman, Simpson, Carpenter and Bürkner
// (2021), "Rank-normalization, folding, and localization: an improved R-hat",
// as implemented in rstan's monitor.R (rstan 2.21) and the posterior package.

// checkChains panics unless chains is a non-empty set of equal-length chains with
// at least 4 draws each, and returns the chain length.
func checkChains(chains [][]float64) int {
	if len(chains) == 0 {
		panic("mcmc: no chains")
	}
	n := len(chains[0])
	if n < 4 {
		panic("mcmc: a chain needs at least 4 draws")
	}
	for _, c := range chains {
		if len(c) != n {
			panic("mcmc: chains of unequal length")
		}
	}
	return n
}

// SplitChains returns each chain cut into its first and second half, so that a
// trend within a chain shows as disagreement between halves. With an odd number
// of draws the middle draw is dropped, as rstan does. The halves share memory
// with chains.
func SplitChains(chains [][]float64) [][]float64 {
	n := checkChains(chains)
	half := n / 2
	out := make([][]float64, 0, 2*len(chains))
	for _, c := range chains {
		out = append(out, c[:half])
	}
	for _, c := range chains {
		out = append(out, c[n-half:])
	}
	return out
}

// allDraws returns the draws of every chain in one slice.
func allDraws(chains [][]float64) []float64 {
	var all []float64
	for _, c := range chains {
		all = append(all, c...)
	}
	return all
}

// reshape cuts flat into len(like) chains shaped like like.
func reshape(flat []float64, like [][]float64) [][]float64 {
	out := make([][]float64, len(like))
	off := 0
	for i, c := range like {
		out[i] = flat[off : off+len(c)]
		off += len(c)
	}
	return out
}

// RankNormalize returns the normal scores of the draws: every draw is replaced by
// Φ⁻¹((r − 1/2)/S), where r is its rank among all S draws of all chains (ties
// get their average rank). The result has the shape of chains.
func RankNormalize(chains [][]float64) [][]float64 {
	all := allDraws(chains)
	s := len(all)
	ranks := averageRanks(all)
	for i, r := range ranks {
		ranks[i] = distuv.UnitNormal.Quantile((r - 0.5) / float64(s))
	}
	return reshape(ranks, chains)
}

// averageRanks returns the 1-based ranks of x, ties sharing their average rank.
func averageRanks(x []float64) []float64 {
	idx := make([]int, len(x))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return x[idx[a]] < x[idx[b]] })
	ranks := make([]float64, len(x))
	for i := 0; i < len(idx); {
		j := i
		for j+1 < len(idx) && x[idx[j+1]] == x[idx[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for t := i; t <= j; t++ {
			ranks[idx[t]] = avg
		}
		i = j + 1
	}
	return ranks
}

// Quantile returns the p-quantile of x by linear interpolation between order
// statistics (R's default, type 7). x is not modified. It panics if x is empty
// or p is outside [0, 1].
func Quantile(x []float64, p float64) float64 {
	if len(x) == 0 || p < 0 || p > 1 || math.IsNaN(p) {
		panic("mcmc: quantile of empty data or p outside [0, 1]")
	}
	s := append([]float64(nil), x...)
	sort.Float64s(s)
	return sortedQuantile(s, p)
}

func sortedQuantile(s []float64, p float64) float64 {
	h := float64(len(s)-1) * p
	lo := math.Floor(h)
	i := int(lo)
	if i+1 >= len(s) {
		return s[len(s)-1]
	}
	return s[i] + (h-lo)*(s[i+1]-s[i])
}

// isConstant reports whether every draw equals the first.
func isConstant(chains [][]float64) bool {
	for _, c := range chains {
		for _, v := range c {
			if v != chains[0][0] {
				return false
			}
		}
	}
	return true
}

// rhatBasic is the potential scale reduction of Gelman et al. (BDA3) on chains
// used as given: sqrt(((n−1)/n W + B/n) / W).
func rhatBasic(chains [][]float64) float64 {
	n := float64(len(chains[0]))
	means := make([]float64, len(chains))
	var within float64
	for i, c := range chains {
		m, v := meanVar(c)
		means[i] = m
		within += v
	}
	within /= float64(len(chains))
	_, vm := meanVar(means)
	between := n * vm
	if len(chains) == 1 {
		between = 0
	}
	return math.Sqrt((between/within + n - 1) / n)
}

// meanVar returns the mean and the unbiased (n − 1) variance of x.
func meanVar(x []float64) (mean, variance float64) {
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	if len(x) < 2 {
		return mean, 0
	}
	for _, v := range x {
		d := v - mean
		variance += d * d
	}
	return mean, variance / float64(len(x)-1)
}

// Rhat returns the rank-normalised split R-hat: the larger of the split R-hat of
// the rank-normalised draws (bulk) and of the rank-normalised draws folded about
// the median (tail). Values above 1.01 say the chains have not mixed. It is NaN
// if all draws are equal. The ESS functions below are NaN in that case too.
func Rhat(chains [][]float64) float64 {
	if isConstant(chains) {
		return math.NaN()
	}
	bulk := rhatBasic(RankNormalize(SplitChains(chains)))
	tail := rhatBasic(RankNormalize(SplitChains(fold(chains))))
	return math.Max(bulk, tail)
}

// fold returns |x − median| of every draw, the median taken over all draws,
// in new slices.
func fold(chains [][]float64) [][]float64 {
	all := allDraws(chains)
	med := Quantile(all, 0.5)
	for i, v := range all {
		all[i] = math.Abs(v - med)
	}
	return reshape(all, chains)
}

// BulkESS returns the bulk effective sample size: the ESS of the rank-normalised
// split chains, a measure of how well the centre of the distribution is explored.
func BulkESS(chains [][]float64) float64 {
	return essBasic(RankNormalize(SplitChains(chains)))
}

// TailESS returns the tail effective sample size: the smaller of the ESS of the
// indicators x ≤ q05 and x ≤ q95 (the 5 % and 95 % quantiles over all draws) on
// split chains, a measure of how well the tails are explored.
func TailESS(chains [][]float64) float64 {
	all := allDraws(chains)
	sorted := append([]float64(nil), all...)
	sort.Float64s(sorted)
	q05 := essBasic(SplitChains(indicator(chains, sortedQuantile(sorted, 0.05))))
	q95 := essBasic(SplitChains(indicator(chains, sortedQuantile(sorted, 0.95))))
	return math.Min(q05, q95)
}

// indicator returns 1 where a draw is ≤ q and 0 elsewhere.
func indicator(chains [][]float64, q float64) [][]float64 {
	out := make([][]float64, len(chains))
	for i, c := range chains {
		out[i] = make([]float64, len(c))
		for j, v := range c {
			if v <= q {
				out[i][j] = 1
			}
		}
	}
	return out
}

// ESS returns the effective sample size of the mean on split chains (without
// rank normalisation), the one the Monte Carlo standard error of the mean uses.
func ESS(chains [][]float64) float64 {
	return essBasic(SplitChains(chains))
}

// MCSE returns the Monte Carlo standard error of the mean of the draws,
// sd / sqrt(ESS).
func MCSE(chains [][]float64) float64 {
	_, v := meanVar(allDraws(chains))
	return math.Sqrt(v / ESS(chains))
}

// MCSESD returns the Monte Carlo standard error of the standard deviation of
// the draws by the delta method: with v = (x − x̄)² the centred squares, the
// variance estimate v̄ has standard error sd(v)/sqrt(ESS(v)), and the sd = √v̄
// has that divided by 2√v̄. (rstan 2.21's monitor uses sd·sqrt(e(1−1/n)^(n−1) − 1)
// with n the smaller ESS of x and of the uncentred x², which overstates the
// precision when NUTS draws are antithetic and the mean is far from 0.)
func MCSESD(chains [][]float64) float64 {
	mean, v := meanVar(allDraws(chains))
	sq := make([][]float64, len(chains))
	for i, c := range chains {
		sq[i] = make([]float64, len(c))
		for j, x := range c {
			sq[i][j] = (x - mean) * (x - mean)
		}
	}
	return MCSE(sq) / (2 * math.Sqrt(v))
}

// essBasic is the effective sample size of chains as given (Geyer's initial
// monotone sequence on the multi-chain autocorrelation estimate, BDA3 and
// Vehtari et al. 2021), capped below at S / log10(S), as rstan's ess_rfun.
func essBasic(chains [][]float64) float64 {
	if isConstant(chains) {
		return math.NaN()
	}
	m := len(chains)
	n := len(chains[0])
	acov := make([][]float64, m)
	means := make([]float64, m)
	var meanAcov0 float64
	for i, c := range chains {
		acov[i] = Autocovariance(c)
		means[i], _ = meanVar(c)
		meanAcov0 += acov[i][0]
	}
	meanAcov0 /= float64(m)
	nf := float64(n)
	meanVarW := meanAcov0 * nf / (nf - 1)
	varPlus := meanVarW * (nf - 1) / nf
	if m > 1 {
		_, vm := meanVar(means)
		varPlus += vm
	}
	meanAcov := func(t int) float64 {
		var s float64
		for _, a := range acov {
			s += a[t]
		}
		return s / float64(m)
	}
	rho := make([]float64, n)
	rhoAt := func(t int) float64 { return 1 - (meanVarW-meanAcov(t))/varPlus }
	t := 0
	even, odd := 1.0, rhoAt(1)
	rho[0], rho[1] = even, odd
	for t < n-5 && !math.IsNaN(even+odd) && even+odd > 0 {
		t += 2
		even, odd = rhoAt(t), rhoAt(t+1)
		if even+odd >= 0 {
			rho[t], rho[t+1] = even, odd
		}
	}
	maxT := t
	if even > 0 {
		rho[maxT] = even
	}
	// Geyer's initial monotone sequence.
	for t = 0; t <= maxT-4; {
		t += 2
		if rho[t]+rho[t+1] > rho[t-2]+rho[t-1] {
			rho[t] = (rho[t-2] + rho[t-1]) / 2
			rho[t+1] = rho[t]
		}
	}
	s := float64(m * n)
	tau := -1 + rho[maxT]
	for i := 0; i < max(maxT, 1); i++ { // R's 1:max_t is c(1, 0) when max_t is 0
		tau += 2 * rho[i]
	}
	tau = math.Max(tau, 1/math.Log10(s))
	return s / tau
}

// Autocovariance returns the biased autocovariance estimate of x at lags
// 0 … len(x)−1, (1/n) Σ_i (x_i − x̄)(x_{i+t} − x̄), computed by FFT.
func Autocovariance(x []float64) []float64 {
	n := len(x)
	mean, _ := meanVar(x)
	size := 2 * n
	seq := make([]float64, size)
	for i, v := range x {
		seq[i] = v - mean
	}
	fft := fourier.NewFFT(size)
	coef := fft.Coefficients(nil, seq)
	for i, c := range coef {
		coef[i] = complex(real(c)*real(c)+imag(c)*imag(c), 0)
	}
	out := fft.Sequence(nil, coef)
	scale := 1 / (float64(size) * float64(n))
	ac := out[:n]
	for i := range ac {
		ac[i] *= scale
	}
	return ac
}
