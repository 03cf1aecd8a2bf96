package main

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
)

// scalingCommand times both sides on the first N rows of one workload for several
// N and draws seconds per iteration against N on log-log axes.
func scalingCommand(args []string) error {
	c := compareConfig{log: os.Stderr}
	fs := flag.NewFlagSet("scaling", flag.ContinueOnError)
	addCommon(fs, &c)
	workload := fs.String("workload", "W3", "workload whose leading rows are used (D=10, K=10 for W3)")
	cov := fs.String("cov", "full", "covariance type")
	sizes := fs.String("n", "10000,31623,100000,316228,1000000", "comma-separated numbers of rows")
	png := fs.String("png", "docs/scaling.png", "output plot")
	jsonPath := fs.String("json", "", "append every measurement as a JSON line to this file")
	metric := fs.String("metric", "wall", "what to plot: wall (seconds) or cpu (process CPU seconds; use with -threads 1)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if err := c.setup(); err != nil {
		return err
	}
	closeJSON, err := c.openJSON(*jsonPath)
	if err != nil {
		return err
	}
	defer closeJSON()
	c.workloads, c.covs = []string{*workload}, []string{*cov}
	var all []row
	for _, s := range strings.Split(*sizes, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(s))
		if err != nil || n <= 0 {
			return fmt.Errorf("gmmbench: bad size %q", s)
		}
		c.rows = n
		rows, err := c.run()
		if err != nil {
			return err
		}
		all = append(all, rows...)
	}
	printTable(os.Stdout, all, nil)
	return plotScaling(*png, all, *workload, *cov, *metric)
}

func plotScaling(path string, rows []row, workload, cov, metric string) error {
	p := plot.New()
	r0 := rows[0]
	p.Title.Text = fmt.Sprintf("EM (%s covariance) on the first N rows of %s: D=%d, K=%d", cov, workload, r0.d, r0.k)
	p.X.Label.Text = "N (rows)"
	p.Y.Label.Text = "seconds per iteration"
	per := perIter
	switch metric {
	case "wall":
	case "cpu":
		per = cpuPerIter
		p.Y.Label.Text = "CPU seconds per iteration"
	default:
		return fmt.Errorf("gmmbench: unknown metric %q (want wall or cpu)", metric)
	}
	if r0.sk[0].Threads > 0 {
		p.Title.Text += fmt.Sprintf(", %d thread(s) per side", r0.sk[0].Threads)
	}
	p.X.Scale, p.Y.Scale = plot.LogScale{}, plot.LogScale{}
	p.X.Tick.Marker, p.Y.Tick.Marker = plot.LogTicks{Prec: -1}, plot.LogTicks{Prec: -1}
	sk, gm := make(plotter.XYs, len(rows)), make(plotter.XYs, len(rows))
	for i, r := range rows {
		sk[i] = plotter.XY{X: float64(r.n), Y: per(r.sk)}
		gm[i] = plotter.XY{X: float64(r.n), Y: per(r.gm)}
	}
	for _, s := range []struct {
		name string
		xy   plotter.XYs
		dash []vg.Length
	}{{"scikit-learn 1.2.1", sk, []vg.Length{vg.Points(4), vg.Points(3)}}, {"gmmbook (Go)", gm, nil}} {
		for _, q := range s.xy {
			if q.Y <= 0 {
				return fmt.Errorf("gmmbench: non-positive time %g s/it at N=%g: too noisy, repeat with more -reps or -iters", q.Y, q.X)
			}
		}
		l, pts, err := plotter.NewLinePoints(s.xy)
		if err != nil {
			return err
		}
		l.Dashes = s.dash
		p.Add(l, pts)
		p.Legend.Add(s.name, l, pts)
	}
	p.Legend.Top, p.Legend.Left = true, true
	return p.Save(7*vg.Inch, 4.5*vg.Inch, path)
}
