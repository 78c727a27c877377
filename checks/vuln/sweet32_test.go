package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestSWEET32 asserts on "vuln.sweet32".
func TestSWEET32(t *testing.T) {
	if SWEET32.ID != "vuln.sweet32" {
		t.Fatalf("ID %q", SWEET32.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnSWEET32,
		severity: checks.Warning,
		evidence: map[string]any{"suites": []string{"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA"}},
		ciphers:  []facts.AcceptedSuite{ecdheGCM, ecdhe3DES},
		message:  []string{"64-bit block cipher (SWEET32)"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"},
		},
	})
}
