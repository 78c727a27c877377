package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestCCSInjection asserts on "vuln.ccs-injection".
func TestCCSInjection(t *testing.T) {
	if CCSInjection.ID != "vuln.ccs-injection" {
		t.Fatalf("ID %q", CCSInjection.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnCCSInjection,
		severity: checks.Error,
		evidence: map[string]any{"response": "no alert"},
		ciphers:  nil,
		message:  []string{"CCS injection, CVE-2014-0224", "response=no alert"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"0.9.8za, 1.0.0m, 1.0.1h or later"},
			facts.SchemeMQTTS: {"mosquitto"},
		},
	})
}
