package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Version reports certificates that are not X.509 version 3.
var Version = &checks.Check{
	ID:       checks.IDCertVersion,
	Title:    "certificate is not X.509 version 3",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.1.2.1", "CA/B Forum BR 7.1.1"},
	Doc: "Extensions (subjectAltName, basicConstraints, keyUsage, extendedKeyUsage) exist only " +
		"in X.509 version 3 (RFC 5280 4.1.2.1). A version 1 certificate therefore has no SAN, and " +
		"modern clients, which match host names against the SAN only, reject it. The classic " +
		"source is the recipe `openssl req -new` followed by `openssl x509 -req -signkey` (the " +
		"Crossbar.io and many blog guides), which writes v1 unless an extension file is given.",
	Fix: "Reissue it as v3 with every extension in one command: a self-signed one with `openssl req -x509 -new -key KEY -subj /CN=HOST " +
		"-addext subjectAltName=DNS:HOST -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=serverAuth " +
		"-addext subjectKeyIdentifier=hash -days 365 -out CERT`; one signed by a CA by adding `-extfile` with the same extensions to `openssl x509 -req`.",
	Applies: []*checks.Scope{checks.InputCerts},
	Run:     version,
}

func init() { checks.Register(Version) }

func version(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, false)
	for _, it := range items {
		c, x := it.cert, it.cert.X509
		if x.Version == 3 {
			continue
		}
		ev := it.evidence()
		ev["version"] = fmt.Sprint(x.Version)
		host := hostFor(f, x)
		// One command re-issues it with every extension a v1 certificate
		// lacks, so that it also resolves the findings grouped under this
		// one (checks.CauseRules): the SAN for its names and the hosts asked
		// for, CA:FALSE, the EKU for its purpose and a key identifier.
		eku := ekuFor(f.LeafRole(c))
		// The extensions reach openssl through a pipe, not bash's <(...),
		// so that the command runs in any POSIX shell.
		ext := fmt.Sprintf(`printf 'subjectAltName=%s\nbasicConstraints=CA:FALSE\nextendedKeyUsage=%s\nsubjectKeyIdentifier=hash\nauthorityKeyIdentifier=keyid\n'`, sanSpec(f, x), eku)
		var fix string
		switch {
		case x.IsCA || f.IssuedOthers(c):
			fix = fmt.Sprintf("re-create the CA certificate as v3: `openssl req -x509 -new -key ca.key -subj %s -addext basicConstraints=critical,CA:TRUE -addext keyUsage=critical,keyCertSign,cRLSign -days 3650 -out %s`",
				checks.ShellQuote("/"+x.Subject.ToRDNSequence().String()), certFile(c, "ca.pem"))
		case selfSigned(c):
			fix = fmt.Sprintf("re-issue it as v3 with the same key, in one step: `openssl req -x509 -new -key %s -subj %s -addext %s -addext basicConstraints=critical,CA:FALSE -addext extendedKeyUsage=%s -addext subjectKeyIdentifier=hash -days %d -out %s`",
				checks.KeyFile(f, c), checks.ShellQuote("/CN="+host), checks.ShellQuote("subjectAltName="+sanSpec(f, x)), eku, checks.ReissueDays, certFile(c, "cert.pem"))
		default:
			fix = fmt.Sprintf("have the CA re-sign the request with extensions: `%s | openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -days %d -out %s -extfile /dev/stdin` (when the CSR already carries them, -copy_extensions copy does instead of the extension file)",
				ext, checks.ReissueDays, certFile(c, "cert.pem"))
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s is X.509 version %d; expected version 3 (a v%d certificate cannot carry subjectAltName or other extensions)",
				checks.Name(c), it.where(), x.Version, x.Version),
			Subject:  checks.Name(c),
			Evidence: ev,
			Fix:      fix,
		})
	}
}

// ekuFor is the extendedKeyUsage value (openssl syntax) a certificate used
// in role (facts.Purpose*) needs.
func ekuFor(role string) string {
	switch role {
	case facts.PurposeClient:
		return "clientAuth"
	case facts.PurposeBoth:
		return "serverAuth,clientAuth"
	}
	return "serverAuth"
}
