package mcmc

// Defaults used by NUTS for zero fields of Settings, and by the bayes package's
// samplers for theirs.
const (
	DefaultChains       = 4
	DefaultWarmup       = 1000
	DefaultDraws        = 1000
	DefaultMaxTreeDepth = 10
	DefaultTargetAccept = 0.8
)
