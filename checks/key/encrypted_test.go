package key

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestEncrypted(t *testing.T) {
	f := newFacts()
	f.Keys = []*facts.Key{
		{Source: facts.Source{File: "/etc/ssl/server.key"}, Type: "RSA", Encrypted: true, EncryptionFormat: "legacy PEM (AES-256-CBC)"},
		keyFact(certgen.NewKey("p256"), "plain.pem", facts.RoleAuto),
	}
	got := wantN(t, f, "key.encrypted", 1)
	wantContains(t, got[0].Message, "/etc/ssl/server.key", "legacy PEM (AES-256-CBC)")
	wantContains(t, got[0].Fix, "openssl pkey -in /etc/ssl/server.key -out /etc/ssl/server-plain.key", "chmod 600 /etc/ssl/server-plain.key", "ssl_password_file")

	f.Keys = f.Keys[1:]
	wantN(t, f, "key.encrypted", 0)
}
