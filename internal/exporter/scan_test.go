package exporter

import (
	"net/http"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// A scan module adds what the server accepts and the grade.
func TestScanModule(t *testing.T) {
	root := certgen.Root("Scan Test Root", validFor(3650))
	addr := tlsServer(t, certgen.Leaf("127.0.0.1", root, validFor(60)))
	ca := writeFile(t, "ca.pem", root.PEM())
	e := New(Options{Config: mustConfig(t, "modules:\n  scan:\n    prober: scan\n    ca: "+ca+"\n    policy: mozilla-intermediate\n")})
	code, m, body := scrape(t, e.Handler(), probePath("scan", addr), nil)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, body)
	}
	if s := one(t, m, "tlscheck_probe_success", nil); s.value != 1 {
		t.Fatalf("scan failed:\n%s", body)
	}
	if s := one(t, m, "tlscheck_scan_version_offered", map[string]string{"version": "TLS 1.3"}); s.value != 1 {
		t.Errorf("TLS 1.3 offered = %v", s.value)
	}
	if s := one(t, m, "tlscheck_scan_version_offered", map[string]string{"version": "SSL 3.0"}); s.value != 0 {
		t.Errorf("SSL 3.0 offered = %v", s.value)
	}
	if s := one(t, m, "tlscheck_scan_cipher_accepted", map[string]string{"version": "TLS 1.3"}); s.value != 3 {
		t.Errorf("TLS 1.3 suites = %v, want Go's 3", s.value)
	}
	if len(find(m, "tlscheck_grade_info", nil)) != 1 || len(find(m, "tlscheck_scan_vulnerable", nil)) == 0 {
		t.Errorf("no grade or vulnerability gauges:\n%s", body)
	}
	one(t, m, "tlscheck_scan_policy_compliant", map[string]string{"policy": "mozilla-intermediate"})
	one(t, m, "tlscheck_cert_not_after", map[string]string{"role": "leaf", "position": "0"})
}
