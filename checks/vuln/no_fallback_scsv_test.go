package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestNoFallbackSCSV asserts on "vuln.no-fallback-scsv".
func TestNoFallbackSCSV(t *testing.T) {
	if NoFallbackSCSV.ID != "vuln.no-fallback-scsv" {
		t.Fatalf("ID %q", NoFallbackSCSV.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnFallbackSCSV,
		severity: checks.Warning,
		evidence: map[string]any{"highest": "TLS 1.2", "offered": "TLS 1.1"},
		ciphers:  nil,
		message:  []string{"TLS_FALLBACK_SCSV", "highest=TLS 1.2, offered=TLS 1.1"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_protocols TLSv1.2 TLSv1.3;", "1.0.1j"},
			facts.SchemeMQTTS: {"tls_version tlsv1.2"},
		},
	})
}
