package gmm

import (
	"fmt"
	"math/rand/v2"
	"testing"
)

// BenchmarkComponentTile times one component's work on one tile of tileRows rows
// in the full sweep (D = 10, 17): the E-step kernel (triLogDensity) and the
// statistics, by rootMoments and scatterSym ("stats", the path for D ≥ 24) or by
// momentsSym (the path below 24), and their parts, in ns per row.
func BenchmarkComponentTile(b *testing.B) {
	rng := rand.New(rand.NewPCG(3, 4))
	for _, d := range []int{10, 17} {
		const ld = tileLD
		xt := randSlice(rng, d*ld, 1)
		g := make([]float64, ld)
		for i := range g {
			g[i] = rng.Float64()
		}
		shift := randSlice(rng, d, 1)
		f := newWhitener(randSlice(rng, d*(d+1)/2, 1), randSlice(rng, d, 1), d)
		sc := newSweepScratch(1, d)
		sc.blk = make([]float64, scatterBlockLen(d))
		s1 := make([]float64, d)
		out := make([]float64, tileRows)
		b.Run(fmt.Sprintf("d=%d/estep", d), func(b *testing.B) {
			for b.Loop() {
				triLogDensity(f, xt, out, ld, tileRows, 1)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
		b.Run(fmt.Sprintf("d=%d/stats", d), func(b *testing.B) {
			for b.Loop() {
				rootMoments(xt, g, shift, sc.root, sc.tt, s1, ld, d, tileRows)
				scatterSym(sc.tt, sc.blk, ld, d, tileRows)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
		xp := make([]float64, scatterRows(d)*ld)
		copy(xp, xt)
		sp := shifts4(shift, d)
		mb := make([]float64, momentsBlockLen(d))
		b.Run(fmt.Sprintf("d=%d/moments-sym", d), func(b *testing.B) {
			for b.Loop() {
				momentsSym(xp, g, sp, mb, ld, d, tileRows)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
		b.Run(fmt.Sprintf("d=%d/root", d), func(b *testing.B) {
			for b.Loop() {
				rootMoments(xt, g, shift, sc.root, sc.tt, s1, ld, d, tileRows)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
		b.Run(fmt.Sprintf("d=%d/scatter-uv", d), func(b *testing.B) {
			for b.Loop() {
				scatterBlocks(sc.tt, sc.tt, sc.blk, ld, d, tileRows)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
		b.Run(fmt.Sprintf("d=%d/scatter-sym", d), func(b *testing.B) {
			for b.Loop() {
				scatterSym(sc.tt, sc.blk, ld, d, tileRows)
			}
			b.ReportMetric(b.Elapsed().Seconds()*1e9/float64(b.N*tileRows), "ns/row")
		})
	}
}
