package vuln

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestROBOT asserts on "vuln.robot".
func TestROBOT(t *testing.T) {
	if ROBOT.ID != "vuln.robot" {
		t.Fatalf("ID %q", ROBOT.ID)
	}
	testVuln(t, vulnCase{
		id:       facts.VulnROBOT,
		severity: checks.Error,
		evidence: map[string]any{"suite_name": "TLS_RSA_WITH_AES_128_GCM_SHA256"},
		ciphers:  []facts.AcceptedSuite{ecdheGCM, rsaGCM},
		message:  []string{"Bleichenbacher oracle (ROBOT)"},
		fix: map[facts.Scheme][]string{
			facts.SchemeHTTPS: {"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"},
			facts.SchemeMQTTS: {"`ciphers ECDHE-RSA-AES128-GCM-SHA256`"},
			facts.SchemeNATS:  {"cipher_suites: [\"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256\"]"},
		},
	})
}
