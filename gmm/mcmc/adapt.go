package mcmc

import "math"

// dualAveraging adapts log ε towards a target mean acceptance statistic δ by
// Nesterov's dual averaging (Hoffman and Gelman 2014, §3.2), with Stan's
// constants γ = 0.05, t0 = 10, κ = 0.75 and μ = log(10 ε0).
type dualAveraging struct {
	delta, mu       float64
	counter         float64
	sBar, xBar      float64
	gamma, t0, kapp float64
}

func newDualAveraging(delta, eps float64) *dualAveraging {
	d := &dualAveraging{delta: delta, gamma: 0.05, t0: 10, kapp: 0.75}
	d.restart(eps)
	return d
}

// restart forgets the history and centres the search on log(10 ε).
func (d *dualAveraging) restart(eps float64) {
	d.mu = math.Log(10 * eps)
	d.counter, d.sBar, d.xBar = 0, 0, 0
}

// learn takes one iteration's acceptance statistic and returns the next ε.
func (d *dualAveraging) learn(accept float64) float64 {
	d.counter++
	accept = math.Min(accept, 1)
	eta := 1 / (d.counter + d.t0)
	d.sBar = (1-eta)*d.sBar + eta*(d.delta-accept)
	x := d.mu - d.sBar*math.Sqrt(d.counter)/d.gamma
	xEta := math.Pow(d.counter, -d.kapp)
	d.xBar = (1-xEta)*d.xBar + xEta*x
	return math.Exp(x)
}

// final returns the averaged step size exp(x̄) used after warm-up.
func (d *dualAveraging) final() float64 { return math.Exp(d.xBar) }

// windows schedules Stan's warm-up: an initial buffer (75 iterations) where only
// the step size adapts, then windows of 25, 50, 100, … iterations at the end of
// each of which the metric is re-estimated from that window's draws, then a
// terminal buffer (50) for the step size alone. Short warm-ups scale the
// buffers to 15 %, 75 % and 10 %; below 20 iterations the metric is not adapted.
type windows struct {
	warmup, initBuf, termBuf int
	size, next, counter      int
	adapt                    bool
}

func newWindows(warmup int) *windows {
	w := &windows{warmup: warmup, initBuf: 75, termBuf: 50, size: 25}
	if warmup < 20 {
		return w
	}
	w.adapt = true
	if w.initBuf+w.size+w.termBuf > warmup {
		w.initBuf = int(0.15 * float64(warmup))
		w.termBuf = int(0.1 * float64(warmup))
		w.size = warmup - (w.initBuf + w.termBuf)
	}
	w.next = w.initBuf + w.size - 1
	return w
}

// inWindow reports whether the current iteration's draw feeds the estimator.
func (w *windows) inWindow() bool {
	return w.adapt && w.counter >= w.initBuf && w.counter < w.warmup-w.termBuf && w.counter != w.warmup
}

// endOfWindow reports whether the metric is updated after the current iteration.
func (w *windows) endOfWindow() bool {
	return w.adapt && w.counter == w.next && w.counter != w.warmup
}

// computeNext doubles the window, stretching the last one to the terminal buffer.
func (w *windows) computeNext() {
	last := w.warmup - w.termBuf - 1
	if w.next == last {
		return
	}
	w.size *= 2
	w.next = w.counter + w.size
	if w.next != last && w.next+2*w.size >= w.warmup-w.termBuf {
		w.next = last
	}
}

// welford accumulates the running mean and variance of vectors.
type welford struct {
	n       float64
	mean, m []float64
}

func newWelford(d int) *welford {
	return &welford{mean: make([]float64, d), m: make([]float64, d)}
}

func (w *welford) add(x []float64) {
	w.n++
	for i, v := range x {
		delta := v - w.mean[i]
		w.mean[i] += delta / w.n
		w.m[i] += delta * (v - w.mean[i])
	}
}

// regularisedVariance writes Stan's shrunk variance estimate
// (n/(n+5)) var + 1e-3 (5/(n+5)) into dst and restarts the accumulator.
func (w *welford) regularisedVariance(dst []float64) {
	n := w.n
	for i := range dst {
		v := w.m[i] / (n - 1)
		dst[i] = (n/(n+5))*v + 1e-3*(5/(n+5))
		w.mean[i], w.m[i] = 0, 0
	}
	w.n = 0
}
