// Package defaults holds what gmm, bayes and mcmc share by default, so that it is
// defined once.
package defaults

import "math/rand/v2"

// Source returns a new source in the state that every package of the module
// starts from when the caller gives none: rand.NewPCG(1, 1).
func Source() rand.Source { return rand.NewPCG(1, 1) }
