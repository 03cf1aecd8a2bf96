package gmm

import (
	"fmt"
	"strings"
)

// CovarianceType is the structure imposed on the component covariances Σ_k.
type CovarianceType int

const (
	// Full gives each component its own unrestricted covariance matrix.
	Full CovarianceType = iota
	// Diagonal gives each component its own diagonal covariance matrix.
	Diagonal
	// Spherical gives each component its own covariance σ_k² I.
	Spherical
	// Tied shares one unrestricted covariance matrix between all components.
	Tied
)

var covarianceNames = [...]string{Full: "full", Diagonal: "diag", Spherical: "spherical", Tied: "tied"}

// String returns the name used by scikit-learn: "full", "diag", "spherical" or "tied".
func (c CovarianceType) String() string {
	if c < 0 || int(c) >= len(covarianceNames) {
		return fmt.Sprintf("CovarianceType(%d)", int(c))
	}
	return covarianceNames[c]
}

// CovarianceTypes lists every covariance type, in the order Full, Diagonal, Spherical, Tied.
func CovarianceTypes() []CovarianceType {
	return []CovarianceType{Full, Diagonal, Spherical, Tied}
}

// ParseCovarianceType returns the covariance type named s. It accepts the names
// returned by String, and "diagonal" for Diagonal, in any case.
func ParseCovarianceType(s string) (CovarianceType, error) {
	name := strings.ToLower(strings.TrimSpace(s))
	if name == "diagonal" {
		return Diagonal, nil
	}
	for c, n := range covarianceNames {
		if n == name {
			return CovarianceType(c), nil
		}
	}
	return 0, errorf(ErrBadArgument, "unknown covariance type %q (want full, diag, spherical or tied)", s)
}

// NumParams returns the number of free parameters of a K-component mixture in D
// dimensions with covariance type ct: K−1 weights, K·D means and the covariance
// parameters (K·D(D+1)/2 for Full, K·D for Diagonal, K for Spherical and D(D+1)/2
// for Tied). It is the p in BIC = −2 log L + p log N and AIC = −2 log L + 2p.
// It panics if k or d is not positive or ct is not a known type.
func NumParams(ct CovarianceType, k, d int) int {
	if k <= 0 || d <= 0 {
		panic("gmm: NumParams needs positive k and d")
	}
	var cov int
	switch ct {
	case Full:
		cov = k * d * (d + 1) / 2
	case Diagonal:
		cov = k * d
	case Spherical:
		cov = k
	case Tied:
		cov = d * (d + 1) / 2
	default:
		panic("gmm: unknown covariance type")
	}
	return k - 1 + k*d + cov
}
