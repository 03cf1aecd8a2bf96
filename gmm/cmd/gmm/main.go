// Command gmm fits Gaussian mixture models to CSV data, scores data under a fitted
// model, samples from a model and chooses the number of components by BIC.
//
// Usage:
//
//	gmm fit -k K [-covariance full|diag|spherical|tied] [-init kmeans++|kmeans|random-points|random-resp]
//	        [-restarts N] [-max-iter N] [-tol X] [-reg X] [-seed S] [-o model.json] data.csv
//	gmm score -model model.json data.csv
//	gmm sample -model model.json -n N [-seed S]
//	gmm select [-k 1-9] [-covariance full,diag,...] [fit flags] data.csv
//
// Data files are CSV with one row per observation and an optional header row (a
// first row with no numeric field); "-" reads standard input. A model file is the
// JSON written by gmm.Mixture.Save (`fit -o`), and the JSON that `fit` prints loads
// as a model too. Every random choice comes from -seed, so a command prints the
// same output every time it runs on the same input.
//
// On success a command prints its result on standard output and exits 0. On
// failure it prints nothing on standard output, writes no file, prints the message
// on standard error and exits 1; a usage mistake exits 2. `gmm CMD -h` prints the
// usage of CMD.
package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/csvdata"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand. Its run writes its output to out, which is copied to
// standard output only if run returns nil.
type command struct {
	name, synopsis, help string
	run                  func(c *context, args []string) error
}

// context is what a subcommand's run gets: its flag set, standard input, the
// buffered output, and standard error for warnings.
type context struct {
	flags  *flag.FlagSet
	stdin  io.Reader
	out    *bytes.Buffer
	stderr io.Writer
}

var commands = []*command{fitCommand, scoreCommand, sampleCommand, selectCommand}

// usageError is a mistake in the command line: exit status 2.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error { return usageError{fmt.Sprintf(format, args...)} }

// run runs the command line args (without the program name) and returns the exit
// status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		mainUsage(stderr)
		return 2
	}
	name := args[0]
	if name == "-h" || name == "-help" || name == "--help" || name == "help" {
		if len(args) > 1 {
			if c := lookup(args[1]); c != nil {
				return runCommand(c, []string{"-h"}, stdin, stdout, stderr)
			}
		}
		mainUsage(stdout)
		return 0
	}
	c := lookup(name)
	if c == nil {
		fmt.Fprintf(stderr, "gmm: unknown command %q\n\n", name)
		mainUsage(stderr)
		return 2
	}
	return runCommand(c, args[1:], stdin, stdout, stderr)
}

func lookup(name string) *command {
	for _, c := range commands {
		if c.name == name {
			return c
		}
	}
	return nil
}

func mainUsage(w io.Writer) {
	fmt.Fprintf(w, "gmm fits and uses Gaussian mixture models on CSV data.\n\nUsage:\n\n")
	for _, c := range commands {
		fmt.Fprintf(w, "\tgmm %-7s %s\n", c.name, c.synopsis)
	}
	fmt.Fprintf(w, "\nRun \"gmm COMMAND -h\" for the flags of a command.\n")
}

func runCommand(c *command, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("gmm "+c.name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	ctx := &context{flags: fs, stdin: stdin, out: new(bytes.Buffer), stderr: stderr}
	err := c.run(ctx, args)
	switch {
	case errors.Is(err, flag.ErrHelp):
		commandUsage(c, fs, stdout)
		return 0
	case errors.As(err, new(usageError)):
		fmt.Fprintf(stderr, "gmm %s: %v\n", c.name, err)
		fmt.Fprintf(stderr, "Run \"gmm %s -h\" for usage.\n", c.name)
		return 2
	case err != nil:
		fmt.Fprintf(stderr, "gmm %s: %s\n", c.name, message(err))
		return 1
	}
	if _, err := stdout.Write(ctx.out.Bytes()); err != nil {
		fmt.Fprintf(stderr, "gmm %s: writing output: %v\n", c.name, err)
		return 1
	}
	return 0
}

func commandUsage(c *command, fs *flag.FlagSet, w io.Writer) {
	fmt.Fprintf(w, "%s\n\nFlags:\n", strings.TrimSpace(c.help))
	fs.SetOutput(w)
	fs.PrintDefaults()
	fs.SetOutput(io.Discard)
}

// parse parses args, allowing flags after the positional arguments too
// (`gmm fit data.csv -k 3`), and returns the positional arguments. A flag error is
// a usageError; -h is flag.ErrHelp.
func (c *context) parse(args []string) ([]string, error) {
	var pos []string
	for {
		if err := c.flags.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, err
			}
			return nil, usageError{err.Error()}
		}
		args = c.flags.Args()
		if len(args) == 0 {
			return pos, nil
		}
		if args[0] == "--" {
			return append(pos, args[1:]...), nil
		}
		pos = append(pos, args[0])
		args = args[1:]
	}
}

// parseDataFile parses args as parse does and returns the one positional
// argument, the data file.
func (c *context) parseDataFile(args []string) (string, error) {
	pos, err := c.parse(args)
	if err != nil {
		return "", err
	}
	switch len(pos) {
	case 0:
		return "", usagef("missing data file")
	case 1:
		return pos[0], nil
	}
	return "", usagef("want one data file, got %d arguments: %q", len(pos), pos)
}

// source returns the random source for a seed: PCG with the seed as its first
// state word.
func source(seed uint64) rand.Source { return rand.NewPCG(seed, 0x9e3779b97f4a7c15) }

// readData reads the CSV file at path ("-": standard input).
func (c *context) readData(path string) (*csvdata.Table, error) {
	r := c.stdin
	if path != "-" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		r = f
	}
	t, err := csvdata.Read(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", displayName(path), message(err))
	}
	return t, nil
}

// message returns the text of an error of the library (gmm or csvdata) without
// its package prefix, since the command names itself; other errors as they are.
// The library's errors say so by a Message method.
func message(err error) string {
	if m, ok := err.(interface{ Message() string }); ok {
		return m.Message()
	}
	return err.Error()
}

func displayName(path string) string {
	if path == "-" {
		return "standard input"
	}
	return path
}

// loadModel reads the mixture in the JSON file at path.
func loadModel(path string) (*gmm.Mixture, error) {
	if path == "" {
		return nil, usagef("missing -model")
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m, err := gmm.Load(f)
	if err != nil {
		return nil, fmt.Errorf("%s: %s", path, message(err))
	}
	return m, nil
}

// checkDim returns an error unless the data have the model's dimension.
func checkDim(m *gmm.Mixture, t *csvdata.Table, path string) error {
	if _, d := t.Data.Dims(); d != m.Dim() {
		return fmt.Errorf("%s has %d columns, the model has dimension %d", displayName(path), d, m.Dim())
	}
	return nil
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, renamed into place only once complete, so that path is either left
// untouched or holds all of data.
func writeFileAtomic(path string, data []byte) (err error) {
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	if _, err = tmp.Write(data); err != nil {
		return err
	}
	if err = tmp.Chmod(0o644); err != nil {
		return err
	}
	if err = tmp.Sync(); err != nil {
		return err
	}
	if err = tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}
