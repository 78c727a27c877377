package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestCRIME asserts on "vuln.crime".
func TestCRIME(t *testing.T) {
	if CRIME.ID != "vuln.crime" {
		t.Fatalf("ID %q", CRIME.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnCRIME,
		severity: checks.Error,
		evidence: map[string]any{"compression_method": 1},
		ciphers:  nil,
		message:  []string{"DEFLATE compression", "CRIME", "compression_method=1"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"1.1.0 or later", "Options = -Compression"},
		},
	})
}
