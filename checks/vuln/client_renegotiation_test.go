package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestClientRenegotiation asserts on "vuln.client-renegotiation".
func TestClientRenegotiation(t *testing.T) {
	if ClientRenegotiation.ID != "vuln.client-renegotiation" {
		t.Fatalf("ID %q", ClientRenegotiation.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnClientReneg,
		severity: checks.Warning,
		evidence: nil,
		ciphers:  nil,
		message:  []string{"client-initiated renegotiation"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"Options = NoRenegotiation"},
			facts.SchemeMQTTS: {"OPENSSL_CONF", "NoRenegotiation"},
			facts.SchemeNATS:  {"never renegotiates"},
		},
	})
}
