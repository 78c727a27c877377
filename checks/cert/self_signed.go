package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// SelfSigned reports self-signed end-entity certificates.
var SelfSigned = &checks.Check{
	ID:       checks.IDCertSelfSigned,
	Title:    "certificate is self-signed",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 3.2", "RFC 5280 6.1"},
	Doc: "A self-signed server (or client) certificate is its own trust anchor: no client " +
		"trusts it until each one is configured with this exact certificate, and every renewal " +
		"means redistributing it. That is fine for a test bench, but fragile in production. " +
		"A small private CA (one root that signs the server and client certificates) lets " +
		"clients trust the root once; a public CA (e.g. Let's Encrypt) needs no client set-up.",
	Fix:     "Issue the certificate from a CA (your own root, or a public CA such as Let's Encrypt), or configure every client to trust this certificate.",
	Applies: []*checks.Scope{checks.Leaves},
	Run:     selfSignedLeaf,
}

func init() { checks.Register(SelfSigned) }

func selfSignedLeaf(p *checks.Pass) {
	f := p.Facts
	ls := leaves(f)
	for _, it := range ls {
		c := it.cert
		if !selfSigned(c) {
			continue
		}
		ev := it.evidence()
		ev["spki_sha256"] = c.SPKIPin()
		file := certFile(c, "cert.pem")
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is self-signed (issuer = subject, signed by its own key): clients trust it only if each is given this exact certificate",
				checks.Name(c), it.where()),
			Subject:  checks.Name(c),
			Evidence: ev,
			// Naming it as a trust anchor also ends chain.untrusted-root,
			// which follows from this finding (checks.CauseRules).
			Fix: fmt.Sprintf("give clients %s as their CA file (`curl --cacert %s`, mosquitto `cafile`, NATS `tls { ca_file: %s }`; check it as they will with tlscheck --ca %s), or issue it from a CA: %s and sign that with your root",
				file, file, file, file, newCSR(f, c, fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s",
					checks.KeyFile(f, c), checks.ShellQuote("/CN="+hostFor(f, c.X509)), checks.ShellQuote("subjectAltName="+sanSpec(f, c.X509))))),
		})
	}
}
