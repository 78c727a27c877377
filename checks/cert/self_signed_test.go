package cert

import (
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSelfSigned(t *testing.T) {
	self := certgen.Leaf("localhost", nil)
	f := newFacts(bundle("cert.pem", facts.RoleAuto, self)...)
	got := wantN(t, f, "cert.self-signed", 1)
	wantContains(t, got[0].Message, "CN=localhost", "self-signed")
	wantContains(t, got[0].Fix, "--cacert cert.pem")

	root := certgen.Root("Own CA")
	leaf := certgen.Leaf("localhost", root)
	f = newFacts(bundle("fullchain.pem", facts.RoleAuto, leaf, root)...)
	wantN(t, f, "cert.self-signed", 0) // the root is not a leaf
}

func TestSelfSignedSHA1StillSelfSigned(t *testing.T) {
	self := certgen.Leaf("legacy.example", nil, certgen.SigAlg(x509.SHA1WithRSA), certgen.KeyType("rsa2048"))
	f := newFacts(bundle("cert.pem", facts.RoleAuto, self)...)
	wantN(t, f, "cert.self-signed", 1)
}

// A CSR the user gave for the certificate's key is made again in place
// with its names, rather than a new server.csr.
func TestSelfSignedFixUsesGivenCSR(t *testing.T) {
	self := certgen.Leaf("localhost", nil, certgen.DNS("localhost"), certgen.IP("127.0.0.1"))
	f := newFacts(bundle("cert.pem", facts.RoleAuto, self)...)
	f.CSRs = []*facts.CSR{csrFact(self.Key, "localhost", "req/local.csr")}
	got := wantN(t, f, "cert.self-signed", 1)
	wantGivenCSR(t, got[0].Fix, "req/local.csr", "subjectAltName=DNS:localhost,IP:127.0.0.1")
}
