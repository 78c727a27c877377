package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestLUCKY13 asserts on "vuln.lucky13".
func TestLUCKY13(t *testing.T) {
	if LUCKY13.ID != "vuln.lucky13" {
		t.Fatalf("ID %q", LUCKY13.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnLUCKY13,
		severity: checks.Info,
		evidence: nil,
		ciphers:  []facts.AcceptedSuite{ecdheCBC, ecdheGCM},
		message:  []string{"CBC suites", "LUCKY13"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"},
			facts.SchemeWSS:   {"Crossbar.io: `\"ciphers\": \"ECDHE-RSA-AES128-GCM-SHA256\"` in the transport endpoint's \"tls\""},
		},
	})
}
