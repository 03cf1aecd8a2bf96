package main

import (
	"bytes"
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
	ff := addFitFlags(c.flags)
	dataPath, err := c.parseDataFile(args)
	if err != nil {
		return err
	}
	kList, err := parseKList(*ks)
	if err != nil {
		return err
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
