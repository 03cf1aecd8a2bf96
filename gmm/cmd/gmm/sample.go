package main

import (
	"strconv"
)

var sampleCommand = &command{
	name:     "sample",
	synopsis: "draw points from a model, with their components",
	help: `
Usage: gmm sample -model model.json -n N [-seed S]

Sample draws N points by the latent-variable route: for each point a component
s ~ Cat(π), then x ~ N(μ_s, Σ_s). It prints a header row x0,...,x{D-1},label and
one CSV row per point, its label being s (counted from 0). The same seed gives the
same points. To fit the points again, drop the label column first
(e.g. cut -d, -f1-2 for D = 2).`,
	run: runSample,
}

func runSample(c *context, args []string) error {
	modelPath := c.flags.String("model", "", "model `file` (JSON written by gmm fit -o)")
	n := c.flags.Int("n", 0, "number of points to draw (required, at least 1)")
	seed := c.flags.Uint64("seed", 1, "random seed")
	pos, err := c.parse(args)
	if err != nil {
		return err
	}
	if len(pos) > 0 {
		return usagef("unexpected arguments %q", pos)
	}
	if *n < 1 {
		return usagef("-n must be at least 1, got %d", *n)
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}
	x, labels := m.Sample(*n, source(*seed))

	header := make([]string, 0, m.Dim()+1)
	for j := 0; j < m.Dim(); j++ {
		header = append(header, "x"+strconv.Itoa(j))
	}
	w := newCSVWriter(c.out)
	w.strings(append(header, "label"))
	for i, s := range labels {
		for _, v := range x.RawRowView(i) {
			w.float(v)
		}
		w.int(s)
		w.end()
	}
	return nil
}
