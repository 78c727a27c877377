package engine

import (
	"context"
	"sync"

	"github.com/tlscheck/tlscheck/internal/workpool"
	"github.com/tlscheck/tlscheck/report"
)

// Result is the outcome of one target of a batch.
type Result struct {
	Index  int            // the target's position in the batch
	Report *report.Report // nil when Err is set
	Err    error          // the target could not be checked (as Files or Probe would return it)
}

// Batch says how a batch runs.
type Batch struct {
	// Workers bounds how many targets are checked at once (<= 0: one per
	// core; probes mostly wait on the network, so a scan will want more).
	Workers int
	// Progress, when set, is called after each target with the number done
	// so far, the total and that target's result. Calls are serialised,
	// never concurrent; the command decides whether to draw a progress bar.
	Progress func(done, total int, r Result)
	// Stream hands each result to Progress only and keeps none: the batch
	// returns nil, and memory holds no more reports than there are workers.
	// For batches consumed as they finish (thousands of audit targets, the
	// x509-limbo suite); Progress is then required.
	Stream bool
}

// FilesAll runs Files on every config through one bounded pool and returns
// a result per config, in order (nil with Batch.Stream). Targets not started
// when ctx ended have ctx's error.
func FilesAll(ctx context.Context, cfgs []FilesConfig, b Batch) []Result {
	return run(ctx, len(cfgs), b, func(ctx context.Context, i int) (*report.Report, error) { return Files(ctx, cfgs[i]) })
}

// ProbeAll runs Probe on every config through one bounded pool and returns
// a result per config, in order (nil with Batch.Stream). Targets not started
// when ctx ended have ctx's error.
func ProbeAll(ctx context.Context, cfgs []ProbeConfig, b Batch) []Result {
	return run(ctx, len(cfgs), b, func(ctx context.Context, i int) (*report.Report, error) { return Probe(ctx, cfgs[i]) })
}

func run(ctx context.Context, n int, b Batch, one func(context.Context, int) (*report.Report, error)) []Result {
	var results []Result
	if !b.Stream {
		results = make([]Result, n)
	}
	var mu sync.Mutex
	done := 0
	workpool.Run(ctx, n, b.Workers, func(ctx context.Context, i int) {
		r, err := one(ctx, i)
		res := Result{Index: i, Report: r, Err: err}
		if results != nil {
			results[i] = res
		}
		if b.Progress != nil {
			mu.Lock()
			done++
			b.Progress(done, n, res)
			mu.Unlock()
		}
	})
	for i := range results {
		if results[i].Report == nil && results[i].Err == nil {
			results[i] = Result{Index: i, Err: ctx.Err()}
		}
	}
	return results
}
