package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"gmmbook/gmm"
)

var selectCommand = &command{
	name:     "select",
	synopsis: "choose K (and the covariance type) by BIC and AIC",
	help: `
Usage: gmm select [-k 1-9] [-covariance full,diag,spherical,tied]
                  [-init ...] [-restarts N] [-max-iter N] [-tol X] [-reg X] [-seed S]
                  data.csv
       gmm select -models all|EII,VVV,... [-k 1-9] [-restarts N] [-seed S] [-json]
                  data.csv

With -models, select compares mclust's covariance models (all fourteen, or a
comma-separated list of EII, VII, EEI, VEI, EVI, VVI, EEE, VEE, EVE, VVE, EEV,
VEV, EVV, VVV) for every K, by gmm.SelectModels: each row is the best regular
fit of EM run to convergence (change of the total log-likelihood below 1e-8)
from HC's partition, -restarts k-means++ and -restarts random-responsibility
starts (default 8 each), and the K−1 fit with a component split in two. It
prints a table

	model  k  log_likelihood  n_parameters  bic  icl  converged  degenerate  best

where BIC = −2 log L + p log N and ICL = BIC − 2 Σ_i log γ_i,c(i) (c(i) the
most responsible component), both lower is better (mclust reports −BIC and
−ICL, larger being better there); best marks the lowest BIC, the lowest ICL and
the highest log-likelihood. With -json it prints one JSON array of objects with
the fields model, k, log_likelihood, n_parameters, bic, icl, converged and
degenerate. -init, -max-iter, -tol and -reg do not apply with -models.

Without -models:

Select fits a mixture for every K in the -k list (like "1-9", "3" or "1-4,6")
and every covariance type in -covariance (all four when it is not given), with
the EM flags of gmm fit: each fit gives what gmm fit with the same flags gives.
It prints a table with one row per fit:

	covariance  k  n_parameters  log_likelihood  bic  aic  converged  best

BIC = −2 log L + p log N and AIC = −2 log L + 2p, lower is better (as
scikit-learn; mclust reports −BIC). The best column marks the fit with the
lowest BIC and the one with the lowest AIC. A fit that fails (K > N, say) shows
"failed: ..." there; select fails only if every fit does. EM stops at local
optima, which can make a larger K look worse: for a reliable table use several
-restarts and a small -tol (e.g. -restarts 10 -tol 1e-8 -max-iter 10000).`,
	run: runSelect,
}

func runSelect(c *context, args []string) error {
	ks := c.flags.String("k", "1-9", "component counts to try: a list of K and ranges like 1-9")
	covs := c.flags.String("covariance", "", "covariance types to try, comma-separated (default all: full,diag,spherical,tied)")
	models := c.flags.String("models", "", "mclust models to compare: all, or a comma-separated list like EII,VVV")
	asJSON := c.flags.Bool("json", false, "with -models: print a JSON array instead of the table")
	ff := addFitFlags(c.flags)
	dataPath, err := c.parseDataFile(args)
	if err != nil {
		return err
	}
	kList, err := parseKList(*ks)
	if err != nil {
		return err
	}
	if *models != "" || *asJSON {
		if *covs != "" {
			return usagef("give -models or -covariance, not both")
		}
		return runSelectModels(c, dataPath, *models, kList, ff, *asJSON)
	}
	types, err := parseTypes(*covs)
	if err != nil {
		return err
	}
	// gmm.Select gives every fit a copy of the seeded source: each row is what
	// gmm fit with the same flags prints.
	s, err := ff.settings(gmm.Full)
	if err != nil {
		return err
	}
	t, err := c.readData(dataPath)
	if err != nil {
		return err
	}
	cands, err := gmm.Select(t.Data, nil, kList, types, s)
	if err != nil {
		return err
	}
	writeSelectTable(c.out, cands)
	return nil
}

// writeSelectTable writes the candidates as an aligned table, marking the lowest
// BIC and AIC.
func writeSelectTable(out io.StringWriter, cands []gmm.Candidate) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "covariance\tk\tn_parameters\tlog_likelihood\tbic\taic\tconverged\tbest")
	for _, c := range cands {
		if c.Err != nil {
			msg := message(c.Err)
			fmt.Fprintf(tw, "%v\t%d\t-\t-\t-\t-\t-\tfailed: %s\n", c.Covariance, c.K, msg)
			continue
		}
		var marks []string
		if c.BestBIC {
			marks = append(marks, "BIC")
		}
		if c.BestAIC {
			marks = append(marks, "AIC")
		}
		fmt.Fprintf(tw, "%v\t%d\t%d\t%.4f\t%.4f\t%.4f\t%t\t%s\n", c.Covariance, c.K, c.NumParams,
			c.LogLikelihood, c.BIC, c.AIC, c.Result.Converged, strings.Join(marks, ","))
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		out.WriteString(strings.TrimRight(line, " \n"))
		if line != "" {
			out.WriteString("\n")
		}
	}
}

// parseKList parses a list like "1-9", "3" or "1-4,6,8" into increasing
// distinct positive integers.
func parseKList(s string) ([]int, error) {
	seen := map[int]bool{}
	var ks []int
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		lo, hi, isRange := strings.Cut(part, "-")
		a, errA := strconv.Atoi(strings.TrimSpace(lo))
		b, errB := a, error(nil)
		if isRange {
			b, errB = strconv.Atoi(strings.TrimSpace(hi))
		}
		if errA != nil || errB != nil || a < 1 || b < a {
			return nil, usagef("bad -k %q: want K ≥ 1 or ranges like 1-9, comma-separated", s)
		}
		if b-a > 1000 {
			return nil, usagef("bad -k %q: range too long", s)
		}
		for k := a; k <= b; k++ {
			if !seen[k] {
				seen[k] = true
				ks = append(ks, k)
			}
		}
	}
	slices.Sort(ks)
	return ks, nil
}

// parseTypes parses a comma-separated list of covariance types; "" means all.
func parseTypes(s string) ([]gmm.CovarianceType, error) {
	if strings.TrimSpace(s) == "" {
		return gmm.CovarianceTypes(), nil
	}
	var types []gmm.CovarianceType
	seen := map[gmm.CovarianceType]bool{}
	for _, name := range strings.Split(s, ",") {
		ct, err := gmm.ParseCovarianceType(name)
		if err != nil {
			return nil, usageError{message(err)}
		}
		if !seen[ct] {
			seen[ct] = true
			types = append(types, ct)
		}
	}
	return types, nil
}

// runSelectModels is select with -models.
func runSelectModels(c *context, dataPath, names string, ks []int, ff *fitFlags, asJSON bool) error {
	ms, err := parseModels(names)
	if err != nil {
		return err
	}
	if *ff.restarts < 1 {
		return usagef("-restarts must be at least 1, got %d", *ff.restarts)
	}
	restarts := 0 // SelectModels' default
	if flagSet(c.flags, "restarts") {
		restarts = *ff.restarts
	}
	t, err := c.readData(dataPath)
	if err != nil {
		return err
	}
	rows, err := gmm.SelectModels(t.Data, nil, ms, ks, &gmm.SelectSettings{Restarts: restarts, Src: source(*ff.seed)})
	if err != nil {
		return err
	}
	if asJSON {
		return writeModelsJSON(c.out, rows)
	}
	writeModelsTable(c.out, rows)
	return nil
}

// flagSet reports whether the flag was given on the command line.
func flagSet(fs *flag.FlagSet, name string) bool {
	set := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			set = true
		}
	})
	return set
}

// parseModels parses "all" or a comma-separated list of model names.
func parseModels(s string) ([]gmm.Model, error) {
	if s == "" || strings.EqualFold(strings.TrimSpace(s), "all") {
		return gmm.Models(), nil
	}
	var ms []gmm.Model
	seen := map[gmm.Model]bool{}
	for _, name := range strings.Split(s, ",") {
		m, err := gmm.ParseModel(name)
		if err != nil {
			return nil, usageError{message(err)}
		}
		if !seen[m] {
			seen[m] = true
			ms = append(ms, m)
		}
	}
	return ms, nil
}

// modelRow is one object of select -models -json.
type modelRow struct {
	Model         string  `json:"model"`
	K             int     `json:"k"`
	LogLikelihood float64 `json:"log_likelihood"`
	NParameters   int     `json:"n_parameters"`
	BIC           float64 `json:"bic"`
	ICL           float64 `json:"icl"`
	Converged     bool    `json:"converged"`
	Degenerate    bool    `json:"degenerate"`
}

func writeModelsJSON(out io.Writer, rows []gmm.ModelFit) error {
	objs := make([]modelRow, len(rows))
	for i, r := range rows {
		objs[i] = modelRow{r.Model.String(), r.K, r.LogLikelihood, r.NumParams, r.BIC, r.ICL, r.Converged, r.Degenerate}
	}
	b, err := json.MarshalIndent(objs, "", "  ")
	if err != nil {
		return err
	}
	_, err = fmt.Fprintf(out, "%s\n", b)
	return err
}

// bestRows returns the indices of the rows with the lowest BIC, the lowest ICL
// and the highest log-likelihood.
func bestRows(rows []gmm.ModelFit) (bic, icl, ll int) {
	for i, r := range rows {
		if r.BIC < rows[bic].BIC {
			bic = i
		}
		if r.ICL < rows[icl].ICL {
			icl = i
		}
		if r.LogLikelihood > rows[ll].LogLikelihood {
			ll = i
		}
	}
	return bic, icl, ll
}

func writeModelsTable(out io.StringWriter, rows []gmm.ModelFit) {
	var buf bytes.Buffer
	tw := tabwriter.NewWriter(&buf, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "model\tk\tlog_likelihood\tn_parameters\tbic\ticl\tconverged\tdegenerate\tbest")
	bic, icl, ll := bestRows(rows)
	for i, r := range rows {
		var marks []string
		if i == bic {
			marks = append(marks, "BIC")
		}
		if i == icl {
			marks = append(marks, "ICL")
		}
		if i == ll {
			marks = append(marks, "loglik")
		}
		fmt.Fprintf(tw, "%v\t%d\t%.4f\t%d\t%.4f\t%.4f\t%t\t%t\t%s\n", r.Model, r.K, r.LogLikelihood,
			r.NumParams, r.BIC, r.ICL, r.Converged, r.Degenerate, strings.Join(marks, ","))
	}
	tw.Flush()
	for _, line := range strings.SplitAfter(buf.String(), "\n") {
		out.WriteString(strings.TrimRight(line, " \n"))
		if line != "" {
			out.WriteString("\n")
		}
	}
}
