package mcmc

import (
	"errors"
	"math"
	"math/rand/v2"
)

// point is a phase-space state: position q, momentum p, and the log density
// and its gradient at q.
type point struct {
	q, p, g []float64
	logp    float64
}

func newPoint(d int) point {
	return point{q: make([]float64, d), p: make([]float64, d), g: make([]float64, d)}
}

func (z *point) copyFrom(o *point) {
	copy(z.q, o.q)
	copy(z.p, o.p)
	copy(z.g, o.g)
	z.logp = o.logp
}

// level holds the scratch vectors of one depth of the tree recursion.
type level struct {
	pInitEnd, pSharpInitEnd, rhoInit  []float64
	pFinalBeg, pSharpFinalBeg, rhoFin []float64
	rhoExt                            []float64
	proposeFinal                      point
}

// sampler is one chain's NUTS state: the integrator's point, step size, metric,
// and preallocated work space.
type sampler struct {
	target   Target
	rng      *rand.Rand
	d        int
	maxDepth int
	eps      float64
	invM     []float64
	cur      point // the chain's current state
	z        point // the integrator's moving state
	levels   []level

	// transition work space
	fwd, bck, propose                            point
	pFwdFwd, pSharpFwdFwd, pFwdBck, pSharpFwdBck []float64
	pBckFwd, pSharpBckFwd, pBckBck, pSharpBckBck []float64
	rho, rhoFwd, rhoBck, rhoExt                  []float64

	divergent bool
	leapfrogs int
	sumAccept float64
	h0        float64
}

// transitionStats are the statistics of one NUTS transition.
type transitionStats struct {
	accept    float64
	depth     int
	leapfrogs int
	divergent bool
	energy    float64
}

func newSampler(target Target, rng *rand.Rand, maxDepth int, eps float64, invM []float64) *sampler {
	d := target.Dim()
	vec := func() []float64 { return make([]float64, d) }
	s := &sampler{
		target: target, rng: rng, d: d, maxDepth: maxDepth, eps: eps,
		invM: append([]float64(nil), invM...),
		cur:  newPoint(d), z: newPoint(d), fwd: newPoint(d), bck: newPoint(d), propose: newPoint(d),
		pFwdFwd: vec(), pSharpFwdFwd: vec(), pFwdBck: vec(), pSharpFwdBck: vec(),
		pBckFwd: vec(), pSharpBckFwd: vec(), pBckBck: vec(), pSharpBckBck: vec(),
		rho: vec(), rhoFwd: vec(), rhoBck: vec(), rhoExt: vec(),
	}
	s.levels = make([]level, maxDepth+1)
	for i := range s.levels {
		s.levels[i] = level{
			pInitEnd: vec(), pSharpInitEnd: vec(), rhoInit: vec(),
			pFinalBeg: vec(), pSharpFinalBeg: vec(), rhoFin: vec(), rhoExt: vec(),
			proposeFinal: newPoint(d),
		}
	}
	return s
}

// evaluate sets z.logp and z.g at z.q and reports whether both are finite.
func (s *sampler) evaluate(z *point) bool {
	z.logp = s.target.LogDensityGradient(z.q, z.g)
	if math.IsNaN(z.logp) || math.IsInf(z.logp, 0) {
		return false
	}
	for _, v := range z.g {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// initialise places the chain at its starting point and sets the step size by
// Stan's heuristic.
func (s *sampler) initialise(cfg *Settings, c int) error {
	if cfg.Inits != nil {
		copy(s.cur.q, cfg.Inits[c])
		if !s.evaluate(&s.cur) {
			return errors.New("log density or gradient not finite at the initial point")
		}
	} else {
		ok := false
		for try := 0; try < 100 && !ok; try++ {
			for i := range s.cur.q {
				s.cur.q[i] = cfg.InitRadius * (2*s.rng.Float64() - 1)
			}
			ok = s.evaluate(&s.cur)
		}
		if !ok {
			return errors.New("no finite log density and gradient at 100 random initial points")
		}
	}
	if cfg.Warmup > 0 {
		s.initStepSize()
	}
	return nil
}

// sampleMomentum draws p ~ N(0, M) for the diagonal metric M = diag(1/invM).
func (s *sampler) sampleMomentum(z *point) {
	for i := range z.p {
		z.p[i] = s.rng.NormFloat64() / math.Sqrt(s.invM[i])
	}
}

// hamiltonian returns H = −log p(q) + ½ pᵀ M⁻¹ p, +Inf when not finite.
func (s *sampler) hamiltonian(z *point) float64 {
	k := 0.0
	for i, p := range z.p {
		k += p * p * s.invM[i]
	}
	h := -z.logp + 0.5*k
	if math.IsNaN(h) {
		return math.Inf(1)
	}
	return h
}

// leapfrog moves z by one step of size eps (negative: backwards in time).
func (s *sampler) leapfrog(z *point, eps float64) {
	for i := range z.p {
		z.p[i] += 0.5 * eps * z.g[i]
	}
	for i := range z.q {
		z.q[i] += eps * s.invM[i] * z.p[i]
	}
	if !s.evaluate(z) {
		z.logp = math.Inf(-1)
		return
	}
	for i := range z.p {
		z.p[i] += 0.5 * eps * z.g[i]
	}
}

// sharp writes M⁻¹ p into dst.
func (s *sampler) sharp(dst, p []float64) {
	for i, v := range p {
		dst[i] = s.invM[i] * v
	}
}

// initStepSize doubles or halves ε until the acceptance probability of one
// leapfrog step from the current point crosses 0.8 (Stan's init_stepsize).
func (s *sampler) initStepSize() {
	step := func() float64 {
		s.z.copyFrom(&s.cur)
		s.sampleMomentum(&s.z)
		h0 := s.hamiltonian(&s.z)
		s.leapfrog(&s.z, s.eps)
		return h0 - s.hamiltonian(&s.z)
	}
	direction := -1.0
	if step() > math.Log(0.8) {
		direction = 1
	}
	for s.eps <= 1e7 && s.eps > 1e-300 {
		dh := step()
		if direction == 1 && !(dh > math.Log(0.8)) {
			break
		}
		if direction == -1 && !(dh < math.Log(0.8)) {
			break
		}
		if direction == 1 {
			s.eps *= 2
		} else {
			s.eps /= 2
		}
	}
}

// warmup runs n adaptive transitions and returns the divergences seen.
func (s *sampler) warmup(n int, targetAccept float64) int {
	if n == 0 {
		return 0
	}
	da := newDualAveraging(targetAccept, s.eps)
	win := newWindows(n)
	est := newWelford(s.d)
	div := 0
	for i := 0; i < n; i++ {
		t := s.transition()
		if t.divergent {
			div++
		}
		s.eps = da.learn(t.accept)
		if win.inWindow() {
			est.add(s.cur.q)
		}
		if win.endOfWindow() {
			win.computeNext()
			est.regularisedVariance(s.invM)
			win.counter++
			s.initStepSize()
			da.restart(s.eps)
			continue
		}
		win.counter++
	}
	s.eps = da.final()
	return div
}

// criterion is the generalised no-U-turn condition: both ends move along ρ.
func criterion(pSharpMinus, pSharpPlus, rho []float64) bool {
	var a, b float64
	for i, r := range rho {
		a += pSharpMinus[i] * r
		b += pSharpPlus[i] * r
	}
	return a > 0 && b > 0
}

func addTo(dst, a, b []float64) {
	for i := range dst {
		dst[i] = a[i] + b[i]
	}
}

func zero(x []float64) {
	for i := range x {
		x[i] = 0
	}
}

// transition makes one NUTS transition from s.cur, as Stan's base_nuts.
func (s *sampler) transition() transitionStats {
	s.sampleMomentum(&s.cur)
	s.z.copyFrom(&s.cur)
	s.fwd.copyFrom(&s.z)
	s.bck.copyFrom(&s.z)
	s.propose.copyFrom(&s.z)
	sample := &s.cur // the chain's state becomes the multinomial sample
	s.sharp(s.pSharpFwdFwd, s.z.p)
	for _, v := range [][]float64{s.pFwdFwd, s.pFwdBck, s.pBckFwd, s.pBckBck, s.rho} {
		copy(v, s.z.p)
	}
	for _, v := range [][]float64{s.pSharpFwdBck, s.pSharpBckFwd, s.pSharpBckBck} {
		copy(v, s.pSharpFwdFwd)
	}
	s.h0 = s.hamiltonian(&s.z)
	s.divergent, s.leapfrogs, s.sumAccept = false, 0, 0
	logSumW := 0.0
	depth := 0
	for depth < s.maxDepth {
		zero(s.rhoFwd)
		zero(s.rhoBck)
		logSumWSub := math.Inf(-1)
		var valid bool
		if s.rng.Float64() > 0.5 {
			s.z.copyFrom(&s.fwd)
			copy(s.rhoBck, s.rho)
			copy(s.pBckFwd, s.pFwdBck)
			copy(s.pSharpBckFwd, s.pSharpFwdBck)
			valid = s.buildTree(depth, &s.propose, s.pSharpFwdBck, s.pSharpFwdFwd, s.rhoFwd, s.pFwdBck, s.pFwdFwd, 1, &logSumWSub)
			s.fwd.copyFrom(&s.z)
		} else {
			s.z.copyFrom(&s.bck)
			copy(s.rhoFwd, s.rho)
			copy(s.pFwdBck, s.pBckFwd)
			copy(s.pSharpFwdBck, s.pSharpBckFwd)
			valid = s.buildTree(depth, &s.propose, s.pSharpBckFwd, s.pSharpBckBck, s.rhoBck, s.pBckFwd, s.pBckBck, -1, &logSumWSub)
			s.bck.copyFrom(&s.z)
		}
		if !valid {
			break
		}
		depth++
		if logSumWSub > logSumW || s.rng.Float64() < math.Exp(logSumWSub-logSumW) {
			sample.copyFrom(&s.propose)
		}
		logSumW = logAddExp(logSumW, logSumWSub)
		addTo(s.rho, s.rhoBck, s.rhoFwd)
		persist := criterion(s.pSharpBckBck, s.pSharpFwdFwd, s.rho)
		addTo(s.rhoExt, s.rhoBck, s.pFwdBck)
		persist = persist && criterion(s.pSharpBckBck, s.pSharpFwdBck, s.rhoExt)
		addTo(s.rhoExt, s.rhoFwd, s.pBckFwd)
		persist = persist && criterion(s.pSharpBckFwd, s.pSharpFwdFwd, s.rhoExt)
		if !persist {
			break
		}
	}
	return transitionStats{
		accept:    s.sumAccept / float64(s.leapfrogs),
		depth:     depth,
		leapfrogs: s.leapfrogs,
		divergent: s.divergent,
		energy:    s.hamiltonian(sample),
	}
}

// buildTree extends the trajectory from s.z by 2^depth leapfrog steps in the
// direction sign, as Stan's base_nuts::build_tree. It returns false if the
// subtree diverged or made a U-turn.
func (s *sampler) buildTree(depth int, propose *point, pSharpBeg, pSharpEnd, rho, pBeg, pEnd []float64, sign float64, logSumW *float64) bool {
	if depth == 0 {
		s.leapfrog(&s.z, sign*s.eps)
		s.leapfrogs++
		h := s.hamiltonian(&s.z)
		if h-s.h0 > maxDeltaH {
			s.divergent = true
		}
		*logSumW = logAddExp(*logSumW, s.h0-h)
		if s.h0-h > 0 {
			s.sumAccept++
		} else {
			s.sumAccept += math.Exp(s.h0 - h)
		}
		propose.copyFrom(&s.z)
		s.sharp(pSharpBeg, s.z.p)
		copy(pSharpEnd, pSharpBeg)
		for i, p := range s.z.p {
			rho[i] += p
		}
		copy(pBeg, s.z.p)
		copy(pEnd, s.z.p)
		return !s.divergent
	}
	lv := &s.levels[depth]
	logSumWInit := math.Inf(-1)
	zero(lv.rhoInit)
	if !s.buildTree(depth-1, propose, pSharpBeg, lv.pSharpInitEnd, lv.rhoInit, pBeg, lv.pInitEnd, sign, &logSumWInit) {
		return false
	}
	lv.proposeFinal.copyFrom(&s.z)
	logSumWFinal := math.Inf(-1)
	zero(lv.rhoFin)
	if !s.buildTree(depth-1, &lv.proposeFinal, lv.pSharpFinalBeg, pSharpEnd, lv.rhoFin, lv.pFinalBeg, pEnd, sign, &logSumWFinal) {
		return false
	}
	logSumWSub := logAddExp(logSumWInit, logSumWFinal)
	*logSumW = logAddExp(*logSumW, logSumWSub)
	if logSumWFinal > logSumWSub || s.rng.Float64() < math.Exp(logSumWFinal-logSumWSub) {
		propose.copyFrom(&lv.proposeFinal)
	}
	addTo(lv.rhoExt, lv.rhoInit, lv.rhoFin) // ρ of the subtree
	for i, v := range lv.rhoExt {
		rho[i] += v
	}
	persist := criterion(pSharpBeg, pSharpEnd, lv.rhoExt)
	addTo(lv.rhoExt, lv.rhoInit, lv.pFinalBeg)
	persist = persist && criterion(pSharpBeg, lv.pSharpFinalBeg, lv.rhoExt)
	addTo(lv.rhoExt, lv.rhoFin, lv.pInitEnd)
	persist = persist && criterion(lv.pSharpInitEnd, pSharpEnd, lv.rhoExt)
	return persist
}

// logAddExp returns log(exp(a) + exp(b)).
func logAddExp(a, b float64) float64 {
	if math.IsInf(a, -1) {
		return b
	}
	if math.IsInf(b, -1) {
		return a
	}
	if a > b {
		return a + math.Log1p(math.Exp(b-a))
	}
	return b + math.Log1p(math.Exp(a-b))
}
