// Command gmm fits Gaussian mixture models to CSV data, scores data under a fitted
// model, samples from a model and chooses the number of components by BIC.
//
// Usage:
//
//	gmm fit -k K [-covariance full|diag|spherical|tied] [-init auto|kmeans|kmeans++|random-points|random-resp|hc|split|neighbour]
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
// failure it writes no file, prints the message on standard error and exits 1; a
// usage mistake exits 2. fit and select print nothing on standard output on
// failure; score and sample stream their rows, so an error met after the first
// rows (a bad field deep in a large file, a full disk) ends their output early,
// and the exit status says it is incomplete. A file named by -o is written to a
// temporary file and renamed into place only once everything else, standard
// output included, has succeeded; -o refuses a symbolic link, a directory, a
// device or a FIFO. docs/robustness.md lists what the command promises on bad
// input and its limits. `gmm CMD -h` prints the usage of CMD.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/csvdata"
)

func main() {
	interrupted := make(chan os.Signal, 1)
	signal.Notify(interrupted, os.Interrupt, syscall.SIGTERM)
	go func() {
		sig := <-interrupted
		removeTemps()
		fmt.Fprintf(os.Stderr, "gmm: %v: stopped, no file written\n", sig)
		os.Exit(1)
	}()
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// command is one subcommand. Its run writes its output to the context's out;
// standard output receives what out holds once it is flushed or full.
type command struct {
	name, synopsis, help string
	run                  func(c *context, args []string) error
}

// context is what a subcommand's run gets: its flag set, standard input, the
// buffered standard output, standard error for warnings, and the -o files to
// rename into place once run and the final flush of out have succeeded.
type context struct {
	flags  *flag.FlagSet
	stdin  io.Reader
	out    *bufio.Writer
	stderr io.Writer
	files  []*outputFile
}

// errOutput wraps a failure to write standard output.
var errOutput = errors.New("writing output")

// flushOut flushes the buffered standard output: streaming commands call it
// after each chunk of rows, so that a failed write stops them early.
func (c *context) flushOut() error {
	if err := c.out.Flush(); err != nil {
		return fmt.Errorf("%w: %w", errOutput, err)
	}
	return nil
}

// writeOut writes to the buffered standard output by write, which may flush
// it; a failure wraps errOutput.
func (c *context) writeOut(write func(io.Writer) error) error {
	if err := write(c.out); err != nil {
		return fmt.Errorf("%w: %w", errOutput, err)
	}
	return nil
}

// output checks the -o path and returns the file to write it with; the file is
// renamed into place only if the command succeeds.
func (c *context) output(path string) (*outputFile, error) {
	o, err := checkOutput(path)
	if err != nil {
		return nil, err
	}
	c.files = append(c.files, o)
	return o, nil
}

// finish flushes standard output and then renames the -o files into place.
func (c *context) finish() error {
	if err := c.flushOut(); err != nil {
		return err
	}
	for _, f := range c.files {
		if err := f.commit(); err != nil {
			return err
		}
	}
	return nil
}

// discard removes the temporary files of a failed run.
func (c *context) discard() {
	for _, f := range c.files {
		f.discard()
	}
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
	ctx := &context{flags: fs, stdin: stdin, out: bufio.NewWriter(stdout), stderr: stderr}
	err := c.run(ctx, args)
	if err == nil {
		err = ctx.finish()
	}
	if err != nil {
		ctx.discard()
	}
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
		return nil, &dataError{path, err}
	}
	return t, nil
}

// dataError is an error in the data file at path (wrapping csvdata's error).
type dataError struct {
	path string
	err  error
}

func (e *dataError) Error() string { return displayName(e.path) + ": " + message(e.err) }

func (e *dataError) Unwrap() error { return e.err }

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
