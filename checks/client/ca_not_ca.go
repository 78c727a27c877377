package client

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// CANotCA is client.ca-not-ca: the --client-ca file holds a certificate
// that is not a CA.
var CANotCA = &checks.Check{
	ID:       "client.ca-not-ca",
	Title:    "the client CA file holds a certificate that is not a CA",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.2.1.9", "mosquitto.conf(5) cafile / require_certificate", "nginx ssl_client_certificate"},
	Doc: "The file a server uses to verify client certificates (nginx ssl_client_certificate, mosquitto " +
		"cafile with require_certificate, NATS verify + ca_file, EMQX cacertfile) must hold the CA that " +
		"issued the client certificates. A common mistake is to put a client certificate itself there: " +
		"it is not a CA (basicConstraints CA:FALSE or absent), so RFC 5280 4.2.1.9 forbids using its key " +
		"to verify other certificates, and every client is rejected. An X.509 v1 self-signed root has no " +
		"basicConstraints and is accepted as a trust anchor.",
	Fix:     "Put the CA certificate that issued the client certificates into the client CA file.",
	Applies: []*checks.Scope{checks.ClientCAs},
	Run:     caNotCA,
}

func init() { checks.Register(CANotCA) }

func caNotCA(p *checks.Pass) {
	f := p.Facts
	for _, c := range f.ClientCAs {
		if c.X509 == nil || c.IsCA() || (c.X509.Version < 3 && c.SelfSigned()) {
			continue
		}
		why := "basicConstraints is CA:FALSE"
		if !c.X509.BasicConstraintsValid {
			why = "it has no basicConstraints CA:TRUE"
		}
		issuer := checks.DN(c.X509.Issuer)
		fix := fmt.Sprintf("replace '%s' in %s with the CA certificate that issued the client certificates", checks.Name(c), c.Source.File)
		if !c.SelfSigned() {
			fix += fmt.Sprintf(" (for this one, its issuer '%s')", issuer)
		}
		p.Report(checks.Finding{
			Subject: c.Source.File,
			Message: fmt.Sprintf("client CA file %s holds '%s' at position %d, which is not a CA (%s); a server cannot verify client certificates with it",
				c.Source.File, checks.Name(c), c.Source.Index+1, why),
			Evidence: checks.CertEvidence(c),
			Fix:      fix,
		})
	}
}
