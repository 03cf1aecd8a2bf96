// Command gmmbench times this module's EM and k-means against scikit-learn on the
// benchmark workloads of scripts/bench/gen.py, from the same fixed start.
//
// Usually run through scripts/bench.sh, which installs Debian's scikit-learn,
// generates the data and builds this command. Subcommands:
//
//	gmmbench compare [flags]   alternate Go and scikit-learn processes, print a table
//	gmmbench run [flags]       one Go measurement, printed as one JSON line
//	gmmbench scaling [flags]   seconds per iteration against N, with a log-log plot
//	gmmbench table FILE.jsonl  the table (and with -png the scaling plot) again from saved measurements
//
// Every measurement runs in its own process (so its peak RSS is its own) and times,
// after a small warm-up, one fit of 1 iteration, T(1), and one of I iterations,
// T(I). Seconds per iteration is the marginal (median T(I) − median T(1)) / (I − 1)
// over the repetitions. EM is plain maximum likelihood: no covariance
// regularisation, no stopping rule, exactly I iterations.
package main

import (
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		fmt.Fprintln(os.Stderr, "usage: gmmbench compare|run|scaling|table [flags] (-h for help)")
		os.Exit(2)
	}
	var err error
	switch os.Args[1] {
	case "compare":
		err = compareCommand(os.Args[2:])
	case "run":
		err = runCommand(os.Args[2:])
	case "scaling":
		err = scalingCommand(os.Args[2:])
	case "table":
		err = tableCommand(os.Args[2:])
	default:
		err = fmt.Errorf("gmmbench: unknown subcommand %q (want compare, run, scaling or table)", os.Args[1])
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
