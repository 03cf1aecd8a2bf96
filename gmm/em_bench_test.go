package gmm

import "testing"

// BenchmarkEMShapes times one EM iteration (M-step and sweep, one goroutine) at the
// shapes of the benchmark workloads W1 (N = 10⁴, D = 2, K = 3), W2 (10⁵, 10, 10)
// and W4 (10⁵, 50, 5), for full, diagonal and tied covariances. Besides the wall
// time it reports the process CPU time per iteration ("cpu-ms/op", steadier on a
// loaded machine) and the full model's flop count per CPU second (N·K·(2D² + 7D),
// the flop model of docs/bench, for every type).
func BenchmarkEMShapes(b *testing.B) {
	shapes := []struct {
		name    string
		n, d, k int
	}{{"W1", 10000, 2, 3}, {"W2", 100000, 10, 10}, {"W4", 100000, 50, 5}}
	for _, s := range shapes {
		for _, ct := range []CovarianceType{Full, Diagonal, Tied} {
			b.Run(s.name+"/"+ct.String(), func(b *testing.B) {
				x, m := benchData(b, s.n, s.d, s.k, ct)
				cfg, err := newConfig(&Settings{Covariance: ct, Init: InitMixture, Start: m, Workers: 1, Reg: NoReg})
				if err != nil {
					b.Fatal(err)
				}
				e := newEM(x, nil, float64(s.n), s.k, cfg)
				if _, err := e.sweep(m, nil, 0); err != nil {
					b.Fatal(err)
				}
				next, err := e.mstep(m, 1)
				if err != nil {
					b.Fatal(err)
				}
				c0 := processCPU()
				for b.Loop() {
					// Always step from the same statistics (those of next's sweep
					// are overwritten, so step from next to next).
					if _, err := e.sweep(next, nil, 1); err != nil {
						b.Fatal(err)
					}
					if _, err := e.mstep(next, 2); err != nil {
						b.Fatal(err)
					}
				}
				cpu := float64(processCPU()-c0) / 1e9 / float64(b.N)
				b.ReportMetric(cpu*1e3, "cpu-ms/op")
				fl := float64(s.n*s.k) * float64(2*s.d*s.d+7*s.d)
				b.ReportMetric(fl/cpu/1e9, "GFLOP/cpu-s")
			})
		}
	}
}
