package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSNIMismatch(t *testing.T) {
	c := okConn()
	c.NoSNI = &facts.NoSNIResult{Subject: "CN=default.example.net", Fingerprint: "ab12", Differs: true}
	fd := want(t, newFacts(c), "tls.sni-mismatch", "without SNI it sends 'CN=default.example.net'", "CN=www.example.com", "default_server")
	if fd.Evidence["without_sni"] != "CN=default.example.net" {
		t.Errorf("evidence %v", fd.Evidence)
	}
	c.NoSNI = &facts.NoSNIResult{Failed: true, Error: "unrecognized_name"}
	want(t, newFacts(c), "tls.sni-mismatch", "without SNI the handshake fails")

	c.NoSNI = &facts.NoSNIResult{Subject: "CN=www.example.com", Differs: false}
	none(t, newFacts(c), "tls.sni-mismatch")
	notApplicable(t, newFacts(okConn()), "tls.sni-mismatch")
}
