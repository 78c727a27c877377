package key

import (
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNoCertificate(t *testing.T) {
	leaf := certgen.Leaf("a.example", nil)
	stray := certgen.NewKey("p256")
	f := newFacts(bundle("cert.pem", facts.RoleAuto, leaf)...)
	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleAuto), keyFact(stray, "old-key.pem", facts.RoleAuto)}
	got := wantN(t, f, "key.no-certificate", 1)
	wantContains(t, got[0].Message, "old-key.pem", "ECDSA P-256")
	wantContains(t, got[0].Fix, f.Keys[1].SPKIPin)

	f.Keys = f.Keys[:1]
	wantN(t, f, "key.no-certificate", 0)

	// A CA key next to its --ca certificate is not a stray.
	ca := certgen.Root("Own CA")
	f = newFacts()
	f.Roots = []*facts.Cert{fc(ca, "ca.pem", 0, facts.RoleCA)}
	f.Keys = []*facts.Key{keyFact(ca.Key, "ca.key", facts.RoleAuto)}
	wantN(t, f, "key.no-certificate", 0)
}

func TestNoCertificateCSR(t *testing.T) {
	k := certgen.NewKey("p256")
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: "pending.example"}}, k)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		t.Fatal(err)
	}
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(k, "key.pem", facts.RoleAuto)}
	f.CSRs = []*facts.CSR{{Raw: der, X509: csr, Source: facts.Source{File: "server.csr"}}}
	got := wantN(t, f, "key.no-certificate", 1)
	wantContains(t, got[0].Message, "CSR server.csr #1")
	wantContains(t, got[0].Fix, "-in server.csr")
}

// A key paired by name with a certificate it does not belong to is one
// cause: key.mismatch reports it (saying no input certificate matches the
// key), and key.no-certificate does not report it again.
func TestNoCertificateNotForAMismatch(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("mqtt.example", root)
	f := newFacts(bundle("mosquitto/server.crt", facts.RoleAuto, leaf)...)
	f.Roots = []*facts.Cert{fc(root, "ca.pem", 0, facts.RoleCA)}
	f.Keys = []*facts.Key{keyFact(certgen.NewKey("p256"), "mosquitto/server.key", facts.RoleAuto)}
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Message, "mosquitto/server.key", "no input certificate matches this key")
	wantN(t, f, "key.no-certificate", 0)

	// A stray key next to a matching pair is still reported.
	f.Keys = append(f.Keys[:0], keyFact(leaf.Key, "mosquitto/server.key", facts.RoleAuto), keyFact(certgen.NewKey("p256"), "mosquitto/old.key", facts.RoleAuto))
	wantN(t, f, "key.mismatch", 0)
	got = wantN(t, f, "key.no-certificate", 1)
	wantContains(t, got[0].Message, "old.key")
}
