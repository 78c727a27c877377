package chain

import (
	"crypto/x509"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// chain.invalid for an issuer that is not a CA: the fix makes a request
// for the leaf with its key and names and signs it with the user's CA
// (ca.pem, ca.key); the certificate it makes has a valid path.
func TestInvalidNonCAIssuerFixRuns(t *testing.T) {
	root := certgen.Root("Own CA", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	notCA := certgen.Intermediate("Not A CA", root, certgen.Template(func(c *x509.Certificate) { c.IsCA = false }))
	leaf := certgen.Leaf("www.example.com", notCA, certgen.DNS("www.example.com", "example.com"))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("server.pem", append(leaf.PEM(), notCA.PEM()...)))
	write("server.key", leaf.KeyPEM())
	write("ca.pem", root.PEM())
	write("ca.key", root.KeyPEM())
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf, notCA)
	f.Keys = []*facts.Key{checktest.KeyFact(leaf.Key, "server.key", facts.RoleAuto)}
	trust(f, root)
	got := run(t, f, "chain.invalid")
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	checktest.RunFix(t, dir, got[0].Fix, nil)
	made := checktest.ReadCert(t, filepath.Join(dir, "cert.pem"), facts.RoleAuto)
	checktest.Verify(t, dir, "ca.pem", "cert.pem", made.X509.NotBefore.Add(time.Hour))
	checktest.WantContains(t, made.X509.Subject.CommonName, "www.example.com")
	if len(made.X509.DNSNames) != 2 {
		t.Errorf("the new certificate's SANs are %v, want the leaf's two", made.X509.DNSNames)
	}
	again := newFacts()
	again.Now = made.X509.NotBefore.Add(time.Hour)
	again.Certs = []*facts.Cert{made}
	again.Keys = f.Keys
	trust(again, root)
	if got := run(t, again, "chain.invalid"); len(got) != 0 {
		t.Errorf("chain.invalid still reports the certificate the fix made: %+v", got)
	}
}
