package cert

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestCNOnlyFixRunsOnTheGivenCSR runs cert.cn-only's fix with the real
// openssl: the CSR the user gave is made again in place with the SAN, and
// the own-CA command signs that file into a certificate that has it.
func TestCNOnlyFixRunsOnTheGivenCSR(t *testing.T) {
	checktest.NeedTools(t, "openssl")
	root := certgen.Root("R")
	noSAN := certgen.Leaf("broker.example.com", root, certgen.DNS())
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("server.pem", noSAN.PEM()))
	write("server.key", noSAN.KeyPEM())
	write("ca.pem", root.PEM())
	write("ca.key", root.KeyPEM())
	if err := os.Mkdir(filepath.Join(dir, "req"), 0o700); err != nil {
		t.Fatal(err)
	}
	write("req/broker.csr", []byte("the old request, without a SAN\n"))

	f := newFacts(bundle("server.pem", facts.RoleAuto, noSAN)...)
	f.Keys = []*facts.Key{keyFact(noSAN.Key, "server.key", facts.RoleAuto)}
	f.CSRs = []*facts.CSR{csrFact(noSAN.Key, "broker.example.com", "req/broker.csr")}
	got := wantN(t, f, "cert.cn-only", 1)
	checktest.RunFix(t, dir, got[0].Fix, nil)

	csr, err := exec.Command("openssl", "req", "-noout", "-text", "-in", filepath.Join(dir, "req/broker.csr")).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl req -text: %v\n%s", err, csr)
	}
	wantContains(t, string(csr), "CN = broker.example.com", "DNS:broker.example.com")
	cert, err := exec.Command("openssl", "x509", "-noout", "-text", "-in", filepath.Join(dir, "server.pem")).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl x509 -text: %v\n%s", err, cert)
	}
	wantContains(t, string(cert), "DNS:broker.example.com", "Issuer: CN = R")
}
