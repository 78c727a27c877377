package tls

import (
	"fmt"
	"slices"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ClientCertRequired is tls.client-cert-required: the server asks for a
// client certificate (mutual TLS).
var ClientCertRequired = &checks.Check{
	ID:       "tls.client-cert-required",
	Title:    "the server asks for a client certificate",
	Severity: checks.Info,
	Refs:     []string{"RFC 8446 4.3.2 (CertificateRequest, certificate_authorities)", "RFC 5246 7.4.4", "mosquitto.conf require_certificate", "nginx ssl_verify_client"},
	Doc: "With mutual TLS the server sends a CertificateRequest and the client must answer with a " +
		"certificate the server's CA file verifies. The request usually carries the distinguished " +
		"names of the CAs the server accepts (certificate_authorities), which is the quickest way " +
		"to know which client certificate to use. This is information, not a problem; when the " +
		"handshake failed because no certificate was sent, tls.handshake-failed says so.",
	Fix:     "Give clients a certificate issued by one of the acceptable CAs, with extendedKeyUsage clientAuth.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     clientCertRequired,
}

func init() { checks.Register(ClientCertRequired) }

func clientCertRequired(p *checks.Pass) {
	c := p.Facts.Connection
	required := c.ClientCertReq || (c.Failure != nil && c.Failure.AfterCertificateRequest)
	d := diagnose(p.Facts)
	if d.cause == causeClientCertRequired {
		required = true
	}
	if !required {
		p.NotApplicable("the server did not ask for a client certificate")
		return
	}
	ev := evidence(c)
	ev["acceptable_cas"] = caList(c.AcceptableCAs)
	msg := fmt.Sprintf("the server asks for a client certificate (mutual TLS); acceptable CAs: %s", caList(c.AcceptableCAs))
	var fix string
	switch {
	case c.ClientCert != "":
		ev["client_cert"] = c.ClientCert
		msg += fmt.Sprintf("; we sent '%s'", c.ClientCert)
		fix = fmt.Sprintf("clients must present a certificate issued by %s, as '%s' was", firstCA(c.AcceptableCAs), c.ClientCert)
		// Do not hold ours up as the example when another CA issued it.
		if issuer := sentIssuer(p.Facts); issuer != "" && !issuedByAcceptable(p.Facts, issuer) {
			ev["client_cert_issuer"] = issuer
			fix = fmt.Sprintf("clients must present a certificate issued by %s; '%s' was issued by '%s', which the server did not name", caList(c.AcceptableCAs), c.ClientCert, issuer)
		}
	case d.cause == causeClientCertRequired:
		msg += "; we sent none and the server refused the connection"
		fix = fmt.Sprintf("present a client certificate issued by %s: `%s`", firstCA(c.AcceptableCAs), clientCertFlag(c))
	default:
		msg += "; we sent none and the server let the handshake complete (the certificate is optional)"
		fix = fmt.Sprintf("to test the authenticated path, present a client certificate issued by %s: `%s`", firstCA(c.AcceptableCAs), clientCertFlag(c))
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: msg, Evidence: ev, Fix: fix})
}

// sentIssuer is the issuer DN of the client certificate we sent, "" when
// the facts do not say.
func sentIssuer(f *facts.Facts) string {
	c := f.Connection
	if c.ClientCertIssuer != "" {
		return c.ClientCertIssuer
	}
	return clientIssuer(f, c.ClientCert)
}

// issuedByAcceptable says whether our certificate, or a certificate of the
// chain we sent, was issued by a CA the server named (an empty list names
// none, so anything goes).
func issuedByAcceptable(f *facts.Facts, issuer string) bool {
	cas := f.Connection.AcceptableCAs
	if len(cas) == 0 || slices.Contains(cas, issuer) {
		return true
	}
	for _, sent := range f.ClientChain {
		if sent.X509 != nil && (slices.Contains(cas, sent.X509.Issuer.String()) || slices.Contains(cas, sent.X509.Subject.String())) {
			return true
		}
	}
	return false
}
