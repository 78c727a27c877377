package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// CNOnly reports server certificates that carry their name only in the CN.
var CNOnly = &checks.Check{
	ID:       checks.IDCertCNOnly,
	Title:    "certificate has no subjectAltName (name only in the CN)",
	Severity: checks.Error,
	Refs:     []string{"RFC 6125 6.4.4", "RFC 2818 3.1", "CA/B Forum BR 7.1.2.7.12", "docs/clients.md (which clients enforce which certificate rules)"},
	Doc: "Host names are checked against the subjectAltName extension. Falling back to the " +
		"subject common name was deprecated by RFC 2818 in 2000 and RFC 6125 6.4.4. Browsers " +
		"(Chrome since version 58, Firefox, Safari), Go since 1.15 and Apple platforms no longer " +
		"do it: a server certificate whose name is only in the CN fails there with 'certificate " +
		"is not valid for any names' or 'missing subjectAltName'. OpenSSL still falls back to " +
		"the CN when there is no DNS SAN (X509_check_host without " +
		"X509_CHECK_FLAG_NEVER_CHECK_SUBJECT; `openssl verify -verify_hostname` says OK), and so " +
		"do curl, mosquitto and Python's ssl: the certificate works with them and fails with " +
		"the others (docs/clients.md). Client certificates (used for mutual TLS) are not checked: servers " +
		"usually identify them by subject.",
	Fix:     "Reissue the certificate with a subjectAltName listing every DNS name and IP address clients use (`-addext \"subjectAltName=DNS:host,IP:...\"`).",
	Applies: []*checks.Scope{checks.ServerCerts},
	Run:     cnOnly,
}

func init() { checks.Register(CNOnly) }

func cnOnly(p *checks.Pass) {
	f := p.Facts
	for _, it := range leaves(f) {
		c, x := it.cert, it.cert.X509
		if !f.ServesTLS(c) {
			continue
		}
		if len(x.DNSNames)+len(x.IPAddresses)+len(x.EmailAddresses)+len(x.URIs) > 0 {
			continue
		}
		cn := x.Subject.CommonName
		what := fmt.Sprintf("its only name is the subject CN=%q, which browsers, Go and Apple platforms ignore (they refuse the certificate), while OpenSSL-based clients (curl, mosquitto, Python's ssl) fall back to it and accept", cn)
		if cn == "" {
			what = "it has no CN either, so it names no host at all"
		}
		ev := it.evidence()
		ev["common_name"] = cn
		ev["version"] = fmt.Sprint(x.Version)
		san := "subjectAltName=" + sanSpec(f, x)
		var fix string
		if selfSigned(c) {
			fix = fmt.Sprintf("`openssl req -x509 -new -key %s -subj %s -addext %s -addext basicConstraints=critical,CA:FALSE -days 365 -out %s`",
				checks.KeyFile(f, c), checks.ShellQuote("/CN="+hostFor(f, x)), checks.ShellQuote(san), certFile(c, "cert.pem"))
		} else {
			step, csr := checks.NewCSR(f, c.SPKIPin(), fmt.Sprintf("openssl req -new -key %s -subj %s -addext %s",
				checks.KeyFile(f, c), checks.ShellQuote("/CN="+hostFor(f, x)), checks.ShellQuote(san)))
			fix = fmt.Sprintf("make a new request with a SAN and have %s sign it keeping the extension: %s (own CA: `openssl x509 -req -in %s -CA ca.pem -CAkey ca.key -copy_extensions copy -days 365 -out %s`)",
				checks.DN(x.Issuer), step, csr, certFile(c, "cert.pem"))
		}
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s in %s has no subjectAltName: %s; expected the host names in DNS:/IP: SAN entries", checks.Name(c), it.where(), what),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}
