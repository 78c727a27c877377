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
	const notSent = "the intermediate 'CN=Client Issuing CA' between your certificate and the CA the server names ('CN=Client Root') was not sent: put it after the certificate in the --cert file"
	want(t, f, "tls.client-cert-unusable", notSent, "ca.pem, certificate 2", "client.pem", "missing_intermediate=CN=Client Issuing CA")
	// tls.client-cert-rejected names that cause, and only it reports it.
	fd := want(t, f, "tls.client-cert-rejected", notSent, "unknown_ca (48)")
	if strings.Contains(fd.Message, "does not trust") {
		t.Errorf("rejected still blames the server's CA file: %s", fd.Message)
	}
	notApplicable(t, f, "tls.handshake-failed")

	// The same intermediate in the chain the server served is found too.
	f = rejectedWith(facts.AlertUnknownCA, "unknown_ca", leaf)
	f.Certs = append(f.Certs, &facts.Cert{Raw: inter.DER, X509: inter.X509, Source: facts.Source{File: "www.example.com:443", Index: 1, Role: facts.RoleServed}})
	want(t, f, "tls.client-cert-unusable", notSent, "www.example.com:443")

	// Sent with its intermediate: nothing wrong with our certificate, and
	// the server's CA file is the cause.
	f = rejectedWith(facts.AlertUnknownCA, "unknown_ca", leaf, inter)
	none(t, f, "tls.client-cert-unusable")
	want(t, f, "tls.client-cert-rejected", "does not trust")

	// No clientAuth in the extendedKeyUsage.
	server := certgen.ClientLeaf("device-2", root, certgen.EKU(x509.ExtKeyUsageServerAuth))
	f = rejectedWith(facts.AlertBadCertificate, "bad_certificate", server)
	want(t, f, "tls.client-cert-unusable", "extendedKeyUsage without clientAuth", "extendedKeyUsage=clientAuth")
	fd = want(t, f, "tls.client-cert-rejected", "'CN=device-2' has extendedKeyUsage without clientAuth")
	if strings.Contains(fd.Message, "could not verify it") {
		t.Errorf("rejected gives the generic reason: %s", fd.Message)
	}
	// No extendedKeyUsage at all is fine.
	none(t, rejectedWith(facts.AlertUnknownCA, "unknown_ca", certgen.ClientLeaf("device-3", root, certgen.EKU())), "tls.client-cert-unusable")

	// Expired, and not yet valid, at Facts.Now (Epoch + 10 days).
	expired := certgen.ClientLeaf("device-4", root, certgen.Validity(certgen.Epoch.AddDate(0, 0, -30), certgen.Epoch.AddDate(0, 0, 5)))
	f = rejectedWith(facts.AlertCertificateExpired, "certificate_expired", expired)
	want(t, f, "tls.client-cert-unusable", "'CN=device-4' expired on", "renew the client certificate")
	want(t, f, "tls.client-cert-rejected", "'CN=device-4' expired on")
	future := certgen.ClientLeaf("device-5", root, certgen.Validity(certgen.Epoch.AddDate(0, 0, 20), certgen.Epoch.AddDate(0, 0, 90)))
	want(t, rejectedWith(facts.AlertBadCertificate, "bad_certificate", future), "tls.client-cert-unusable", "is not valid before")

	// A good certificate accepted by the server: no findings; no --cert:
	// not applicable.
	ok := okConn()
	ok.ClientCertReq, ok.ClientCert, ok.AcceptableCAs = true, "CN=device-1", []string{"CN=Client Root"}
	f = newFacts(ok)
	f.ClientChain = []*facts.Cert{clientCert(leaf, "client.pem", 0)}
	none(t, f, "tls.client-cert-unusable")
	notApplicable(t, newFacts(okConn()), "tls.client-cert-unusable")
}
