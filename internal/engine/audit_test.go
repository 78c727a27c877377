package engine

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
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

// TestAuditSharesTrustAnchors: twenty probes naming the same --ca load it
// once, a second --ca once more, and every target still judges its chain
// against its own anchors: complete under its root, its issuer missing
// under the other. A --ca that cannot be read fails each target naming it, and is
// not kept as a failure for the next.
func TestAuditSharesTrustAnchors(t *testing.T) {
	root := certgen.Root("Shared Anchors Root")
	leaf := certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.Days(3650))
	srv := probetest.TLS(t, probetest.TLSOptions{Chain: []*certgen.Cert{leaf}})
	dir := t.TempDir()
	own := filepath.Join(dir, "own.pem")
	other := filepath.Join(dir, "other.pem")
	os.WriteFile(own, root.PEM(), 0o644)
	os.WriteFile(other, certgen.Root("Someone Else's Root").PEM(), 0o644)
	missing := filepath.Join(dir, "missing.pem")
	var targets []AuditTarget
	for i := range 22 {
		ca := own
		switch i {
		case 5:
			ca = other
		case 7, 8:
			ca = missing
		}
		targets = append(targets, AuditTarget{Probe: &ProbeConfig{Checking: checking(), Target: srv.Addr,
			ServerName: "localhost", CA: []string{ca}, Timeout: 10 * time.Second}})
	}
	before := anchorLoads.Load()
	results := AuditAll(context.Background(), targets, Batch{Workers: 4})
	// own once, other once, missing once per target (a failure is not kept).
	if loads := anchorLoads.Load() - before; loads != 4 {
		t.Errorf("%d loads of the trust anchors, want 4", loads)
	}
	for i, r := range results {
		switch i {
		case 7, 8:
			if r.Err == nil || !strings.Contains(r.Err.Error(), "missing.pem") {
				t.Errorf("target %d (missing --ca): %v", i, r.Err)
			}
			continue
		}
		if r.Err != nil || r.Report == nil {
			t.Fatalf("target %d: %v", i, r.Err)
		}
		// Under the other root, the leaf's issuer is nowhere.
		unanchored := false
		for _, f := range r.Report.Findings {
			if f.ID == "chain.missing-intermediate" {
				unanchored = true
			}
		}
		if unanchored != (i == 5) {
			t.Errorf("target %d: chain.missing-intermediate %v, want %v", i, unanchored, i == 5)
		}
	}
	// The targets the caller gave are not changed.
	if targets[0].Probe.anchorCache != nil {
		t.Error("AuditAll changed the caller's ProbeConfig")
	}
}
