package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestIsCA(t *testing.T) {
	// `openssl req -x509` with the default config: self-signed, CA:TRUE, and
	// its key deployed beside it.
	caLeaf := certgen.Leaf("nats.example", nil, certgen.IsCA())
	f := newFacts(bundle("server-cert.pem", facts.RoleAuto, caLeaf)...)
	f.Keys = append(f.Keys, keyFact(caLeaf.Key, "server-key.pem", facts.RoleAuto))
	got := wantN(t, f, "cert.is-ca", 1)
	wantContains(t, got[0].Message, "CA:TRUE", "expected CA:FALSE")
	wantContains(t, got[0].Fix, "basicConstraints=critical,CA:FALSE", "-key server-key.pem")

	// Without its key the CA:TRUE certificate is just a root, not a leaf.
	wantN(t, newFacts(bundle("server-cert.pem", facts.RoleAuto, caLeaf)...), "cert.is-ca", 0)

	plain := certgen.Leaf("nats.example", certgen.Root("R"))
	wantN(t, newFacts(bundle("server.pem", facts.RoleAuto, plain)...), "cert.is-ca", 0)
}

// An own-CA directory (ca.pem, ca.key, server.pem, server.key): the root
// next to its key is still a CA, not a CA:TRUE server certificate.
func TestIsCAOwnCADirectory(t *testing.T) {
	ca := certgen.Root("Own CA")
	server := certgen.Leaf("server.example", ca)
	f := newFacts(append(bundle("ca.pem", facts.RoleAuto, ca), bundle("server.pem", facts.RoleAuto, server)...)...)
	f.Keys = []*facts.Key{keyFact(ca.Key, "ca.key", facts.RoleAuto), keyFact(server.Key, "server.key", facts.RoleAuto)}
	wantN(t, f, "cert.is-ca", 0)
	wantN(t, f, "cert.self-signed", 0)
}

// A CA:TRUE certificate from a CA is re-requested with CA:FALSE and its
// names, in the CSR the user gave for its key.
func TestIsCAFixUsesGivenCSR(t *testing.T) {
	root := certgen.Root("R")
	caLeaf := certgen.Leaf("nats.example", root, certgen.IsCA(), certgen.DNS("nats.example", "nats2.example"))
	f := newFacts(bundle("server-cert.pem", facts.RoleAuto, caLeaf, root)...)
	f.Keys = append(f.Keys, keyFact(caLeaf.Key, "server-key.pem", facts.RoleAuto))
	f.CSRs = []*facts.CSR{csrFact(caLeaf.Key, "nats.example", "req/nats.csr")}
	got := wantN(t, f, "cert.is-ca", 1)
	wantGivenCSR(t, got[0].Fix, "req/nats.csr", "basicConstraints=critical,CA:FALSE", "subjectAltName=DNS:nats.example,DNS:nats2.example", "-in req/nats.csr")
}
