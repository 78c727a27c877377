package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestHeartbleed asserts on "vuln.heartbleed".
func TestHeartbleed(t *testing.T) {
	if Heartbleed.ID != "vuln.heartbleed" {
		t.Fatalf("ID %q", Heartbleed.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnHeartbleed,
		severity: checks.Error,
		evidence: map[string]any{"heartbeat_extension": true, "claimed_bytes": 16384, "sent_bytes": 0},
		ciphers:  nil,
		message:  []string{"Heartbleed, CVE-2014-0160", "claimed_bytes=16384"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"1.0.1g or later", "nginx -V", "revoke"},
			facts.SchemeMQTTS: {"mosquitto", "1.0.1g"},
			facts.SchemeNATS:  {"crypto/tls"},
		},
	})
}
