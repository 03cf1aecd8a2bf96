package main

import (
	"math"
	"strconv"
)

var scoreCommand = &command{
	name:     "score",
	synopsis: "per-row log-density, label and responsibilities of data under a model",
	help: `
Usage: gmm score -model model.json data.csv

Score prints one CSV row per data row, after a header row:

	log_density,label,resp_0,...,resp_{K-1}

log_density is log p(x) under the mixture, label the most responsible component
(counted from 0) and resp_k the responsibility γ_k = π_k N(x | μ_k, Σ_k) / p(x);
the responsibilities of a row sum to 1. data.csv must have the model's dimension;
"-" reads standard input.`,
	run: runScore,
}

func runScore(c *context, args []string) error {
	modelPath := c.flags.String("model", "", "model `file` (JSON written by gmm fit -o)")
	dataPath, err := c.parseDataFile(args)
	if err != nil {
		return err
	}
	m, err := loadModel(*modelPath)
	if err != nil {
		return err
	}
	t, err := c.readData(dataPath)
	if err != nil {
		return err
	}
	if err := checkDim(m, t, dataPath); err != nil {
		return err
	}
	logResp, _ := m.LogResponsibilitiesTo(nil, t.Data)
	logDens := m.LogProbsTo(nil, t.Data)
	labels := m.LabelsTo(nil, t.Data)

	k := m.K()
	header := make([]string, 0, k+2)
	header = append(header, "log_density", "label")
	for j := 0; j < k; j++ {
		header = append(header, "resp_"+strconv.Itoa(j))
	}
	w := newCSVWriter(c.out)
	w.strings(header)
	for i, lp := range logDens {
		w.float(lp)
		w.int(labels[i])
		for _, lr := range logResp.RawRowView(i) {
			w.float(math.Exp(lr))
		}
		w.end()
	}
	return nil
}
