package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestPOODLE asserts on "vuln.poodle".
func TestPOODLE(t *testing.T) {
	if POODLE.ID != "vuln.poodle" {
		t.Fatalf("ID %q", POODLE.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnPOODLE,
		severity: checks.Error,
		evidence: map[string]any{"suites": []string{"TLS_RSA_WITH_AES_128_CBC_SHA"}},
		ciphers:  nil,
		message:  []string{"SSL 3.0 with CBC suites (POODLE)", "suites=TLS_RSA_WITH_AES_128_CBC_SHA"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_protocols TLSv1.2 TLSv1.3;"},
			facts.SchemeMQTTS: {"tls_version tlsv1.2"},
		},
	})
}
