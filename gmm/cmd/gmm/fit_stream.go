package main

import (
	"gmmbook/gmm"
)

// fitData fits k components to the CSV data at path with settings s: read
// whole by gmm.Fit, or, with stream, read once per iteration by gmm.FitStream.
func (c *context) fitData(path string, k int, s *gmm.Settings, stream bool) (*gmm.Result, error) {
	if !stream {
		t, err := c.readData(path)
		if err != nil {
			return nil, err
		}
		return gmm.Fit(t.Data, nil, k, s)
	}
	if path == "-" {
		return nil, usagef("-stream reads the data file once per iteration: give a file, not standard input")
	}
	if s.Restarts > 1 {
		return nil, usagef("-stream runs one EM: -restarts must be 1, got %d", s.Restarts)
	}
	return gmm.FitStream(gmm.CSVFile(path), k, &gmm.StreamSettings{Settings: *s})
}
