package key

import (
	"crypto"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"os"
	"os/exec"
	"os/user"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// These tests run the fix commands with the real openssl, on files made for
// the case, and check they do what the finding says.

// csrText is `openssl req -text` of a CSR file in dir.
func csrText(t *testing.T, dir, name string) string {
	t.Helper()
	out, err := exec.Command("openssl", "req", "-noout", "-text", "-in", filepath.Join(dir, name)).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl req -text %s: %v\n%s", name, err, out)
	}
	return string(out)
}

func TestMismatchFixCommandsPrintThePinsAndKeepTheSANs(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("a.example", root, certgen.DNS("a.example", "www.a.example"), certgen.IP("127.0.0.1"))
	other := certgen.NewKey("p256")
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("cert.pem", leaf.PEM()))
	write("key.pem", certgen.KeyPEM(other))

	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{keyFact(other, "key.pem", facts.RoleKey)}
	got := wantN(t, f, "key.mismatch", 1)
	outs := checktest.RunFix(t, dir, got[0].Fix, nil)
	if len(outs) != 3 {
		t.Fatalf("want 3 commands (two pins, a CSR), got %d: %q", len(outs), got[0].Fix)
	}
	if pin := got[0].Evidence["certificate_spki_sha256"]; pin == "" || !strings.Contains(outs[0], pin) {
		t.Errorf("certificate pin command printed %q, want the evidence's pin %q", outs[0], pin)
	}
	if pin := got[0].Evidence["key_spki_sha256"]; pin == "" || !strings.Contains(outs[1], pin) {
		t.Errorf("key pin command printed %q, want the evidence's pin %q", outs[1], pin)
	}
	checktest.WantContains(t, csrText(t, dir, "server.csr"), "CN = a.example", "DNS:a.example", "DNS:www.a.example", "IP Address:127.0.0.1")
}

func TestMismatchFixUsesTheGivenCSR(t *testing.T) {
	root := certgen.Root("R")
	leaf := certgen.Leaf("a.example", root)
	other := certgen.NewKey("p256")
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{keyFact(other, "key.pem", facts.RoleKey)}
	f.CSRs = []*facts.CSR{csrFor(t, other, "a.example", "requests/a.csr")}
	got := wantN(t, f, "key.mismatch", 1)
	wantContains(t, got[0].Fix, "requests/a.csr was made with this key", "-in requests/a.csr")
	if strings.Contains(got[0].Fix, "server.csr") {
		t.Errorf("fix names server.csr, not the CSR given: %s", got[0].Fix)
	}
}

func TestNoCertificatePinCommandFindsTheCertificate(t *testing.T) {
	leaf := certgen.Leaf("b.example", nil)
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("found.pem", leaf.PEM()))
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleAuto)}
	got := wantN(t, f, "key.no-certificate", 1)
	// CERT is the placeholder the fix tells the user to fill in with
	// each candidate file.
	outs := checktest.RunFix(t, dir, got[0].Fix, map[string]string{"CERT": "found.pem"})
	if pin := got[0].Evidence["key_spki_sha256"]; pin == "" || !strings.Contains(outs[0], pin) {
		t.Errorf("pin command printed %q, want %q", outs[0], pin)
	}
}

func TestWeakLeafFixKeepsTheSANs(t *testing.T) {
	leaf := certgen.Leaf("weak.example", certgen.Root("R"), certgen.KeyType("rsa1024"), certgen.DNS("weak.example", "mqtt.weak.example"))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("key.pem", leaf.KeyPEM()))
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleKey)}
	got := wantN(t, f, "key.weak", 1)
	cmds := checktest.FixCommands(got[0].Fix)
	// The fix offers an EC key or an RSA key: run the first and the CSR.
	checktest.RunFix(t, dir, "`"+cmds[0]+"` `"+cmds[2]+"`", nil)
	checktest.WantContains(t, csrText(t, dir, "server.csr"), "CN = weak.example", "DNS:weak.example", "DNS:mqtt.weak.example", "ASN1 OID: prime256v1")
}

// csrFor is a CSR for cn made with k, as read from file.
func csrFor(t *testing.T, k crypto.Signer, cn, file string) *facts.CSR {
	t.Helper()
	der, err := x509.CreateCertificateRequest(rand.Reader, &x509.CertificateRequest{Subject: pkix.Name{CommonName: cn}, DNSNames: []string{cn}}, k)
	if err != nil {
		t.Fatal(err)
	}
	csr, err := x509.ParseCertificateRequest(der)
	if err != nil {
		t.Fatal(err)
	}
	return &facts.CSR{Raw: der, X509: csr, Source: facts.Source{File: file}}
}

// A weak key no certificate matches: the fix makes a new key and a request
// with it for HOST, the name it tells the user to fill in.
func TestWeakStrayKeyFixMakesAKeyAndARequest(t *testing.T) {
	weak := certgen.NewKey("rsa1024")
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("old.key", certgen.KeyPEM(weak)))
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(weak, "old.key", facts.RoleKey)}
	got := wantN(t, f, "key.weak", 1)
	cmds := checktest.FixCommands(got[0].Fix)
	checktest.RunFix(t, dir, "`"+cmds[0]+"` `"+cmds[2]+"`", map[string]string{"HOST": "stray.example"})
	checktest.WantContains(t, csrText(t, dir, "server.csr"), "CN = stray.example", "DNS:stray.example", "ASN1 OID: prime256v1")
}

// The weak key of a certificate from the user's own CA: new key, the CSR
// the user gave made again in place with it, and signed by the CA.
func TestWeakLeafFixSignsTheGivenCSR(t *testing.T) {
	root := certgen.Root("R", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	leaf := certgen.Leaf("weak.example", root, certgen.KeyType("rsa1024"), certgen.DNS("weak.example", "mqtt.weak.example"))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("key.pem", leaf.KeyPEM()))
	write("cert.pem", leaf.PEM())
	write("ca.pem", root.PEM())
	write("ca.key", root.KeyPEM())
	write("weak.csr", []byte("the old request\n"))
	f := newFacts(bundle("cert.pem", facts.RoleCert, leaf)...)
	f.Keys = []*facts.Key{keyFact(leaf.Key, "key.pem", facts.RoleKey)}
	f.CSRs = []*facts.CSR{csrFor(t, leaf.Key, "weak.example", "weak.csr")}
	got := wantN(t, f, "key.weak", 1)
	cmds := checktest.FixCommands(got[0].Fix)
	if len(cmds) != 4 {
		t.Fatalf("want 4 commands (EC key, RSA key, CSR, signing), got %q", got[0].Fix)
	}
	checktest.RunFix(t, dir, "`"+cmds[0]+"` `"+cmds[2]+"` `"+cmds[3]+"`", nil)
	checktest.WantContains(t, csrText(t, dir, "weak.csr"), "CN = weak.example", "DNS:mqtt.weak.example", "ASN1 OID: prime256v1")
	made := checktest.ReadCert(t, filepath.Join(dir, "cert.pem"), facts.RoleCert)
	checktest.Verify(t, dir, "ca.pem", "cert.pem", made.X509.NotBefore.Add(time.Hour))
	again := newFacts(made)
	again.Now = made.X509.NotBefore.Add(time.Hour)
	again.Keys = []*facts.Key{keyFact(readKey(t, filepath.Join(dir, "key.pem")), "key.pem", facts.RoleKey)}
	wantN(t, again, "key.weak", 0)
	wantN(t, again, "key.mismatch", 0)
}

// A key with its CSR and no certificate: the own-CA command signs that CSR
// into a certificate for the key.
func TestNoCertificateFixSignsTheCSR(t *testing.T) {
	root := certgen.Root("R", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	k := certgen.NewKey("p256")
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("ca.pem", root.PEM()))
	write("ca.key", root.KeyPEM())
	csr := csrFor(t, k, "c.example", "c.csr")
	write("c.csr", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE REQUEST", Bytes: csr.Raw}))
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(k, "c.key", facts.RoleAuto)}
	f.CSRs = []*facts.CSR{csr}
	got := wantN(t, f, "key.no-certificate", 1)
	checktest.RunFix(t, dir, got[0].Fix, nil)
	made := checktest.ReadCert(t, filepath.Join(dir, "cert.pem"), facts.RoleAuto)
	checktest.Verify(t, dir, "ca.pem", "cert.pem", made.X509.NotBefore.Add(time.Hour))
	again := newFacts(made)
	again.Keys = f.Keys
	wantN(t, again, "key.no-certificate", 0)
}

// readKey reads a PEM private key file a fix wrote.
func readKey(t *testing.T, path string) crypto.Signer {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := pem.Decode(data)
	if b == nil {
		t.Fatalf("%s holds no PEM block", filepath.Base(path))
	}
	k, err := x509.ParsePKCS8PrivateKey(b.Bytes)
	if err != nil {
		t.Fatalf("%s: %v", filepath.Base(path), err)
	}
	return k.(crypto.Signer)
}

// key.permissions' commands, run on a 0644 key: "<service user>", which
// the fix tells the user to fill in, is the user running the test (chown
// to oneself needs no privilege). The mode after them is one the check
// accepts.
func TestPermissionsFixRuns(t *testing.T) {
	me, err := user.Current()
	if err != nil {
		t.Fatal(err)
	}
	k := certgen.NewKey("p256")
	write := checktest.TempWriter(t)
	path := write("key.pem", certgen.KeyPEM(k))
	if err := os.Chmod(path, 0o644); err != nil {
		t.Fatal(err)
	}
	f := newFacts()
	f.Keys = []*facts.Key{keyFact(k, "key.pem", facts.RoleAuto)}
	f.Files = []*facts.File{{Path: "key.pem", Mode: 0o644, HasMode: true}}
	got := wantN(t, f, "key.permissions", 1)
	checktest.RunFix(t, filepath.Dir(path), got[0].Fix, map[string]string{"<service user>": me.Username})
	st, err := os.Stat(path)
	if err != nil {
		t.Fatal(err)
	}
	f.Files[0].Mode = uint32(st.Mode().Perm())
	wantN(t, f, "key.permissions", 0)
}
