package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestDROWN asserts on "vuln.drown".
func TestDROWN(t *testing.T) {
	if DROWN.ID != "vuln.drown" {
		t.Fatalf("ID %q", DROWN.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnDROWN,
		severity: checks.Error,
		evidence: nil,
		ciphers:  nil,
		message:  []string{"accepts SSL 2.0", "DROWN"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_protocols TLSv1.2 TLSv1.3;", "every other server that uses this certificate's key"},
		},
	})
}
