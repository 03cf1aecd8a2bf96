package gmm

import (
	"fmt"
	"testing"
)

// kmeansBenchShapes are the shapes of the k-means workloads of gmmbench (W2–W5)
// with N cut to 10⁵ rows, then to 4096 rows (the data in the second-level or
// third-level cache).
var kmeansBenchShapes = []struct{ n, d, k int }{{100000, 10, 10}, {100000, 50, 5}, {100000, 2, 3}, {4096, 10, 10}, {4096, 50, 5}, {4096, 2, 3}}

// BenchmarkKMeansSweep times one Lloyd assignment sweep on one worker, from the
// first K rows as centres. Besides the wall clock it reports the process CPU time
// per sweep (cpu-ns/op, where the platform has it), steadier on a loaded machine.
func BenchmarkKMeansSweep(b *testing.B) {
	for _, s := range kmeansBenchShapes {
		b.Run(fmt.Sprintf("N=%d,D=%d,K=%d", s.n, s.d, s.k), func(b *testing.B) {
			x, _ := benchData(b, s.n, s.d, s.k, Full)
			ks := newKMeansSweeper(x, nil, s.k, 1)
			st := newKMeansStats(s.k, s.d)
			centres := rawCenters(x.Slice(0, s.k, 0, s.d))
			labels := make([]int, s.n)
			b.ReportAllocs()
			b.ResetTimer()
			c0 := processCPU()
			for i := 0; i < b.N; i++ {
				ks.run(centres, labels, st)
			}
			if c0 >= 0 {
				b.ReportMetric(float64(processCPU()-c0)/float64(b.N), "cpu-ns/op")
			}
		})
	}
}
