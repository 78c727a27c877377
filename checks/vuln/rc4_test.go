package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestRC4 asserts on "vuln.rc4".
func TestRC4(t *testing.T) {
	if RC4.ID != "vuln.rc4" {
		t.Fatalf("ID %q", RC4.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnRC4,
		severity: checks.Error,
		evidence: map[string]any{"suites": []string{"TLS_RSA_WITH_RC4_128_SHA"}},
		ciphers:  []facts.AcceptedSuite{rsaRC4, ecdheGCM},
		message:  []string{"accepts RC4 suites", "RFC 7465"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"},
			facts.SchemeNATS:  {"cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]"},
		},
	})
}
