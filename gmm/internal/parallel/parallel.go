// Package parallel is the one worker pool of gmm and its subpackages: a chunked
// parallel for-loop whose results do not depend on the number of workers.
//
// The contract, which every caller keeps: the work is cut into n pieces in a way
// that depends only on the problem (for the EM and k-means sweeps, chunks of rows
// whose size depends only on the number of rows; for MCMC, one chain per piece
// with its own random source drawn before any piece starts). Piece i writes only
// to state owned by piece i; per-worker state (scratch buffers) carries nothing
// from one piece to the next. The caller combines the pieces' results in the
// order of i, never in completion order. Then the result is the same bit for bit
// for any number of workers, which the callers' tests check with 1, 2, 3 and 7.
package parallel

import (
	"runtime"
	"sync"
	"sync/atomic"
)

// Workers returns the number of goroutines For uses for n pieces with the setting
// workers: workers, or runtime.GOMAXPROCS(0) if workers ≤ 0, but at most n (and at
// least 1).
func Workers(n, workers int) int {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	return max(1, min(workers, n))
}

// For calls f(i, w) once for every piece i in [0, n) on Workers(n, workers)
// goroutines and returns when all calls have returned. w in [0, Workers(n, workers))
// names the goroutine running the call, for indexing per-worker scratch. Pieces are
// handed out in increasing order of i but run concurrently; with one worker, f runs
// on the calling goroutine in order of i. See the package documentation for the
// contract that makes results independent of the number of workers.
func For(n, workers int, f func(i, w int)) {
	nw := Workers(n, workers)
	if nw == 1 {
		for i := 0; i < n; i++ {
			f(i, 0)
		}
		return
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for w := range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := int(next.Add(1)) - 1; i < n; i = int(next.Add(1)) - 1 {
				f(i, w)
			}
		}()
	}
	wg.Wait()
}
