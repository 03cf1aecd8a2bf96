package main

import (
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"gmmbook/gmm"
	"gmmbook/gmm/internal/csvdata"
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
"-" reads standard input. The rows are read, scored and written in chunks of
max(1, 65536/max(D, K)), so memory does not grow with the number of rows; a bad
row stops the output there, with exit status 1.`,
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
	r := c.stdin
	if dataPath != "-" {
		f, err := os.Open(dataPath)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	rd, err := csvdata.NewReader(r)
	if err != nil {
		return &dataError{dataPath, err}
	}
	if rd.Width() != m.Dim() {
		return fmt.Errorf("%s has %d columns, the model has dimension %d", displayName(dataPath), rd.Width(), m.Dim())
	}
	w := newCSVWriter(c.out)
	w.strings(scoreHeader(m.K()))
	chunk := max(1, chunkValues/max(m.Dim(), m.K()))
	for {
		x, err := rd.ReadRows(chunk)
		if err == io.EOF {
			return nil
		}
		if err != nil {
			return &dataError{dataPath, err}
		}
		writeScores(w, m, x)
		if err := c.flushOut(); err != nil {
			return err
		}
	}
}

// scoreHeader returns log_density, label, resp_0, …, resp_{k−1}.
func scoreHeader(k int) []string {
	header := make([]string, 0, k+2)
	header = append(header, "log_density", "label")
	for j := 0; j < k; j++ {
		header = append(header, "resp_"+strconv.Itoa(j))
	}
	return header
}

// writeScores writes the row of scores of every row of x.
func writeScores(w *csvWriter, m *gmm.Mixture, x *mat.Dense) {
	logResp, _ := m.LogResponsibilitiesTo(nil, x)
	logDens := m.LogProbsTo(nil, x)
	labels := m.LabelsTo(nil, x)
	for i, lp := range logDens {
		w.float(lp)
		w.int(labels[i])
		for _, lr := range logResp.RawRowView(i) {
			w.float(math.Exp(lr))
		}
		w.end()
	}
}
