package mcmc

import (
	"encoding/csv"
	"math"
	"os"
	"strconv"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
)

// readDraws reads testdata/draws.csv into columns[param][chain][iter].
func readDraws(t *testing.T) (names []string, cols [][][]float64) {
	t.Helper()
	f, err := os.Open("testdata/draws.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	names = recs[0][2:]
	cols = make([][][]float64, len(names))
	for _, r := range recs[1:] {
		c, err := strconv.Atoi(r[0])
		if err != nil {
			t.Fatal(err)
		}
		for j := range names {
			v, err := strconv.ParseFloat(r[2+j], 64)
			if err != nil {
				t.Fatal(err)
			}
			for len(cols[j]) < c {
				cols[j] = append(cols[j], nil)
			}
			cols[j][c-1] = append(cols[j][c-1], v)
		}
	}
	return names, cols
}

func TestDiagnosticsMatchRstan(t *testing.T) {
	// Values calculated by rstan 2.21.7 (Debian r-cran-rstan, R 4.2.2) with
	// testdata/diagnostics.R: Rhat, ess_bulk, ess_tail, and the internal
	// ess_mean, mcse_mean (and mcse_sd, not compared: MCSESD uses the delta
	// method on centred squares instead), on the 200 × 4 matrix of each column
	// of testdata/draws.csv. NaN stands for R's NA (an indicator that is constant).
	// rstan's R autocovariance is scaled by M/N where M is the FFT size; with
	// split chains of 100 draws M = N, so the numbers are exact.
	want := map[string][6]float64{
		"ar09":       {1.04235119492848, 75.8293839422325, 170.593940609884, 74.3381204817891, 0.231042917152939, 0.164017326331064},
		"shifted":    {1.1456012260588, 20.0090874685985, 510.279326892453, 19.9603590676206, 0.260950692900434, 0.187285484987173},
		"cauchy":     {1.00486270176766, 659.332545692686, 775.75416535589, 816.472647457539, 18.9787070545134, 13.4247693632478},
		"antithetic": {1.00024736807273, 2322.47198959356, 700.523283650975, 2322.47198959356, 0.0261149767595395, 0.0453100262024096},
		"ties":       {0.999817211889127, 823.950156813802, math.NaN(), 826.024132168188, 0.0216603219871552, 0.0153215719075549},
	}
	names, cols := readDraws(t)
	for j, name := range names {
		x := cols[j]
		got := [5]float64{Rhat(x), BulkESS(x), TailESS(x), ESS(x), MCSE(x)}
		for i, label := range []string{"Rhat", "BulkESS", "TailESS", "ESS", "MCSE"} {
			w := want[name][i]
			if math.IsNaN(w) {
				if !math.IsNaN(got[i]) {
					t.Errorf("%s %s: %v, want NaN", name, label, got[i])
				}
				continue
			}
			if !scalar.EqualWithinAbsOrRel(got[i], w, 1e-10, 1e-10) {
				t.Errorf("%s %s: %.15g, want %.15g (rstan)", name, label, got[i], w)
			}
		}
	}
}

func TestAutocovarianceMatchesDirectSum(t *testing.T) {
	x := []float64{1, 3, -2, 5, 0.5, 4, -1, 2, 7}
	var mean float64
	for _, v := range x {
		mean += v
	}
	mean /= float64(len(x))
	got := Autocovariance(x)
	for lag := range x {
		var s float64
		for i := 0; i+lag < len(x); i++ {
			s += (x[i] - mean) * (x[i+lag] - mean)
		}
		if want := s / float64(len(x)); !scalar.EqualWithinAbsOrRel(got[lag], want, 1e-12, 1e-12) {
			t.Errorf("lag %d: %v, want %v", lag, got[lag], want)
		}
	}
}

func TestQuantileType7(t *testing.T) {
	// R: quantile(c(3, 1, 4, 1, 5, 9, 2, 6), c(0, 0.05, 0.5, 0.9, 1)) gives
	// 1, 1, 3.5, 6.9, 9 (type 7).
	x := []float64{3, 1, 4, 1, 5, 9, 2, 6}
	for _, tc := range []struct{ p, want float64 }{{0, 1}, {0.05, 1}, {0.5, 3.5}, {0.9, 6.9}, {1, 9}} {
		if got := Quantile(x, tc.p); !scalar.EqualWithinAbs(got, tc.want, 1e-12) {
			t.Errorf("Quantile(%v) = %v, want %v", tc.p, got, tc.want)
		}
	}
}

func TestSplitChainsOddLength(t *testing.T) {
	got := SplitChains([][]float64{{1, 2, 3, 4, 5}})
	if len(got) != 2 || got[0][0] != 1 || got[0][1] != 2 || got[1][0] != 4 || got[1][1] != 5 || len(got[1]) != 2 {
		t.Errorf("SplitChains odd = %v, want [[1 2] [4 5]] (middle dropped, as rstan)", got)
	}
}

func TestRankNormalizeTies(t *testing.T) {
	z := RankNormalize([][]float64{{2, 1, 2, 3}})
	// ranks 2.5, 1, 2.5, 4 of 4: Φ⁻¹(0.5) = 0 for both tied values.
	if z[0][0] != 0 || z[0][2] != 0 || !(z[0][1] < 0) || !(z[0][3] > 0) || z[0][1] != -z[0][3] {
		t.Errorf("RankNormalize = %v", z)
	}
}
