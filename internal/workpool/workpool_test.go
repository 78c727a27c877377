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

func TestRunStopsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	var ran atomic.Int32
	err := Run(ctx, 10000, 2, func(ctx context.Context, i int) {
		if ran.Add(1) == 10 {
			cancel()
		}
	})
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}
	if n := ran.Load(); n > 12 {
		t.Errorf("%d jobs ran after the context was cancelled at the 10th", n)
	}
}

func TestRunNothing(t *testing.T) {
	if err := Run(context.Background(), 0, 4, func(context.Context, int) { t.Fatal("called") }); err != nil {
		t.Fatal(err)
	}
}
