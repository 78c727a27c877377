package tls

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
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
	fd = want(t, newFacts(c), "tls.client-cert-required", "we sent 'CN=device-1'")
	if !strings.Contains(fd.Fix, "as 'CN=device-1' was") {
		t.Errorf("fix %q", fd.Fix)
	}
	// Ours was issued by a CA the server did not name: it is no example.
	c.ClientCertIssuer = "CN=Other CA"
	fd = want(t, newFacts(c), "tls.client-cert-required", "'CN=device-1' was issued by 'CN=Other CA', which the server did not name")
	if strings.Contains(fd.Fix, "as 'CN=device-1' was") {
		t.Errorf("fix holds up a certificate of another CA: %q", fd.Fix)
	}
	c.ClientCertIssuer = "CN=Client CA"
	want(t, newFacts(c), "tls.client-cert-required", "as 'CN=device-1' was")
	// Ours was issued by the named CA but the server refused it: no example.
	f := rejectedWith(facts.AlertBadCertificate, "bad_certificate", certgen.ClientLeaf("device-8", certgen.Root("Client Root")))
	fd = want(t, f, "tls.client-cert-required", "the server refused 'CN=device-8'")
	if strings.Contains(fd.Fix, "as 'CN=device-8' was") {
		t.Errorf("fix holds up a refused certificate: %q", fd.Fix)
	}
	// No CertificateRequest: not applicable.
	notApplicable(t, newFacts(okConn()), "tls.client-cert-required")
}
