package key

import (
	"fmt"
	"path/filepath"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// Encrypted reports passphrase-protected private keys.
var Encrypted = &checks.Check{
	ID:       "key.encrypted",
	Title:    "private key is encrypted with a passphrase",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5958 3", "RFC 8018 6.2 (PBES2)", "nginx ssl_password_file"},
	Doc: "The key is protected with a passphrase (legacy 'Proc-Type: 4,ENCRYPTED' PEM or PKCS#8 " +
		"'ENCRYPTED PRIVATE KEY'). A server started by systemd or a container has nobody to type " +
		"the passphrase, so it fails to start or hangs at a prompt; mosquitto, NATS, EMQX and " +
		"Crossbar.io cannot read encrypted keys at all. nginx can, with ssl_password_file. " +
		"tlscheck cannot look inside an encrypted key, so key.mismatch and key.weak cannot " +
		"check it either. Protect the unencrypted key with file permissions (0600) instead.",
	Fix:     "Decrypt it once: `openssl pkey -in key.pem -out key-plain.pem` (asks for the passphrase), then `chmod 600 key-plain.pem`; or give the server the passphrase (nginx ssl_password_file).",
	Applies: []*checks.Scope{checks.Keys},
	Run:     encrypted,
}

func init() { checks.Register(Encrypted) }

// plainName turns key.pem into key-plain.pem.
func plainName(path string) string {
	if path == "" || path == "-" {
		return "key-plain.pem"
	}
	ext := filepath.Ext(path)
	if ext == "" || strings.EqualFold(ext, ".p12") || strings.EqualFold(ext, ".pfx") {
		ext = ".pem"
	}
	return strings.TrimSuffix(path, filepath.Ext(path)) + "-plain" + ext
}

func encrypted(p *checks.Pass) {
	f := p.Facts
	for _, k := range f.Keys {
		if !k.Encrypted {
			continue
		}
		format := k.EncryptionFormat
		if format == "" {
			format = "passphrase-protected"
		}
		ev := keyEvidence(f, k)
		ev["encryption"] = format
		in := fileArg(k.Source.File, "key.pem")
		out := checks.ShellQuote(plainName(k.Source.File))
		p.Report(checks.Finding{
			Message: fmt.Sprintf("the private key in %s is encrypted (%s): a server cannot load it unattended, and tlscheck cannot compare it with the certificate; expected an unencrypted key protected by file permissions",
				keyWhere(f, k), format),
			Subject:  keyWhere(f, k),
			Evidence: ev,
			Fix: fmt.Sprintf("`openssl pkey -in %s -out %s` (asks for the passphrase) then `chmod 600 %s` and point the server at %s; or keep it encrypted and give the passphrase to the server (nginx: `ssl_password_file /etc/nginx/key.pass;`)",
				in, out, out, out),
		})
	}
}
