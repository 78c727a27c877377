package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestBEAST asserts on "vuln.beast".
func TestBEAST(t *testing.T) {
	if BEAST.ID != "vuln.beast" {
		t.Fatalf("ID %q", BEAST.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnBEAST,
		severity: checks.Info,
		evidence: map[string]any{"suites": []string{"TLS_RSA_WITH_AES_128_CBC_SHA"}},
		ciphers:  nil,
		message:  []string{"CBC suites on TLS 1.0 (BEAST)"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_protocols TLSv1.2 TLSv1.3;"},
			facts.SchemeMQTTS: {"tls_version tlsv1.2"},
		},
	})
}
