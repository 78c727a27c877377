package file

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// MixedContent notes a file that holds several kinds of object.
var MixedContent = &checks.Check{
	ID:       "file.mixed-content",
	Title:    "one file holds several kinds of object",
	Severity: checks.Info,
	Refs:     []string{"nginx ngx_http_ssl_module: ssl_certificate, ssl_certificate_key", "mosquitto.conf(5): certfile, keyfile", "RFC 7468 2 (several blocks in one file)"},
	Doc: "PEM allows any blocks in one file, and some servers want exactly that: HAProxy's " +
		"crt takes the certificate, chain and key together. Most do not: nginx reads the " +
		"chain from ssl_certificate and the key from ssl_certificate_key, mosquitto from " +
		"certfile and keyfile, NATS from cert_file and key_file. A key kept inside the " +
		"certificate file is also readable by everyone who may read the certificate. This " +
		"finding names the kinds found so you can decide; the fix splits them by PEM block.",
	Fix: "`sed -n '/-----BEGIN CERTIFICATE-----/,/-----END CERTIFICATE-----/p' combined.pem > cert.pem` and `sed -n '/-----BEGIN .*PRIVATE KEY-----/,/-----END .*PRIVATE KEY-----/p' combined.pem > key.pem`.",
	Run: mixedContent,
}

func init() { checks.Register(MixedContent) }

// pemPattern is the sed address of each kind's blocks, and a file name for it.
var pemPattern = map[string][2]string{
	facts.KindCertificate: {"CERTIFICATE", "cert.pem"},
	facts.KindPrivateKey:  {".*PRIVATE KEY", "key.pem"},
	facts.KindPublicKey:   {".*PUBLIC KEY", "pubkey.pem"},
	facts.KindCSR:         {".*CERTIFICATE REQUEST", "request.csr"},
	facts.KindDHParams:    {".*DH PARAMETERS", "dhparam.pem"},
	facts.KindCRL:         {"X509 CRL", "crl.pem"},
}

func mixedContent(p *checks.Pass) {
	looked := false
	for _, f := range p.Facts.Files {
		// A PKCS#12 bundle is meant to hold a key and certificates
		// (file.pkcs12 says how to split it); PKCS#7 holds certificates and CRLs.
		if f.Encoding != facts.EncodingPEM {
			continue
		}
		looked = true
		if len(f.Kinds) < 2 {
			continue
		}
		var names, cmds []string
		for _, k := range f.Kinds {
			names = append(names, kindName(k))
			pat := pemPattern[k]
			out := pat[1]
			if filepath.Base(f.Path) == out {
				// "> cert.pem" would empty cert.pem before sed reads it.
				out = "split-" + out
			}
			cmd := fmt.Sprintf("`sed -n '/-----BEGIN %s-----/,/-----END %s-----/p' %s > %s`", pat[0], pat[0], checks.ShellQuote(f.Path), out)
			if k == facts.KindPrivateKey {
				cmd = strings.TrimSuffix(cmd, "`") + " && chmod 600 " + out + "`"
			}
			cmds = append(cmds, cmd)
		}
		p.Report(checks.Finding{
			Message:  fmt.Sprintf("%s holds %s together; fine for HAProxy's crt, but nginx (ssl_certificate / ssl_certificate_key) and mosquitto (certfile / keyfile) take them as separate files", f.Path, strings.Join(names, " and ")),
			Subject:  f.Path,
			Evidence: evidence(f),
			Fix:      "split it by PEM block: " + strings.Join(cmds, ", "),
		})
	}
	if !looked {
		p.NotApplicable("no PEM file among the inputs")
	}
}
