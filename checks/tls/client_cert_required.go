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
		fix = clientCertExample(p.Facts, d, ev)
	case d.cause == causeClientCertRequired:
		msg += "; we sent none and the server refused the connection"
		fix = fmt.Sprintf("present a client certificate issued by %s: `%s`", firstCA(c.AcceptableCAs), clientCertFlag(c))
	default:
		msg += "; we sent none and the server let the handshake complete (the certificate is optional)"
		fix = fmt.Sprintf("to test the authenticated path, present a client certificate issued by %s: `%s`", firstCA(c.AcceptableCAs), clientCertFlag(c))
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: msg, Evidence: ev, Fix: fix})
}

// clientCertExample is the fix when we sent a certificate: ours is held up
// as the example ("as 'CN=x' was") only when the server named its issuer
// and accepted it.
func clientCertExample(f *facts.Facts, d diagnosis, ev map[string]string) string {
	c := f.Connection
	want := "clients must present a certificate issued by " + firstCA(c.AcceptableCAs)
	if len(c.AcceptableCAs) > 1 {
		want = "clients must present a certificate issued by one of " + caList(c.AcceptableCAs)
	}
	issuer := sentIssuer(f)
	if issuer != "" {
		ev["client_cert_issuer"] = issuer
	}
	// Held up as the example: a certificate the server accepted whose
	// issuer it named (or that it accepted naming no CA; or, in facts saved
	// before the issuer was recorded, that it accepted).
	named := len(c.AcceptableCAs) == 0 || issuer == "" || slices.Contains(c.AcceptableCAs, issuer)
	switch {
	case d.cause == causeClientCertRejected:
		return fmt.Sprintf("%s; the server refused '%s' (see tls.client-cert-rejected for why)", want, c.ClientCert)
	case c.Failure != nil:
		return fmt.Sprintf("%s; whether the server accepts '%s' is unknown: the handshake failed first (tls.handshake-failed)", want, c.ClientCert)
	case named:
		return fmt.Sprintf("%s, as '%s' was", want, c.ClientCert)
	case issuer != "" && issuedByAcceptable(f, issuer):
		return fmt.Sprintf("%s; '%s' was issued by '%s', which chains to one of them", want, c.ClientCert, issuer)
	case issuer != "":
		return fmt.Sprintf("%s; '%s' was issued by '%s', which the server did not name", want, c.ClientCert, issuer)
	}
	return want
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
