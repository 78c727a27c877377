package tls

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ClientCertRejected is tls.client-cert-rejected: we offered a client
// certificate and the server refused it.
var ClientCertRejected = &checks.Check{
	ID:       "tls.client-cert-rejected",
	Title:    "the server rejected the client certificate",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 6.2 (bad_certificate, unknown_ca, certificate_required)", "RFC 5246 7.2.2", "mosquitto.conf cafile / require_certificate", "nginx ssl_client_certificate"},
	Doc: "The server asked for a client certificate, we sent the one given with --cert, and the " +
		"server answered with an alert: unknown_ca when its CA file does not hold the issuer of " +
		"our certificate, bad_certificate or certificate_unknown when it could not verify it " +
		"(wrong extendedKeyUsage, a missing intermediate), certificate_expired, or decrypt_error " +
		"when the signature made with our key does not verify. The finding names our " +
		"certificate and its issuer and the CA names the server said it accepts. When our own " +
		"certificate has a fault that explains the alert (expired, no clientAuth, a key that does " +
		"not belong to it, an intermediate not sent: see tls.client-cert-unusable), that fault is " +
		"named as the cause, once, here; a server that hangs up without an alert after our " +
		"certificate is judged the same way.",
	Fix:     "Use a client certificate issued by a CA the server accepts, or add its issuer to the server's client CA file.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     clientCertRejected,
}

func init() { checks.Register(ClientCertRejected) }

func clientCertRejected(p *checks.Pass) {
	c := p.Facts.Connection
	if c.ClientCert == "" {
		p.NotApplicable("no client certificate was offered")
		return
	}
	d := diagnose(p.Facts)
	if d.cause != causeClientCertRejected {
		p.NotApplicable("the server did not reject the client certificate")
		return
	}
	ev := evidence(c)
	ev["client_cert"] = c.ClientCert
	issuer := c.ClientCertIssuer
	if issuer == "" {
		issuer = clientIssuer(p.Facts, c.ClientCert)
	}
	if issuer != "" {
		ev["client_cert_issuer"] = issuer
		// The issuer matters when the cause is whom the server trusts, not
		// when it is a fault of our own certificate, already named.
		if d.problem == nil {
			d.message += "; our certificate was issued by '" + issuer + "'"
		}
	}
	if d.problem != nil {
		ev["source"] = d.problem.cert.Source.File
		d.problem.evidence(ev)
	}
	ev["acceptable_cas"] = caList(c.AcceptableCAs)
	if c.Failure.Alert != nil {
		ev["alert"] = alertName(c.Failure.Alert)
	}
	p.Report(checks.Finding{Subject: c.ClientCert, Message: d.message, Evidence: ev, Fix: d.fix})
}

// clientIssuer finds the issuer of the client certificate we sent among the
// input certificates, by subject, for facts saved before the probe recorded
// Connection.ClientCertIssuer.
func clientIssuer(f *facts.Facts, subject string) string {
	for _, cert := range f.Certs {
		if cert.X509 != nil && cert.Source.Role != facts.RoleServed && checks.DN(cert.X509.Subject) == subject {
			return checks.DN(cert.X509.Issuer)
		}
	}
	return ""
}
