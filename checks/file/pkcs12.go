package file

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// PKCS12 notes a PKCS#12 / PFX bundle among the inputs.
var PKCS12 = &checks.Check{
	ID:       "file.pkcs12",
	Title:    "PKCS#12 (PFX) bundle found",
	Severity: checks.Info,
	Refs:     []string{"RFC 7292 (PKCS #12 v1.1)", "openssl-pkcs12(1)"},
	Doc: "A PKCS#12 file (.p12, .pfx) packs a certificate, its chain and the private key " +
		"into one password-protected binary, the form Windows, Java and many appliances " +
		"export. tlscheck opens it (with --password or TLSCHECK_PASSWORD when it has one) " +
		"and checks its contents like any other input. nginx, mosquitto, NATS and Crossbar.io " +
		"cannot load PKCS#12 and need separate PEM files; EMQX and Java servers can use it " +
		"directly. The fix gives the three OpenSSL commands that split it.",
	Fix: "`openssl pkcs12 -in bundle.p12 -clcerts -nokeys -out cert.pem`, `openssl pkcs12 -in bundle.p12 -cacerts -nokeys -out chain.pem`, `openssl pkcs12 -in bundle.p12 -nocerts -nodes -out key.pem`.",
	Run: pkcs12,
}

func init() { checks.Register(PKCS12) }

func pkcs12(p *checks.Pass) {
	seen := false
	for _, f := range p.Facts.Files {
		if f.Encoding != facts.EncodingPKCS12 {
			continue
		}
		seen = true
		// The password from the environment, as tlscheck reads it: the
		// commands then run unattended (openssl would otherwise ask three times).
		in := inArg(f.Path) + " -passin env:TLSCHECK_PASSWORD"
		certs := len(p.Facts.CertsIn(f.Path))
		keys := 0
		for _, k := range p.Facts.Keys {
			if k.Source.File == f.Path {
				keys++
			}
		}
		contents := fmt.Sprintf("%d certificate(s) and %d private key(s), checked like the other inputs", certs, keys)
		if f.PKCS12Error != "" {
			contents = "its contents could not be opened (see file.pkcs12-password)"
		}
		ev := evidence(f)
		ev["certificates"] = fmt.Sprint(certs)
		ev["keys"] = fmt.Sprint(keys)
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s is a PKCS#12 bundle: %s; nginx, mosquitto, NATS and Crossbar.io need separate PEM files", f.Path, contents),
			Subject:  f.Path,
			Evidence: ev,
			Fix: strings.Join([]string{
				fmt.Sprintf("`openssl pkcs12%s -clcerts -nokeys -out cert.pem`", in),
				// Not -chain: it only applies with -export (OpenSSL: "-chain option
				// ignored without -export").
				fmt.Sprintf("`openssl pkcs12%s -cacerts -nokeys -out chain.pem`", in),
				fmt.Sprintf("`openssl pkcs12%s -nocerts -nodes -out key.pem && chmod 600 key.pem`", in),
			}, ", ") + ", with the bundle's password in the environment variable TLSCHECK_PASSWORD, as for tlscheck (add -legacy if OpenSSL 3 reports an unsupported algorithm)",
		})
	}
	if !seen {
		p.NotApplicable("no PKCS#12 bundle among the inputs")
	}
}
