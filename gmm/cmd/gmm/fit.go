package main

import (
	"encoding/json"
	"flag"
	"io"
	"math"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/jsonobj"
)

var fitCommand = &command{
	name:     "fit",
	synopsis: "fit a mixture to CSV data by EM and print it as JSON",
	help: `
Usage: gmm fit -k K [-covariance full|diag|spherical|tied | -model EII|VII|...|VVV]
               [-init auto|kmeans|kmeans++|random-points|random-resp|hc|split|neighbour] [-restarts N]
               [-max-iter N] [-tol X] [-reg X] [-seed S] [-o model.json] [-stream] data.csv

Fit fits a K-component Gaussian mixture to the rows of data.csv by EM (gmm.Fit),
keeping the best of the restarts, and prints a JSON object with the fields

	k, dim, covariance          K, D and the covariance type (or -model's name)
	weights                     the K weights π_k
	means                       the K means μ_k (K×D)
	covariances                 the K covariances Σ_k as full D×D matrices
	log_likelihood              Σ_i log p(x_i), total over the rows
	mean_log_likelihood         log_likelihood / N
	iterations, converged       EM iterations of the best run, and whether it met -tol
	bic, aic                    −2 log L + p log N and −2 log L + 2p: lower is better
	n_parameters                p, the number of free parameters

-model fits one of mclust's fourteen covariance models Σ_k = λ_k D_k A_k D_kᵀ
(EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV, VEV, EVV, VVV; see
gmm.Model) instead of -covariance; full, diag, spherical and tied are VVV, VVI,
VII and EEE. The printed covariance is the covariance type's name for those
four models (so -model VVV prints "full") and the model's name for the other
ten (such as "VEV"); the covariances are printed in full either way, and gmm
score and gmm sample load the file under that model (gmm.Load checks that its
covariances satisfy the model's constraints). EM stops when the mean log-likelihood changes by less than -tol (as
scikit-learn), or after -max-iter iterations (exactly -max-iter with -tol 0).
-reg X adds X to the diagonal of every covariance (0: none); without -reg, the
default adds 1e-6 times the data's mean column variance when that is below 1
(gmm.Settings.Reg), so that data on any small scale fit as well as data on unit
scale. A mixture's likelihood has local optima. The default -init auto
(gmm.InitAuto) combines kinds of start: hc, the K−1 fit with each component
split, then k-means++, random responsibilities and fits of the neighbouring
models (one letter of the model's name changed) in turn, 20 restarts (unless
-restarts is given) each run to -tol 1e-9 or 5000 iterations (unless given),
keeping the best that has no collapsed component. -init kmeans with the flags'
plain defaults (1 restart, -tol 1e-3, 100 iterations) is scikit-learn's much
cheaper default, which often stops at a worse optimum. -o also writes the model, for gmm score and gmm sample,
only if everything else succeeds (a temporary file renamed into place); it
refuses a path that is a symbolic link, a directory, a device or a FIFO. The
printed JSON loads as a model too. "-" reads the data from standard input.

-stream reads data.csv (a file, not standard input) once per iteration instead
of holding it (gmm.FitStream), so memory does not grow with its rows; the start
is drawn from a seeded sample of 100 000 rows, and -restarts must be 1.`,
	run: runFit,
}

// fitFlags are the EM settings shared by fit and select.
type fitFlags struct {
	fs                *flag.FlagSet
	init              *string
	restarts, maxIter *int
	tol, reg          *float64
	seed              *uint64
}

func addFitFlags(fs *flag.FlagSet) *fitFlags {
	return &fitFlags{
		fs:       fs,
		init:     fs.String("init", "auto", "initialisation: auto, kmeans, kmeans++, random-points, random-resp, hc, split or neighbour"),
		restarts: fs.Int("restarts", 1, "EM runs from different starts; the best is kept (unset with -init auto: 20)"),
		maxIter:  fs.Int("max-iter", 100, "maximum EM iterations per run (unset with -init auto: 5000)"),
		tol:      fs.Float64("tol", 1e-3, "convergence tolerance on the change of the mean log-likelihood; 0: run -max-iter iterations (unset with -init auto: 1e-9)"),
		reg:      fs.Float64("reg", 0, "added to the diagonal of every covariance; 0 for none (unset: 1e-6 × min(1, the data's mean column variance))"),
		seed:     fs.Uint64("seed", 1, "random seed"),
	}
}

// settings returns the EM settings for covariance type ct, with a fresh source
// from the seed: the same flags give the same fit in fit and in select.
func (f *fitFlags) settings(ct gmm.CovarianceType) (*gmm.Settings, error) {
	init, err := gmm.ParseInit(*f.init)
	if err != nil || init == gmm.InitMixture {
		return nil, usagef("unknown -init %q (want auto, kmeans, kmeans++, random-points, random-resp, hc, split or neighbour)", *f.init)
	}
	if *f.restarts < 1 {
		return nil, usagef("-restarts must be at least 1, got %d", *f.restarts)
	}
	if *f.maxIter < 1 {
		return nil, usagef("-max-iter must be at least 1, got %d", *f.maxIter)
	}
	if !(*f.tol >= 0) || math.IsInf(*f.tol, 1) {
		return nil, usagef("-tol must be zero or positive and finite, got %v", *f.tol)
	}
	if !(*f.reg >= 0) || math.IsInf(*f.reg, 1) {
		return nil, usagef("-reg must be zero or positive and finite, got %v", *f.reg)
	}
	tol, reg := *f.tol, *f.reg
	if tol == 0 {
		tol = gmm.NoTol
	}
	switch {
	case !f.isSet("reg"):
		reg = 0 // gmm's default, scaled to the data
	case reg == 0:
		reg = gmm.NoReg
	}
	maxIter, restarts := *f.maxIter, *f.restarts
	if init == gmm.InitAuto {
		// Unset flags take InitAuto's defaults (the zero values).
		if !flagSet(f.fs, "tol") {
			tol = 0
		}
		if !flagSet(f.fs, "max-iter") {
			maxIter = 0
		}
		if !flagSet(f.fs, "restarts") {
			restarts = 0
		}
	}
	return &gmm.Settings{
		Covariance: ct,
		MaxIter:    maxIter,
		Tol:        tol,
		Reg:        reg,
		Restarts:   restarts,
		Init:       init,
		Src:        source(*f.seed),
	}, nil
}

// isSet reports whether the flag name was given on the command line.
func (f *fitFlags) isSet(name string) bool {
	set := false
	f.fs.Visit(func(fl *flag.Flag) { set = set || fl.Name == name })
	return set
}

// fitReport is the JSON that fit prints, its fields in order: the model's, then
// the fit's.
type fitReport struct {
	K           int           `json:"k"`
	Dim         int           `json:"dim"`
	Covariance  string        `json:"covariance"`
	Weights     []float64     `json:"weights"`
	Means       [][]float64   `json:"means"`
	Covariances [][][]float64 `json:"covariances"`
	fitStatistics
}

// fitStatistics are the fields of fit's report after the model's.
type fitStatistics struct {
	LogLikelihood     float64 `json:"log_likelihood"`
	MeanLogLikelihood float64 `json:"mean_log_likelihood"`
	Iterations        int     `json:"iterations"`
	Converged         bool    `json:"converged"`
	BIC               float64 `json:"bic"`
	AIC               float64 `json:"aic"`
	NParameters       int     `json:"n_parameters"`
}

func runFit(c *context, args []string) error {
	k := c.flags.Int("k", 0, "number of components K (required)")
	cov := c.flags.String("covariance", "full", "covariance type: full, diag, spherical or tied")
	modelName := c.flags.String("model", "", "covariance model, one of mclust's fourteen (EII, …, VVV); replaces -covariance")
	ff := addFitFlags(c.flags)
	vf := addVariationalFlags(c.flags)
	outPath := c.flags.String("o", "", "also write the fitted model to `file` (JSON)")
	stream := c.flags.Bool("stream", false, "stream the file: read it once per iteration, never whole")
	dataPath, err := c.parseDataFile(args)
	if err != nil {
		return err
	}
	var out *outputFile
	if *outPath != "" {
		if out, err = c.output(*outPath); err != nil {
			return err
		}
	}
	if *k < 1 {
		return usagef("-k must be at least 1, got %d", *k)
	}
	ct, err := gmm.ParseCovarianceType(*cov)
	if err != nil {
		return usageError{message(err)}
	}
	s, err := ff.settings(ct)
	if err != nil {
		return err
	}
	if *modelName != "" {
		if flagSet(c.flags, "covariance") {
			return usagef("give -model or -covariance, not both")
		}
		m, err := gmm.ParseModel(*modelName)
		if err != nil {
			return usageError{message(err)}
		}
		s.Covariance, s.Model = gmm.Full, m
	}
	vs, err := vf.settings(s)
	if err != nil {
		return err
	}
	if vs != nil && *modelName != "" {
		return usagef("-model does not apply to a variational fit")
	}
	if *stream && *modelName != "" {
		return usagef("-model does not apply to a streamed fit: use -covariance")
	}
	if *stream {
		return c.fitStream(dataPath, *k, s, vs != nil, out)
	}
	t, err := c.readData(dataPath)
	if err != nil {
		return err
	}
	if vs != nil {
		m, report, err := fitVariational(t, *k, vs)
		if err != nil {
			return err
		}
		if err := saveModel(out, m); err != nil {
			return err
		}
		c.out.Write(report)
		return nil
	}
	res, err := gmm.Fit(t.Data, nil, *k, s)
	if err != nil {
		return err
	}
	if err := saveModel(out, res.Mixture); err != nil {
		return err
	}
	return c.writeOut(func(w io.Writer) error { return writeFitReport(w, res) })
}

// saveModel writes m to the temporary file of out, if out is not nil: it is
// renamed into place only if the command succeeds.
func saveModel(out *outputFile, m *gmm.Mixture) error {
	if out == nil {
		return nil
	}
	return out.write(m.Save)
}

// writeFitReport writes the JSON that fit prints for res to w, one field per
// line: the model's fields as Mixture.Save writes them, streamed (a diagonal
// model's D×D covariances are never held), then the fit's.
func writeFitReport(w io.Writer, res *gmm.Result) error {
	fit, err := json.Marshal(fitStatistics{
		LogLikelihood:     res.LogLikelihood,
		MeanLogLikelihood: res.MeanLogLikelihood,
		Iterations:        res.Iterations,
		Converged:         res.Converged,
		BIC:               res.BIC,
		AIC:               res.AIC,
		NParameters:       res.NumParams,
	})
	if err != nil {
		return err
	}
	return jsonobj.Extend(w, res.Mixture.Save, fit)
}
