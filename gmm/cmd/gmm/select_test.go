package main

import (
	"fmt"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gmmbook/gmm"
	"gmmbook/gmm/datasets"
	"gmmbook/gmm/internal/csvdata"

	"gonum.org/v1/gonum/mat"
)

// selectTable parses select's output into its rows of fields, checking the header.
func selectTable(t *testing.T, out string) [][]string {
	t.Helper()
	lines := strings.Split(strings.TrimRight(out, "\n"), "\n")
	if got := strings.Fields(lines[0]); strings.Join(got, " ") != "covariance k n_parameters log_likelihood bic aic converged best" {
		t.Fatalf("header %q", lines[0])
	}
	var rows [][]string
	for _, l := range lines[1:] {
		if l != strings.TrimRight(l, " ") {
			t.Errorf("trailing spaces in %q", l)
		}
		rows = append(rows, strings.Fields(l))
	}
	return rows
}

// TestSelectFindsTrueK draws from article D's three well separated components:
// BIC must be lowest at K = 3, and every K's figures must be what fit prints.
func TestSelectFindsTrueK(t *testing.T) {
	data, x := writeSample(t, articleD(t), []int{200, 200, 200}, 21)
	rows := selectTable(t, gmmOK(t, "", "select", "-k", "1-6", "-covariance", "full", "-seed", "5", data))
	if len(rows) != 6 {
		t.Fatalf("%d rows, want 6", len(rows))
	}
	for i, row := range rows {
		k := i + 1
		if row[0] != "full" || row[1] != strconv.Itoa(k) {
			t.Errorf("row %d is %q", i, row)
		}
		if got, want := row[2], strconv.Itoa(gmm.NumParams(gmm.Full, k, 2)); got != want {
			t.Errorf("K=%d: n_parameters %s, want %s", k, got, want)
		}
		bic := len(row) == 8 && strings.Contains(row[7], "BIC")
		if bic != (k == 3) {
			t.Errorf("K=%d: best marks %q; BIC should be lowest at K=3", k, row[7:])
		}
		// The same flags in fit give the same fit.
		r := decodeReport(t, gmmOK(t, "", "fit", "-k", strconv.Itoa(k), "-seed", "5", data))
		for j, v := range []float64{r.LogLikelihood, r.BIC, r.AIC} {
			if got := fmt.Sprintf("%.4f", v); row[3+j] != got {
				t.Errorf("K=%d: select printed %s, fit gives %s", k, row[3+j], got)
			}
		}
		if k == 3 {
			checkReportStatistics(t, r, x, gmm.NumParams(gmm.Full, 3, 2))
		}
	}
}

// TestSelectAllTypes runs every covariance type when -covariance is not given and
// marks the single lowest BIC and AIC of the whole table.
func TestSelectAllTypes(t *testing.T) {
	data, _ := writeSample(t, articleD(t), []int{100, 100, 100}, 22)
	rows := selectTable(t, gmmOK(t, "", "select", "-k", "2-4", data))
	if len(rows) != 12 {
		t.Fatalf("%d rows, want 12", len(rows))
	}
	minBIC, minAIC := math.Inf(1), math.Inf(1)
	var markedBIC, markedAIC []string
	for i, row := range rows {
		if want := gmm.CovarianceTypes()[i/3].String(); row[0] != want || row[1] != strconv.Itoa(2+i%3) {
			t.Errorf("row %d is %q, want %s K=%d", i, row, want, 2+i%3)
		}
		bic, err1 := strconv.ParseFloat(row[4], 64)
		aic, err2 := strconv.ParseFloat(row[5], 64)
		if err1 != nil || err2 != nil {
			t.Fatalf("row %q", row)
		}
		minBIC, minAIC = math.Min(minBIC, bic), math.Min(minAIC, aic)
		if len(row) == 8 {
			if strings.Contains(row[7], "BIC") {
				markedBIC = row
			}
			if strings.Contains(row[7], "AIC") {
				markedAIC = row
			}
		}
	}
	if markedBIC == nil || markedBIC[4] != fmt.Sprintf("%.4f", minBIC) {
		t.Errorf("BIC marked on %q, the lowest is %.4f", markedBIC, minBIC)
	}
	if markedAIC == nil || markedAIC[5] != fmt.Sprintf("%.4f", minAIC) {
		t.Errorf("AIC marked on %q, the lowest is %.4f", markedAIC, minAIC)
	}
	// Article D's components are spherical with equal variance: the lowest BIC
	// should be at K = 3, whichever type carries it.
	if markedBIC != nil && markedBIC[1] != "3" {
		t.Errorf("lowest BIC at %q, want K = 3", markedBIC)
	}
}

// TestSelectReportsFailedFits keeps the fits that work when some K cannot be
// fitted, and fails when none can.
func TestSelectReportsFailedFits(t *testing.T) {
	data := writeTemp(t, "d.csv", "1,2\n2,1\n5,6\n6,5.5\n")
	rows := selectTable(t, gmmOK(t, "", "select", "-k", "1-5", "-covariance", "spherical", data))
	if len(rows) != 5 || rows[4][2] != "-" || !strings.HasPrefix(rows[4][7], "failed:") {
		t.Errorf("rows %q: want K = 5 > N = 4 marked failed", rows)
	}
	gmmFails(t, 1, "every fit failed", "", "select", "-k", "5-6", data)
	gmmFails(t, 2, "bad -k", "", "select", "-k", "3-1", data)
	gmmFails(t, 2, "bad -k", "", "select", "-k", "0-3", data)
	gmmFails(t, 2, "unknown covariance type", "", "select", "-covariance", "full,banded", data)
	gmmFails(t, 1, `"a" is not a number`, "1,2\na,b\n", "select", "-")
}

func TestParseKList(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want string
	}{
		{"1-9", "[1 2 3 4 5 6 7 8 9]"},
		{"3", "[3]"},
		{"6, 1-3 ,2", "[1 2 3 6]"},
		{"4-4", "[4]"},
	} {
		got, err := parseKList(tc.in)
		if err != nil || fmt.Sprint(got) != tc.want {
			t.Errorf("parseKList(%q) = %v, %v; want %s", tc.in, got, err, tc.want)
		}
	}
	for _, bad := range []string{"", "0", "a", "3-", "-3", "5-2", "1-2-3", "1,,2", "1-100000"} {
		if got, err := parseKList(bad); err == nil {
			t.Errorf("parseKList(%q) = %v, want an error", bad, got)
		}
	}
}

// TestSelectFaithfulMatchesScikitLearn runs select on Old Faithful
// (testdata/faithful.csv, the rows of gmm/datasets.Faithful) with a tight
// tolerance and compares the tied-covariance BIC with scikit-learn's (whose 50
// starts reach the same optima as our 5).
func TestSelectFaithfulMatchesScikitLearn(t *testing.T) {
	// scikit-learn 1.2.1 (Debian python3-sklearn), for K = 1..4:
	//   GaussianMixture(n_components=K, covariance_type="tied", n_init=50,
	//                   tol=1e-8, max_iter=10000, random_state=0).fit(X).bic(X)
	sklearnBIC := []float64{2607.622500, 2325.219935, 2314.295682, 2320.137496}
	out := gmmOK(t, "", "select", "-k", "1-4", "-covariance", "tied", "-restarts", "5",
		"-tol", "1e-8", "-max-iter", "10000", "testdata/faithful.csv")
	rows := selectTable(t, out)
	if len(rows) != 4 {
		t.Fatalf("%d rows, want 4:\n%s", len(rows), out)
	}
	for i, row := range rows {
		bic, err := strconv.ParseFloat(row[4], 64)
		if err != nil {
			t.Fatal(err)
		}
		// The table prints 4 decimals.
		if math.Abs(bic-sklearnBIC[i]) > 1e-4 {
			t.Errorf("K=%d: BIC %v, scikit-learn %v", i+1, bic, sklearnBIC[i])
		}
		if marked := len(row) == 8 && strings.Contains(row[7], "BIC"); marked != (i == 2) {
			t.Errorf("K=%d: marks %q; scikit-learn's lowest BIC is at K = 3", i+1, row[7:])
		}
	}
}

// TestFaithfulTestdata keeps testdata/faithful.csv equal to gmm/datasets.Faithful.
func TestFaithfulTestdata(t *testing.T) {
	f, err := os.Open("testdata/faithful.csv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	tab, err := csvdata.Read(f)
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(tab.Header, ",") != "eruptions,waiting" || !mat.Equal(tab.Data, datasets.Faithful()) {
		t.Error("testdata/faithful.csv differs from datasets.Faithful()")
	}
}
