package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestClientCertRequired(t *testing.T) {
	// Optional client certificate: the handshake completed without one.
	c := okConn()
	c.ClientCertReq, c.AcceptableCAs = true, []string{"CN=Client CA"}
	fd := want(t, newFacts(c), "tls.client-cert-required", "CN=Client CA", "certificate is optional")
	if fd.Severity != checks.Info {
		t.Errorf("severity %v, want info", fd.Severity)
	}
	// We sent one and it was accepted.
	c.ClientCert = "CN=device-1"
	want(t, newFacts(c), "tls.client-cert-required", "we sent 'CN=device-1'")
	// No CertificateRequest: not applicable.
	notApplicable(t, newFacts(okConn()), "tls.client-cert-required")
}
