package main

import (
	"encoding/json"
	"errors"
	"flag"
	"math"
	"strings"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/csvdata"
	"gmmbook/gmm/internal/jsonobj"
	"gmmbook/gmm/variational"
)

// fitVariationalHelp is appended to fit's help.
const fitVariationalHelp = `

With -method variational, fit fits a Bayesian mixture by variational inference
(gmm/variational: scikit-learn's BayesianGaussianMixture) with the prior set by
-weight-prior, -weight-concentration, -mean-precision and -dof (0: scikit-learn's
defaults 1/K, 1 and D; the mean prior is the data's mean and the covariance
prior the data's covariance). weights are then the expected weights, means the
posterior means and covariances W⁻¹/ν (scikit-learn's covariances_); the
log-likelihood, BIC and AIC are those of this mixture. Two more fields follow:

	lower_bound                 the evidence lower bound, with all its constants
	active_components           components with expected weight above 0.01

-tol is then on the change of the lower bound (as scikit-learn).`

func init() { fitCommand.help += fitVariationalHelp }

// variationalFlags are fit's flags for -method variational.
type variationalFlags struct {
	method, weightPrior               *string
	concentration, meanPrecision, dof *float64
	fs                                *flag.FlagSet
}

func addVariationalFlags(fs *flag.FlagSet) *variationalFlags {
	return &variationalFlags{
		fs:            fs,
		method:        fs.String("method", "em", "fitting method: em (maximum likelihood) or variational (Bayesian, variational inference)"),
		weightPrior:   fs.String("weight-prior", "dirichlet-process", "variational: prior on the weights, dirichlet-process or dirichlet-distribution"),
		concentration: fs.Float64("weight-concentration", 0, "variational: concentration of the weight prior; 0: 1/K"),
		meanPrecision: fs.Float64("mean-precision", 0, "variational: precision β₀ of the mean prior; 0: 1"),
		dof:           fs.Float64("dof", 0, "variational: degrees of freedom ν₀ of the Wishart prior, above D − 1; 0: D"),
	}
}

// settings returns the variational settings built on the EM settings s, or nil
// for -method em.
func (v *variationalFlags) settings(s *gmm.Settings) (*variational.Settings, error) {
	switch *v.method {
	case "em":
		var set []string
		v.fs.Visit(func(f *flag.Flag) {
			switch f.Name {
			case "weight-prior", "weight-concentration", "mean-precision", "dof":
				set = append(set, "-"+f.Name)
			}
		})
		if len(set) > 0 {
			return nil, usagef("%s: only with -method variational", strings.Join(set, ", "))
		}
		return nil, nil
	case "variational":
	default:
		return nil, usagef("unknown -method %q (want em or variational)", *v.method)
	}
	prior, err := variational.ParseWeightPrior(*v.weightPrior)
	if err != nil {
		return nil, usagef("unknown -weight-prior %q (want dirichlet-process or dirichlet-distribution)", *v.weightPrior)
	}
	for name, x := range map[string]float64{"-weight-concentration": *v.concentration, "-mean-precision": *v.meanPrecision, "-dof": *v.dof} {
		if !(x >= 0) || math.IsInf(x, 1) {
			return nil, usagef("%s must be zero (the default) or positive, got %v", name, x)
		}
	}
	return &variational.Settings{
		Covariance: s.Covariance, WeightPrior: prior, WeightConcentration: *v.concentration,
		MeanPrecision: *v.meanPrecision, DegreesOfFreedom: *v.dof,
		MaxIter: s.MaxIter, Tol: s.Tol, Reg: s.Reg, Restarts: s.Restarts, Init: s.Init, Src: s.Src,
	}, nil
}

// variationalReport is fit's JSON for -method variational: the EM fields, then
// the bound and the active components.
type variationalReport struct {
	fitReport
	LowerBound       float64 `json:"lower_bound"`
	ActiveComponents int     `json:"active_components"`
}

// fitVariational fits t by variational inference and returns the mixture and
// the JSON to print. A prior out of range for the data (such as -dof ≤ D − 1) is
// a usage error.
func fitVariational(t *csvdata.Table, k int, s *variational.Settings) (*gmm.Mixture, []byte, error) {
	res, err := variational.Fit(t.Data, nil, k, s)
	if pe := (*variational.PriorError)(nil); errors.As(err, &pe) {
		return nil, nil, usageError{pe.Message()}
	}
	if err != nil {
		return nil, nil, err
	}
	m := res.Mixture
	var ll float64
	n, _ := t.Data.Dims()
	for i := 0; i < n; i++ {
		ll += m.LogProb(t.Data.RawRowView(i))
	}
	p := gmm.NumParams(res.Covariance, k, m.Dim())
	var r variationalReport
	model, err := json.Marshal(m)
	if err != nil {
		return nil, nil, err
	}
	if err := json.Unmarshal(model, &r.fitReport); err != nil {
		return nil, nil, err
	}
	r.LogLikelihood, r.MeanLogLikelihood = ll, ll/float64(n)
	r.Iterations, r.Converged = res.Iterations, res.Converged
	r.BIC = -2*ll + float64(p)*math.Log(float64(n))
	r.AIC = -2*ll + 2*float64(p)
	r.NParameters = p
	r.LowerBound, r.ActiveComponents = res.LowerBound, res.Active
	b, err := json.Marshal(r)
	if err != nil {
		return nil, nil, err
	}
	out, err := jsonobj.FieldPerLine(b)
	return m, out, err
}
