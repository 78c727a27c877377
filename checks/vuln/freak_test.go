package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestFREAK asserts on "vuln.freak".
func TestFREAK(t *testing.T) {
	if FREAK.ID != "vuln.freak" {
		t.Fatalf("ID %q", FREAK.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnFREAK,
		severity: checks.Error,
		evidence: map[string]any{"suites": []string{"TLS_RSA_EXPORT_WITH_RC4_40_MD5"}},
		ciphers:  []facts.AcceptedSuite{ecdheGCM, expRSA},
		message:  []string{"RSA EXPORT suites", "FREAK"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"},
			facts.SchemeNATS:  {"[\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]"},
		},
	})
}
