package tls

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func clientCert(c *certgen.Cert, file string, index int) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: index, Role: facts.RoleClientCert}}
}

// rejectedWith is a handshake in which the server refused the client
// certificate we sent with the given alert, naming "CN=Client Root".
func rejectedWith(code facts.AlertCode, name string, chain ...*certgen.Cert) *facts.Facts {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(code, name), AfterCertificateRequest: true})
	c.ClientCertReq, c.AcceptableCAs = true, []string{"CN=Client Root"}
	c.ClientCert, c.ClientCertIssuer = chain[0].X509.Subject.String(), chain[0].X509.Issuer.String()
	f := newFacts(c)
	for i, cert := range chain {
		f.ClientChain = append(f.ClientChain, clientCert(cert, "client.pem", i))
	}
	return f
}

func TestClientCertUnusable(t *testing.T) {
	root := certgen.Root("Client Root")
	inter := certgen.Intermediate("Client Issuing CA", root)

	// The intermediate is in --ca but was not sent.
	leaf := certgen.ClientLeaf("device-1", inter)
	f := rejectedWith(facts.AlertUnknownCA, "unknown_ca", leaf)
	f.Roots = []*facts.Cert{
		{Raw: root.DER, X509: root.X509, Source: facts.Source{File: "ca.pem", Index: 0, Role: facts.RoleCA}},
		{Raw: inter.DER, X509: inter.X509, Source: facts.Source{File: "ca.pem", Index: 1, Role: facts.RoleCA}},
	}
	const notSent = "it chains to the CA the server names ('CN=Client Root') through the intermediate 'CN=Client Issuing CA', which we did not send"
	// tls.client-cert-rejected names that cause, and only it reports it.
	fd := want(t, f, "tls.client-cert-rejected", notSent, "unknown_ca (48)", "ca.pem, certificate 2", "client.pem", "missing_intermediate=CN=Client Issuing CA")
	if strings.Contains(fd.Message, "does not trust") || strings.Count(fd.Message, "Client Issuing CA") != 1 {
		t.Errorf("rejected blames the server's CA file or repeats the cause: %s", fd.Message)
	}
	none(t, f, "tls.client-cert-unusable")
	notApplicable(t, f, "tls.handshake-failed")

	// The same intermediate in the chain the server served is found too.
	f = rejectedWith(facts.AlertUnknownCA, "unknown_ca", leaf)
	f.Certs = append(f.Certs, &facts.Cert{Raw: inter.DER, X509: inter.X509, Source: facts.Source{File: "www.example.com:443", Index: 1, Role: facts.RoleServed}})
	want(t, f, "tls.client-cert-rejected", notSent, "www.example.com:443")

	// Sent with its intermediate: nothing wrong with our certificate, and
	// the server's CA file is the cause.
	f = rejectedWith(facts.AlertUnknownCA, "unknown_ca", leaf, inter)
	none(t, f, "tls.client-cert-unusable")
	want(t, f, "tls.client-cert-rejected", "does not trust")

	// No clientAuth in the extendedKeyUsage: named once, by the rejection.
	server := certgen.ClientLeaf("device-2", root, certgen.EKU(x509.ExtKeyUsageServerAuth))
	f = rejectedWith(facts.AlertBadCertificate, "bad_certificate", server)
	fd = want(t, f, "tls.client-cert-rejected", "rejected our client certificate 'CN=device-2' with alert bad_certificate (42) because its extendedKeyUsage lacks clientAuth", "extendedKeyUsage=clientAuth")
	if strings.Contains(fd.Message, "could not verify it") || strings.Contains(fd.Message, "issued by") {
		t.Errorf("rejected gives the generic reason: %s", fd.Message)
	}
	none(t, f, "tls.client-cert-unusable")
	// Before any handshake (connection refused), the same fault is
	// tls.client-cert-unusable's.
	refused := newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailRefused, Stage: facts.StageConnect}))
	refused.ClientChain = []*facts.Cert{clientCert(server, "client.pem", 0)}
	want(t, refused, "tls.client-cert-unusable", "our client certificate 'CN=device-2': its extendedKeyUsage lacks clientAuth", "extendedKeyUsage=clientAuth")
	// No extendedKeyUsage at all is fine.
	none(t, rejectedWith(facts.AlertUnknownCA, "unknown_ca", certgen.ClientLeaf("device-3", root, certgen.EKU())), "tls.client-cert-unusable")

	// Expired, and not yet valid, at Facts.Now (Epoch + 10 days).
	expired := certgen.ClientLeaf("device-4", root, certgen.Validity(certgen.Epoch.AddDate(0, 0, -30), certgen.Epoch.AddDate(0, 0, 5)))
	f = rejectedWith(facts.AlertCertificateExpired, "certificate_expired", expired)
	want(t, f, "tls.client-cert-rejected", "because it expired on", "renew the client certificate")
	none(t, f, "tls.client-cert-unusable")
	// An unknown_ca is not blamed on the expiry: both are reported, each once.
	f = rejectedWith(facts.AlertUnknownCA, "unknown_ca", expired)
	want(t, f, "tls.client-cert-rejected", "does not trust the CA")
	want(t, f, "tls.client-cert-unusable", "'CN=device-4': it expired on")
	future := certgen.ClientLeaf("device-5", root, certgen.Validity(certgen.Epoch.AddDate(0, 0, 20), certgen.Epoch.AddDate(0, 0, 90)))
	want(t, rejectedWith(facts.AlertBadCertificate, "bad_certificate", future), "tls.client-cert-rejected", "is not valid before")

	// A key that does not belong to the certificate: decrypt_error.
	good := certgen.ClientLeaf("device-6", root)
	other := certgen.ClientLeaf("device-7", root)
	f = rejectedWith(facts.AlertDecryptError, "decrypt_error", good)
	f.ClientKey = &facts.Key{Source: facts.Source{File: "client.key"}, Type: "RSA", SPKIPin: clientCert(other, "x", 0).SPKIPin()}
	fd = want(t, f, "tls.client-cert-rejected", "because the key in client.key does not belong to it", "openssl sha256", "key_file=client.key")
	if strings.Contains(fd.Message, "acceptable CAs") {
		t.Errorf("a key mismatch is not about CAs: %s", fd.Message)
	}
	none(t, f, "tls.client-cert-unusable")
	refused.ClientChain, refused.ClientKey = []*facts.Cert{clientCert(good, "client.pem", 0)}, f.ClientKey
	want(t, refused, "tls.client-cert-unusable", "the key in client.key does not belong to it")
	// A key of another type (TLS 1.3 servers answer illegal_parameter).
	f.Connection.Failure.Alert = alert(facts.AlertIllegalParameter, "illegal_parameter")
	want(t, f, "tls.client-cert-rejected", "illegal_parameter (47) because the key in client.key does not belong to it")
	notApplicable(t, f, "tls.handshake-failed")
	f.Connection.Failure.Alert = alert(facts.AlertDecryptError, "decrypt_error")
	// The matching key: nothing to say.
	f.ClientKey = &facts.Key{SPKIPin: clientCert(good, "x", 0).SPKIPin()}
	want(t, f, "tls.client-cert-rejected", "signature did not verify")
	none(t, f, "tls.client-cert-unusable")

	// A server that hangs up without an alert after our certificate:
	// tls.client-cert-rejected names our fault, tls.handshake-failed
	// leaves it.
	f = rejectedWith(facts.AlertBadCertificate, "", server)
	f.Connection.Failure.Alert, f.Connection.Failure.Kind = nil, facts.FailEOF
	want(t, f, "tls.client-cert-rejected", "closed the connection without an alert after we sent our client certificate 'CN=device-2', most likely because its extendedKeyUsage lacks clientAuth")
	notApplicable(t, f, "tls.handshake-failed")
	none(t, f, "tls.client-cert-unusable")
	// With nothing wrong with ours, the hang-up is tls.handshake-failed's,
	// which says "without an alert" once.
	f = rejectedWith(facts.AlertBadCertificate, "", good)
	f.Connection.Failure.Alert, f.Connection.Failure.Kind = nil, facts.FailEOF
	fd = want(t, f, "tls.handshake-failed", "closed the connection")
	if n := strings.Count(fd.Message, "without"); n != 1 {
		t.Errorf("the missing alert is told %d times: %s", n, fd.Message)
	}
	notApplicable(t, f, "tls.client-cert-rejected")

	// A good certificate accepted by the server: no findings; no --cert:
	// not applicable.
	ok := okConn()
	ok.ClientCertReq, ok.ClientCert, ok.AcceptableCAs = true, "CN=device-1", []string{"CN=Client Root"}
	f = newFacts(ok)
	f.ClientChain = []*facts.Cert{clientCert(leaf, "client.pem", 0)}
	none(t, f, "tls.client-cert-unusable")
	notApplicable(t, newFacts(okConn()), "tls.client-cert-unusable")
}
