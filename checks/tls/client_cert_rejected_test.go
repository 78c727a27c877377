package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestClientCertRejected(t *testing.T) {
	for _, tc := range []struct {
		code facts.AlertCode
		name string
		want string
	}{
		{facts.AlertBadCertificate, "bad_certificate", "nginx `ssl_client_certificate`"},
		{facts.AlertCertificateUnknown, "certificate_unknown", "CN=Client CA"},
		{facts.AlertDecryptError, "decrypt_error", "openssl pkey -pubout"},
		{facts.AlertCertificateExpired, "certificate_expired", "renew the client certificate"},
	} {
		c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(tc.code, tc.name), AfterCertificateRequest: true})
		c.ClientCertReq, c.AcceptableCAs, c.ClientCert = true, []string{"CN=Client CA"}, "CN=device-1"
		fd := want(t, newFacts(c), "tls.client-cert-rejected", tc.name, tc.want)
		if fd.Subject != "CN=device-1" || fd.Evidence["client_cert"] != "CN=device-1" || fd.Evidence["alert"] == "" {
			t.Errorf("%s: subject %q evidence %v", tc.name, fd.Subject, fd.Evidence)
		}
	}

	// The issuer of our certificate is named when the client certificate
	// is among the inputs.
	other := certgen.Root("Other CA")
	client := certgen.ClientLeaf("device-1", other)
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertUnknownCA, "unknown_ca"), AfterCertificateRequest: true})
	c.ClientCertReq, c.ClientCert = true, "CN=device-1"
	f := newFacts(c)
	f.Certs = append(f.Certs, &facts.Cert{Raw: client.DER, X509: client.X509, Source: facts.Source{File: "client.pem", Role: facts.RoleCert}})
	want(t, f, "tls.client-cert-rejected", "issued by 'CN=Other CA'")

	// No certificate sent: that is "required", not "rejected".
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertCertificateRequired, "certificate_required")})
	notApplicable(t, newFacts(c), "tls.client-cert-rejected")
	// Sent and accepted.
	ok := okConn()
	ok.ClientCertReq, ok.ClientCert = true, "CN=device-1"
	notApplicable(t, newFacts(ok), "tls.client-cert-rejected")
}
