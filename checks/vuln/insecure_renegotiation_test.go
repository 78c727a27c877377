package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestInsecureRenegotiation asserts on "vuln.insecure-renegotiation".
func TestInsecureRenegotiation(t *testing.T) {
	if InsecureRenegotiation.ID != "vuln.insecure-renegotiation" {
		t.Fatalf("ID %q", InsecureRenegotiation.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnRenegotiation,
		severity: checks.Warning,
		evidence: map[string]any{"renegotiation_info": false},
		ciphers:  nil,
		message:  []string{"does not support RFC 5746", "renegotiation_info=false"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"0.9.8m or later"},
		},
	})
}
