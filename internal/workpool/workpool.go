// Package workpool runs many independent jobs on a bounded number of
// goroutines: the one pool behind every multi-target run (the x509-limbo
// harness, the benchmarks, and the engine's batches), the checks of one run
// (checks.Run) and zlint's certificates.
package workpool

import (
	"context"
	"runtime"
	"sync"
	"sync/atomic"
)

// Run calls fn(ctx, i) once for every i in [0, n) on at most workers
// goroutines (workers <= 0 means GOMAXPROCS). Jobs are handed out in index
// order. Once ctx is done no further job starts; Run waits for the running
// ones and returns ctx.Err(). It returns nil when every job ran.
func Run(ctx context.Context, n, workers int, fn func(ctx context.Context, i int)) error {
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	workers = min(workers, n)
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for ctx.Err() == nil {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				fn(ctx, i)
			}
		}()
	}
	wg.Wait()
	if int(next.Load()) < n {
		return ctx.Err()
	}
	return nil
}
