package engine

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// TestScan: a scan of an in-process server goes through the checks and
// grade.Apply into a report with the scan object, its trust anchors from
// --ca, and the probe's target.
func TestScan(t *testing.T) {
	pki := probetest.NewPKI()
	s := probetest.TLS(t, probetest.TLSOptions{Chain: pki.ServedChain(), App: "close"})
	ca := filepath.Join(t.TempDir(), "root.pem")
	if err := os.WriteFile(ca, pki.Root.PEM(), 0o644); err != nil {
		t.Fatal(err)
	}
	r, err := Scan(context.Background(), ScanConfig{
		ProbeConfig:    ProbeConfig{Checking: checking(), Target: s.Addr, CA: []string{ca}},
		MaxConnections: 4,
	})
	if err != nil {
		t.Fatal(err)
	}
	if r.Scan == nil || r.Facts.Scan == nil {
		t.Fatal("no scan in the report")
	}
	if !r.Facts.Scan.Accepts(facts.VersionTLS13) || r.Scan.Stats.Connections == 0 {
		t.Errorf("scan %+v", r.Scan)
	}
	if r.Target.Host != "127.0.0.1" || r.Target.Port != s.Port {
		t.Errorf("target %+v", r.Target)
	}
	if len(r.Facts.Roots) != 1 || r.Facts.Roots[0].X509.Subject.CommonName != "Probetest Root CA" {
		t.Errorf("roots: %d, want the --ca root", len(r.Facts.Roots))
	}
	// The --ca root is the anchor: the served chain is trusted.
	for _, f := range r.Findings {
		if strings.HasPrefix(f.ID, "chain.") {
			t.Errorf("finding %s: %s", f.ID, f.Message)
		}
	}
}

// TestScanCannotRun: a bad target or --ca is an error, not a report; a
// cancelled context gives no report.
func TestScanCannotRun(t *testing.T) {
	if _, err := Scan(context.Background(), ScanConfig{ProbeConfig: ProbeConfig{Checking: checking(), Target: "ftp://[::1"}}); err == nil {
		t.Error("a bad target scanned")
	}
	if _, err := Scan(context.Background(), ScanConfig{ProbeConfig: ProbeConfig{Checking: checking(), Target: "127.0.0.1:1", CA: []string{"/nonexistent/ca.pem"}}}); err == nil {
		t.Error("a missing --ca scanned")
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s := probetest.TLS(t, probetest.TLSOptions{App: "close"})
	if r, err := Scan(ctx, ScanConfig{ProbeConfig: ProbeConfig{Checking: checking(), Target: s.Addr}}); !errors.Is(err, context.Canceled) || r != nil {
		t.Errorf("cancelled scan: report %v, error %v", r != nil, err)
	}
}
