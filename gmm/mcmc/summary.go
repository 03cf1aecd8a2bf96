package mcmc

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/gonum/mat"
)

// ParamSummary describes the posterior draws of one scalar parameter.
type ParamSummary struct {
	Name             string
	Mean, SD         float64
	MCSE, MCSESD     float64 // Monte Carlo standard errors of Mean and SD
	Q025, Q50, Q975  float64 // 2.5 %, 50 % and 97.5 % quantiles (type 7)
	Rhat             float64 // rank-normalised split R-hat
	BulkESS, TailESS float64
}

// Summary is a table of parameter summaries.
type Summary []ParamSummary

// Column returns the draws of column j of every chain's matrix as chains[c][i].
// It panics if j is out of range.
func Column(draws []*mat.Dense, j int) [][]float64 {
	out := make([][]float64, len(draws))
	for c, d := range draws {
		out[c] = mat.Col(nil, j, d)
	}
	return out
}

// Draws returns the kept draws of every chain, one matrix per chain.
func (r *Result) Draws() []*mat.Dense {
	out := make([]*mat.Dense, len(r.Chains))
	for c, ch := range r.Chains {
		out[c] = ch.Draws
	}
	return out
}

// Summarize returns the summary of every column of draws (one matrix per chain,
// draws × parameters, all of the same shape) named by names; a nil names uses
// "x[j]". It panics if the shapes disagree or a chain has fewer than 4 draws.
func Summarize(draws []*mat.Dense, names []string) Summary {
	if len(draws) == 0 {
		panic("mcmc: no chains to summarize")
	}
	_, p := draws[0].Dims()
	if names != nil && len(names) != p {
		panic("mcmc: number of names differs from the number of parameters")
	}
	out := make(Summary, p)
	for j := range out {
		x := Column(draws, j)
		all := allDraws(x)
		mean, v := meanVar(all)
		name := fmt.Sprintf("x[%d]", j)
		if names != nil {
			name = names[j]
		}
		out[j] = ParamSummary{
			Name: name, Mean: mean, SD: math.Sqrt(v),
			MCSE: MCSE(x), MCSESD: MCSESD(x),
			Q025: Quantile(all, 0.025), Q50: Quantile(all, 0.5), Q975: Quantile(all, 0.975),
			Rhat: Rhat(x), BulkESS: BulkESS(x), TailESS: TailESS(x),
		}
	}
	return out
}

// Param returns the summary of the parameter called name. It returns an
// error if the table has no such parameter.
func (s Summary) Param(name string) (ParamSummary, error) {
	for _, p := range s {
		if p.Name == name {
			return p, nil
		}
	}
	return ParamSummary{}, fmt.Errorf("mcmc: no parameter %q in the summary", name)
}

// MinBulkESS returns the smallest bulk ESS in the table (the slowest parameter).
func (s Summary) MinBulkESS() float64 {
	m := math.Inf(1)
	for _, p := range s {
		m = math.Min(m, p.BulkESS)
	}
	return m
}

// MaxRhat returns the largest R-hat in the table.
func (s Summary) MaxRhat() float64 {
	m := math.Inf(-1)
	for _, p := range s {
		m = math.Max(m, p.Rhat)
	}
	return m
}

var summaryHeader = []string{"param", "mean", "mcse", "sd", "2.5%", "50%", "97.5%", "R-hat", "ess_bulk", "ess_tail"}

func (p ParamSummary) cells() []string {
	return []string{
		p.Name,
		fmt.Sprintf("%.4f", p.Mean), fmt.Sprintf("%.4f", p.MCSE), fmt.Sprintf("%.4f", p.SD),
		fmt.Sprintf("%.4f", p.Q025), fmt.Sprintf("%.4f", p.Q50), fmt.Sprintf("%.4f", p.Q975),
		fmt.Sprintf("%.3f", p.Rhat), fmt.Sprintf("%.0f", p.BulkESS), fmt.Sprintf("%.0f", p.TailESS),
	}
}

// String formats the summary as an aligned plain-text table.
func (s Summary) String() string {
	rows := [][]string{summaryHeader}
	for _, p := range s {
		rows = append(rows, p.cells())
	}
	width := make([]int, len(summaryHeader))
	for _, r := range rows {
		for i, c := range r {
			width[i] = max(width[i], len(c))
		}
	}
	var b strings.Builder
	for _, r := range rows {
		for i, c := range r {
			if i == 0 {
				fmt.Fprintf(&b, "%-*s", width[i], c)
			} else {
				fmt.Fprintf(&b, "  %*s", width[i], c)
			}
		}
		b.WriteByte('\n')
	}
	return b.String()
}

// Markdown formats the summary as a Markdown table: the parameter names
// left-aligned, the numbers right-aligned.
func (s Summary) Markdown() string {
	var b strings.Builder
	b.WriteString("| " + strings.Join(summaryHeader, " | ") + " |\n| :--- |")
	for range summaryHeader[1:] {
		b.WriteString(" ---: |")
	}
	b.WriteByte('\n')
	for _, p := range s {
		b.WriteString("| " + strings.Join(p.cells(), " | ") + " |\n")
	}
	return b.String()
}
