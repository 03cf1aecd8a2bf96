package main

import (
	"io"

	"gmmbook/gmm"
)

// fitStream is fit -stream: EM by gmm.FitStream on the CSV file at path, read
// once per iteration, with settings s; variational says whether variational
// flags were given (-stream does not take them).
func (c *context) fitStream(path string, k int, s *gmm.Settings, variational bool, out *outputFile) error {
	if path == "-" {
		return usagef("-stream reads the data file once per iteration: give a file, not standard input")
	}
	if s.Restarts > 1 {
		return usagef("-stream runs one EM: -restarts must be 1, got %d", s.Restarts)
	}
	if variational {
		return usagef("-stream fits by EM: it does not take the variational flags")
	}
	res, err := gmm.FitStream(gmm.CSVFile(path), k, &gmm.StreamSettings{Settings: *s})
	if err != nil {
		return err
	}
	if err := saveModel(out, res.Mixture); err != nil {
		return err
	}
	return c.writeOut(func(w io.Writer) error { return writeFitReport(w, res) })
}
