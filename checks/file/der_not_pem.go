package file

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// DerNotPEM reports binary DER files where servers expect PEM.
var DerNotPEM = &checks.Check{
	ID:       "file.der-not-pem",
	Title:    "file is DER (binary) where servers expect PEM",
	Severity: checks.Warning,
	Refs:     []string{"RFC 7468 5 (PEM certificates)", "nginx ngx_http_ssl_module: ssl_certificate \"file with the certificate in the PEM format\"", "mosquitto.conf(5): certfile, keyfile (PEM encoded)"},
	Doc: "Windows and Java tools often export certificates and keys as DER, the raw binary " +
		"encoding (.cer, .der, sometimes even named .pem). nginx, mosquitto, NATS, EMQX and " +
		"Crossbar.io load only PEM, the base64 text form with -----BEGIN lines, and fail to " +
		"start with a terse error such as \"PEM_read_bio_X509_AUX() failed (no start line)\". " +
		"tlscheck reads the DER and checks its content anyway; this finding says which " +
		"OpenSSL command converts the file.",
	Fix: "`openssl x509 -inform der -in server.der -out server.pem` (certificates) or `openssl pkey -inform der -in key.der -out key.pem` (keys).",
	Run: derNotPEM,
}

func init() { checks.Register(DerNotPEM) }

// convertCommand is the openssl subcommand that reads each kind.
var convertCommand = map[string]string{
	facts.KindCertificate: "openssl x509 -inform der",
	facts.KindPrivateKey:  "openssl pkey -inform der",
	facts.KindPublicKey:   "openssl pkey -pubin -inform der",
	facts.KindCSR:         "openssl req -inform der",
	facts.KindCRL:         "openssl crl -inform der",
	facts.KindDHParams:    "openssl dhparam -inform der",
}

func derNotPEM(p *checks.Pass) {
	seen := false
	for _, f := range p.Facts.Files {
		if f.Encoding != facts.EncodingDER {
			continue
		}
		seen = true
		kind := facts.KindCertificate
		if len(f.Kinds) > 0 {
			kind = f.Kinds[0]
		}
		out := sibling(f.Path, ".pem")
		cmd := fmt.Sprintf("`%s%s -out %s`", convertCommand[kind], inArg(f.Path), checks.ShellQuote(out))
		if kind == facts.KindPrivateKey {
			cmd += fmt.Sprintf(" then `chmod 600 %s`", checks.ShellQuote(out))
		}
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s holds a %s in DER (binary) form; nginx, mosquitto, NATS, EMQX and Crossbar.io expect PEM (-----BEGIN lines)", f.Path, kindName(kind)),
			Subject:  f.Path,
			Evidence: evidence(f),
			Fix:      "convert it to PEM and point the server at the new file: " + cmd,
		})
	}
	if !seen {
		p.NotApplicable("no DER file among the inputs")
	}
}

// kindName is a kind as people say it.
func kindName(kind string) string {
	switch kind {
	case facts.KindPrivateKey:
		return "private key"
	case facts.KindPublicKey:
		return "public key"
	case facts.KindCSR:
		return "certificate request"
	case facts.KindDHParams:
		return "DH parameters"
	case facts.KindCRL:
		return "CRL"
	}
	return kind
}
