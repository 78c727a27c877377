package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// IsCA reports end-entity certificates marked basicConstraints CA:TRUE.
var IsCA = &checks.Check{
	ID:       "cert.is-ca",
	Title:    "end-entity certificate has basicConstraints CA:TRUE",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.2.1.9", "CA/B Forum BR 7.1.2.7.8"},
	Doc: "basicConstraints CA:TRUE says the certificate may issue other certificates (RFC 5280 " +
		"4.2.1.9). A server or client certificate must not be a CA: Firefox rejects it " +
		"(MOZILLA_PKIX_ERROR_CA_CERT_USED_AS_END_ENTITY), and anyone holding its key could mint " +
		"certificates that chain to it. `openssl req -x509` with the default openssl.cnf adds " +
		"CA:TRUE, which is how most self-signed server certificates end up like this.",
	Fix:     "Reissue the certificate with `-addext basicConstraints=critical,CA:FALSE`.",
	Applies: []*checks.Scope{checks.Leaves},
	Run:     isCA,
}

func init() { checks.Register(IsCA) }

func isCA(p *checks.Pass) {
	f := p.Facts
	ls := leaves(f)
	for _, it := range ls {
		c, x := it.cert, it.cert.X509
		if !c.IsCA() {
			continue
		}
		ev := it.evidence()
		ev["basic_constraints"] = "CA:TRUE"
		var fix string
		if selfSigned(c) {
			fix = fmt.Sprintf("`openssl req -x509 -new -key %s -subj %s -addext %s -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth -days 365 -out %s`",
				checks.KeyFile(f, c), checks.ShellQuote("/CN="+hostFor(f, x)), checks.ShellQuote("subjectAltName="+sanSpec(f, x)), certFile(c, "cert.pem"))
		} else {
			fix = "reissue it as an end-entity certificate: " + reissueWith(f, c, "basicConstraints=critical,CA:FALSE")
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is used as an end-entity (server/client) certificate but has basicConstraints CA:TRUE; expected CA:FALSE",
				checks.Name(c), it.where()),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}
