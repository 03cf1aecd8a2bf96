package main

import (
	"errors"
	"math"
	"strconv"
)

// maxSample is the largest -n of gmm sample: 10⁹ rows, some 40 GB of CSV for
// D = 2.
const maxSample = 1_000_000_000

// chunkValues is the number of values a streaming command holds at a time: it
// reads, scores or draws max(1, chunkValues/D) rows, then writes them.
const chunkValues = 1 << 16

var sampleCommand = &command{
	name:     "sample",
	synopsis: "draw points from a model, with their components",
	help: `
Usage: gmm sample -model model.json -n N [-seed S]

Sample draws N points by the latent-variable route: for each point a component
s ~ Cat(π), then x ~ N(μ_s, Σ_s). It prints a header row x0,...,x{D-1},label and
one CSV row per point, its label being s (counted from 0). The same seed gives the
same points. To fit the points again, drop the label column first
(e.g. cut -d, -f1-2 for D = 2).

N is at most 1e9 (it may be written 1e6 for 1000000). The rows are drawn and
written in chunks of max(1, 65536/D), so memory does not grow with N.`,
	run: runSample,
}

// countFlag is a flag.Value for a count of at least 1 and at most max, written as
// an integer (1000000) or a float with an integral value (1e6).
type countFlag struct {
	n, max int
	set    bool
}

func (f *countFlag) String() string {
	if f == nil || !f.set {
		return ""
	}
	return strconv.Itoa(f.n)
}

func (f *countFlag) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	switch {
	case err != nil && !errors.Is(err, strconv.ErrRange) || v != math.Trunc(v):
		return usagef("%q is not a whole number", s)
	case v < 1:
		return usagef("must be at least 1, got %s", s)
	case v > float64(f.max):
		return usagef("%s is past the maximum %d", s, f.max)
	}
	f.n, f.set = int(v), true
	return nil
}

func runSample(c *context, args []string) error {
	modelPath := c.flags.String("model", "", "model `file` (JSON written by gmm fit -o)")
	n := &countFlag{max: maxSample}
	c.flags.Var(n, "n", "number of points to draw (required, 1 to 1e9)")
	seed := c.flags.Uint64("seed", 1, "random seed")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q", pos)
	}
	if !n.set {
		return usagef("missing -n")
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}

	header := make([]string, 0, m.Dim()+1)
	for j := 0; j < m.Dim(); j++ {
		header = append(header, "x"+strconv.Itoa(j))
	}
	w := newCSVWriter(c.out)
	w.strings(append(header, "label"))
	// Consecutive calls of Sample continue the stream of src, so the rows are
	// those of one call of Sample(N) whenever N fits in one chunk.
	src := source(*seed)
	chunk := max(1, chunkValues/m.Dim())
	for left := n.n; left > 0; left -= chunk {
		x, labels := m.Sample(min(left, chunk), src)
		for i, s := range labels {
			for _, v := range x.RawRowView(i) {
				w.float(v)
			}
			w.int(s)
			w.end()
		}
		if err := c.flushOut(); err != nil {
			return err
		}
	}
	return nil
}
