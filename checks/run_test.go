package checks

import (
	"context"
	"fmt"
	"runtime"
	"sync/atomic"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestRunBounded: checks run on at most GOMAXPROCS goroutines, and the
// results come back in ID order whatever order they finished in.
func TestRunBounded(t *testing.T) {
	var running, peak atomic.Int32
	var cs []*Check
	for i := range 40 {
		id := fmt.Sprintf("test.check-%02d", i)
		cs = append(cs, &Check{ID: id, Run: func(p *Pass) {
			r := running.Add(1)
			for {
				old := peak.Load()
				if r <= old || peak.CompareAndSwap(old, r) {
					break
				}
			}
			runtime.Gosched()
			p.Report(Finding{Subject: id})
			running.Add(-1)
		}})
	}
	withRegistry(t, cs...)
	res := Run(context.Background(), &facts.Facts{}, Selector{})
	if len(res) != len(cs) {
		t.Fatalf("%d results, want %d", len(res), len(cs))
	}
	for i, r := range res {
		if r.Check != cs[i] || !r.Selected || len(r.Findings) != 1 || r.Findings[0].Subject != cs[i].ID {
			t.Errorf("result %d: %+v, want %s's", i, r, cs[i].ID)
		}
	}
	if p, most := peak.Load(), int32(runtime.GOMAXPROCS(0)); p > most {
		t.Errorf("%d checks ran at once, want at most %d", p, most)
	}
}

// TestRunCancelled: the Pass hands the check Run's context; once it is done
// no further check starts, and the checks that did not run keep their Check
// (never a nil one) but are not Selected.
func TestRunCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	var sawDone, cancelled atomic.Bool
	var others atomic.Int32
	cs := []*Check{{ID: "test.a-cancels", Run: func(p *Pass) {
		cancel()
		cancelled.Store(true)
		sawDone.Store(p.Context().Err() != nil)
	}}}
	// Other workers may run checks before the first one cancels (on a
	// many-core machine they take dozens); only those started after the
	// cancel are counted.
	for i := range 100 {
		cs = append(cs, &Check{ID: fmt.Sprintf("test.b-%03d", i), Run: func(*Pass) {
			if cancelled.Load() {
				others.Add(1)
			}
		}})
	}
	withRegistry(t, cs...)
	res := Run(ctx, &facts.Facts{}, Selector{})
	if !sawDone.Load() {
		t.Error("the check's Pass.Context was not Run's context")
	}
	// Workers that had already taken a check when the first one cancelled
	// may run it; none takes another.
	if n, most := others.Load(), int32(runtime.GOMAXPROCS(0)); n >= most {
		t.Errorf("%d checks ran after the context was cancelled, want fewer than %d", n, most)
	}
	for i, r := range res {
		if r.Check != cs[i] {
			t.Errorf("result %d: check %v, want %s", i, r.Check, cs[i].ID)
		}
	}
}

func TestPassContextDefault(t *testing.T) {
	if err := (&Pass{}).Context().Err(); err != nil {
		t.Errorf("a Pass made by hand has a done context: %v", err)
	}
}
