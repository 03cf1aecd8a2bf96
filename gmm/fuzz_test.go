package gmm

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// FuzzLoad checks that Load never panics, agrees with json.Unmarshal, keeps
// error messages short, and that a model it accepts saves and loads back to the
// same JSON and has a finite log-density at its first mean. Seeds: the f.Add
// calls and testdata/fuzz/FuzzLoad.
func FuzzLoad(f *testing.F) {
	for _, s := range []string{
		`{"k":2,"dim":1,"covariance":"full","weights":[0.5,0.5],"means":[[0],[10]],"covariances":[[[1]],[[1]]]}`,
		`{"covariance":"diag","weights":[1],"means":[[0,1]],"covariances":[[[1,0],[0,2]]]}`,
		`{"covariance":"tied","weights":[0.25,0.75],"means":[[0],[1]],"covariances":[[[2]],[[2]]]}`,
		`{"covariance":"spherical","weights":[1],"means":[[0,0]],"covariances":[[[3,0],[0,3]]],"bic":1}`,
		`{"Weights":[1],"means":[[0]],"covariances":[[[1]]]}`,
		`{"weights":[1],"weights":[1],"means":[[0]],"covariances":[[[1]]]}`,
		`{"weights":[5e-324,1],"means":[[0],[1]],"covariances":[[[1e-308]],[[1e308]]]}`,
		`{"covariance":"VEV","weights":[0.5,0.5],"means":[[0,0],[3,3]],"covariances":[[[2,0.5],[0.5,1]],[[4,-1],[-1,2]]]}`,
		`{"covariance":"EVI","weights":[0.5,0.5],"means":[[0,0],[3,3]],"covariances":[[[2,0],[0,0.5]],[[1,0],[0,1]]]}`,
		`{"covariance":"e","weights":[0.5,0.5],"means":[[0],[3]],"covariances":[[[2]],[[2]]]}`,
		`[]`, `null`, `{"weights":[1],"means":[[0]],"covariances":[[[1]]]} x`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		m, err := Load(bytes.NewReader(in))
		var u Mixture
		uerr := json.Unmarshal(in, &u)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "gmm: ") || len(err.Error()) > 400 {
				t.Fatalf("error %.300q", err)
			}
			if uerr == nil && json.Valid(in) {
				t.Fatalf("Load failed (%v), Unmarshal succeeded", err)
			}
			return
		}
		if uerr != nil {
			t.Fatalf("Load succeeded, Unmarshal failed: %v", uerr)
		}
		var saved bytes.Buffer
		if err := m.Save(&saved); err != nil {
			t.Fatal(err)
		}
		again, err := Load(bytes.NewReader(saved.Bytes()))
		if err != nil {
			t.Fatalf("saved model does not load: %v\n%s", err, saved.Bytes())
		}
		a, _ := json.Marshal(m)
		b, _ := json.Marshal(again)
		if !bytes.Equal(a, b) {
			t.Fatalf("round trip changed the model:\n%s\n%s", a, b)
		}
		if lp := m.LogProb(m.Mean(0)); math.IsNaN(lp) || math.IsInf(lp, 1) {
			t.Fatalf("log-density at mean 0 is %v", lp)
		}
	})
}
