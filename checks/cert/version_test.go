package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestVersion(t *testing.T) {
	// The Crossbar.io recipe: openssl x509 -req -signkey makes a v1 self-signed cert.
	v1 := certgen.Leaf("crossbar.example", nil, certgen.V1())
	if v1.X509.Version != 1 {
		t.Fatalf("certgen made version %d", v1.X509.Version)
	}
	f := newFacts(bundle("server.crt", facts.RoleAuto, v1)...)
	f.Keys = append(f.Keys, keyFact(v1.Key, "server.key", facts.RoleAuto))
	got := wantN(t, f, "cert.version", 1)
	wantContains(t, got[0].Message, "version 1", "expected version 3")
	wantContains(t, got[0].Fix, "openssl req -x509 -new -key server.key", "subjectAltName=DNS:crossbar.example",
		"basicConstraints=critical,CA:FALSE", "extendedKeyUsage=serverAuth", "subjectKeyIdentifier=hash", "-out server.crt")
	if n := len(checktest.FixCommands(got[0].Fix)); n != 1 {
		t.Errorf("fix has %d commands, want one: %s", n, got[0].Fix)
	}

	v3 := certgen.Leaf("ok.example", nil)
	wantN(t, newFacts(bundle("ok.pem", facts.RoleAuto, v3)...), "cert.version", 0)
}

func TestVersionCASignedV1(t *testing.T) {
	root := certgen.Root("Own CA")
	v1 := certgen.Leaf("emqx.example", root, certgen.V1())
	f := newFacts(bundle("server.pem", facts.RoleAuto, v1, root)...)
	got := wantN(t, f, "cert.version", 1)
	wantContains(t, got[0].Fix, "-CA ca.pem", "-copy_extensions copy")
}
