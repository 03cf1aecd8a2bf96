package book

import (
	"os"
	"path/filepath"

	"github.com/janpfeifer/gonb/cache"
)

// Cached returns compute(), computed once per kernel session: the first call
// with a key stores the result (with encoding/gob) in the kernel's temporary
// folder, $GONB_TMP_DIR, and later calls with the key, from any cell, read it
// back. GoNB runs every cell as a new program, so a result declared in a var
// is otherwise recomputed by each cell that follows. The folder goes with the
// kernel: a restarted kernel, and every execution of a notebook by
// scripts/run.sh or scripts/test.sh, starts empty, so a result is never stale
// across runs. Within a session, a key must name one computation: change the
// key, or restart the kernel, after changing what it computes. Outside GoNB
// ($GONB_TMP_DIR unset) Cached only calls compute.
func Cached[T any](key string, compute func() T) T {
	dir := os.Getenv("GONB_TMP_DIR")
	if dir == "" {
		return compute()
	}
	store := Must(cache.New(filepath.Join(dir, "book-cache")))
	return cache.CacheWith(store, key, compute)
}
