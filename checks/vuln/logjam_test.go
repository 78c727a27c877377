package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestLogjam asserts on "vuln.logjam".
func TestLogjam(t *testing.T) {
	if Logjam.ID != "vuln.logjam" {
		t.Fatalf("ID %q", Logjam.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnLogjam,
		severity: checks.Error,
		evidence: map[string]any{"weak_dh": 1024},
		ciphers:  nil,
		message:  []string{"(Logjam)", "weak_dh=1024"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"group:ffdhe2048", "ssl_dhparam /etc/nginx/dhparam.pem;"},
			facts.SchemeMQTTS: {"dhparamfile /etc/mosquitto/dhparam.pem"},
		},
	})
}
