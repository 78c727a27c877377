package engine

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

func TestAuditAll(t *testing.T) {
	silent := probetest.Silent(t)
	defer silent.Close()
	refused := probetest.Refused(t)
	targets := []AuditTarget{
		{Probe: &ProbeConfig{Checking: checking(), Target: silent.Addr, Timeout: 10 * time.Second}, Deadline: 300 * time.Millisecond},
		{Probe: &ProbeConfig{Checking: checking(), Target: refused, Timeout: 5 * time.Second}, Deadline: 5 * time.Second},
		{},
	}
	var mu sync.Mutex
	var calls int
	results := AuditAll(context.Background(), targets, Batch{Workers: 3, Progress: func(done, total int, r Result) {
		mu.Lock()
		calls++
		mu.Unlock()
		if total != 3 || done < 1 || done > 3 {
			t.Errorf("progress %d/%d", done, total)
		}
	}})
	if calls != 3 || len(results) != 3 {
		t.Fatalf("%d progress calls, %d results", calls, len(results))
	}
	for i, want := range []string{"deadline", "refused"} {
		r := results[i]
		if r.Err != nil || r.Report == nil || len(r.Report.Findings) == 0 {
			t.Fatalf("target %d: %+v", i, r)
		}
		f := r.Report.Findings[0]
		if f.ID != "tls.connect-failed" || f.Evidence["failure"] != want {
			t.Errorf("target %d: %s %v, want tls.connect-failed (%s)", i, f.ID, f.Evidence, want)
		}
	}
	if results[2].Err == nil {
		t.Errorf("an empty target ran: %+v", results[2])
	}
}
