package workpool

import (
	"context"
	"errors"
	"sync/atomic"
	"testing"
)

func TestRunEveryIndexOnce(t *testing.T) {
	for _, workers := range []int{0, 1, 3, 100} {
		const n = 1000
		var seen [n]atomic.Int32
		if err := Run(context.Background(), n, workers, func(_ context.Context, i int) { seen[i].Add(1) }); err != nil {
			t.Fatal(err)
		}
		for i := range seen {
			if got := seen[i].Load(); got != 1 {
				t.Fatalf("workers %d: job %d ran %d times", workers, i, got)
			}
		}
	}
}

func TestRunBounded(t *testing.T) {
	var running, peak atomic.Int32
	Run(context.Background(), 200, 4, func(context.Context, int) {
		r := running.Add(1)
		for {
			p := peak.Load()
			if r <= p || peak.CompareAndSwap(p, r) {
				break
			}
		}
		for range 1000 {
		}
		running.Add(-1)
	})
	if p := peak.Load(); p > 4 {
		t.Errorf("%d jobs ran at once, want at most 4", p)
	}
}

// TestRunStopsOnCancel: once the context is cancelled no job starts, but
// for the one each other worker may have taken just before: with 2
// workers, at most 1 job starts after cancel returns. (Counting every job
// up to the cancel was a race: the other worker may run many while the
// cancelling job has not yet called cancel.)
func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran, after atomic.Int32
	var cancelled atomic.Bool
	err := Run(ctx, 10000, 2, func(ctx context.Context, i int) {
		if cancelled.Load() {
			after.Add(1)
		}
		if ran.Add(1) == 10 {
			cancel()
			cancelled.Store(true)
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := after.Load(); n > 1 {
		t.Errorf("%d jobs started after the context was cancelled, want at most 1 (the other worker's)", n)
	}
	if n := ran.Load(); n >= 10000 {
		t.Errorf("all %d jobs ran", n)
	}
}

func TestRunNothing(t *testing.T) {
	if err := Run(context.Background(), 0, 4, func(context.Context, int) { t.Fatal("called") }); err != nil {
		t.Fatal(err)
	}
}
