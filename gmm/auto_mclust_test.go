package gmm

import (
	"fmt"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"
)

// TestAutoReachesBestKnown checks that Fit with the default settings (InitAuto
// and its defaults) reaches the best known regular optimum (mclust's me() at a
// tight tolerance from 16 starts, to 1e-3) for every model and K ≤ 4 on Old
// Faithful and iris, from the default source.
func TestAutoReachesBestKnown(t *testing.T) {
	if testing.Short() {
		t.Skip("14 models × 4 K × 10 restarts on two data sets")
	}
	for _, set := range mclustSets(t) {
		for _, m := range Models() {
			for g := 1; g <= 4; g++ {
				best := set.ref.Best[m.String()][g-1]
				if best == nil {
					continue
				}
				res, err := Fit(set.x, nil, g, &Settings{Model: m})
				if err != nil {
					t.Errorf("%s %v G=%d: %v", set.name, m, g, err)
					continue
				}
				if res.LogLikelihood < *best-1e-3 || res.Degenerate {
					t.Errorf("%s %v G=%d: log-likelihood %.4f (degenerate %v), best known %.4f", set.name, m, g, res.LogLikelihood, res.Degenerate, *best)
				}
			}
		}
	}
}

// TestDefaultReachesBestKnown checks, also in short mode, the two fits where
// the previous default (one k-means start, tol 1e-3) fell short: Fit with nil
// Settings reaches the best known optimum (mclust's me(), as above) of Old
// Faithful, full (VVV), K = 3 (−1114.440; k-means starts stop at −1119.214)
// and of iris, diagonal (VVI), K = 3 (−306.860, not −307.178), to 1e-3,
// converged at InitAuto's tolerance.
func TestDefaultReachesBestKnown(t *testing.T) {
	for _, c := range []struct {
		set int
		s   *Settings
		m   Model
	}{
		{0, nil, VVV},
		{1, &Settings{Covariance: Diagonal}, VVI},
	} {
		set := mclustSets(t)[c.set]
		best := *set.ref.Best[c.m.String()][2]
		r, err := Fit(set.x, nil, 3, c.s)
		if err != nil {
			t.Fatal(err)
		}
		if r.LogLikelihood < best-1e-3 || !r.Converged || r.Degenerate || len(r.Restarts) != DefaultAutoRestarts {
			t.Errorf("%s %v K = 3: log-likelihood %.4f (converged %v, degenerate %v, %d restarts), best known %.4f",
				set.name, c.m, r.LogLikelihood, r.Converged, r.Degenerate, len(r.Restarts), best)
		}
	}
}

// TestAutoShares measures, for every model and K ≤ 4, the share of InitAuto fits
// from GMM_AUTO_SEEDS different sources that reach the best known optimum. It is
// a measurement, run only when GMM_AUTO_SEEDS is set (GMM_AUTO_MODELS, a
// comma-separated list of models, restricts it), and lists the fits that miss.
func TestAutoShares(t *testing.T) {
	seeds, _ := strconv.Atoi(os.Getenv("GMM_AUTO_SEEDS"))
	if seeds == 0 {
		t.Skip("set GMM_AUTO_SEEDS to measure")
	}
	models := Models()
	if names := os.Getenv("GMM_AUTO_MODELS"); names != "" {
		models = nil
		for _, name := range strings.Split(names, ",") {
			m, err := ParseModel(name)
			if err != nil {
				t.Fatal(err)
			}
			models = append(models, m)
		}
	}
	for _, set := range mclustSets(t) {
		for _, m := range models {
			hits, total := 0, 0
			var misses []string
			for g := 1; g <= 4; g++ {
				best := set.ref.Best[m.String()][g-1]
				if best == nil {
					continue
				}
				for seed := 0; seed < seeds; seed++ {
					res, err := Fit(set.x, nil, g, &Settings{Model: m, Init: InitAuto, Src: rand.NewPCG(uint64(seed), 7)})
					total++
					switch {
					case err != nil:
						misses = append(misses, fmt.Sprintf("K=%d seed %d: %v", g, seed, err))
					case res.Degenerate || res.LogLikelihood < *best-1e-3:
						misses = append(misses, fmt.Sprintf("K=%d seed %d: %.3f (best %.3f)", g, seed, res.LogLikelihood, *best))
					default:
						hits++
					}
				}
			}
			t.Logf("%s %v: %d of %d fits (K = 1…4 × %d seeds) reach the best known optimum %v", set.name, m, hits, total, seeds, misses)
		}
	}
}
