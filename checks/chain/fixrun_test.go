package chain

import (
	"context"
	"crypto/x509"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
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

// chain.roles-swapped's nginx command, run: the bundle it writes starts
// with the server certificate and is in order.
func TestRolesSwappedFixBuildsTheBundle(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	p := newPKI()
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("cert.pem", p.inter.PEM()))
	write("chain.pem", p.leaf.PEM())
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, p.inter)
	in(f, "chain.pem", facts.RoleChain, p.leaf)
	trust(f, p.root)
	got := run(t, f, "chain.roles-swapped")
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	checktest.RunFix(t, dir, got[0].Fix, nil)
	again := newFacts()
	in(again, "fullchain.pem", facts.RoleAuto, readBundle(t, filepath.Join(dir, "fullchain.pem"))...)
	trust(again, p.root)
	if len(again.Certs) != 2 || string(again.Certs[0].Raw) != string(p.leaf.DER) {
		t.Fatalf("fullchain.pem does not start with the server certificate")
	}
	if got := run(t, again, "chain.order"); len(got) != 0 {
		t.Errorf("fullchain.pem is out of order: %+v", got)
	}
}

// chain.anchor-not-root's command, run with the root the fix says to get
// from the CA: openssl verify then accepts the leaf, and the check no
// longer reports the CA file.
func TestAnchorNotRootFixAddsTheRoot(t *testing.T) {
	checktest.NeedTools(t, "openssl", "sh")
	root := certgen.Root("Anchor Root", certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	inter := certgen.Intermediate("Anchor Intermediate", root, certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	leaf := certgen.Leaf("mqtt.example.test", inter, certgen.Validity(certgen.Epoch, certgen.Epoch.AddDate(100, 0, 0)))
	write := checktest.TempWriter(t)
	dir := filepath.Dir(write("ca.pem", inter.PEM()))
	write("root.pem", root.PEM())
	write("server.pem", leaf.PEM())
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, inter)
	got := run(t, f, "chain.anchor-not-root")
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	checktest.RunFix(t, dir, got[0].Fix, nil)
	checktest.Verify(t, dir, "ca.pem", "server.pem", certgen.Epoch.AddDate(1, 0, 0))
	again := newFacts()
	in(again, "server.pem", facts.RoleAuto, leaf)
	trust(again, readBundle(t, filepath.Join(dir, "ca.pem"))...)
	if got := run(t, again, "chain.anchor-not-root"); len(got) != 0 {
		t.Errorf("still reported: %+v", got)
	}
}

// readBundle reads the certificates of a PEM file a fix wrote.
func readBundle(t *testing.T, path string) []*certgen.Cert {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []*certgen.Cert
	for {
		var b *pem.Block
		if b, data = pem.Decode(data); b == nil {
			return out
		}
		x, err := x509.ParseCertificate(b.Bytes)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, &certgen.Cert{X509: x, DER: b.Bytes})
	}
}

// chain.order's command for a PEM file, run: the file holds the same
// certificates afterwards, in path order, and the check is satisfied.
func TestOrderFixReordersThePEMFile(t *testing.T) {
	checktest.NeedTools(t, "awk", "sh")
	p := newPKI()
	for name, certs := range map[string][]*certgen.Cert{
		"intermediate first": {p.inter, p.leaf},
		"root in the middle": {p.leaf, p.root, p.inter},
	} {
		t.Run(name, func(t *testing.T) {
			write := checktest.TempWriter(t)
			dir := filepath.Dir(write("server.pem", certgen.Bundle(certs...)))
			f := newFacts()
			in(f, "server.pem", facts.RoleAuto, certs...)
			f.Files = []*facts.File{{Path: "server.pem", Encoding: facts.EncodingPEM, Kinds: []string{facts.KindCertificate}}}
			trust(f, p.root)
			got := run(t, f, "chain.order")
			if len(got) != 1 {
				t.Fatalf("%+v", got)
			}
			checktest.RunFix(t, dir, got[0].Fix, nil)
			again := newFacts()
			again.Files = f.Files
			in(again, "server.pem", facts.RoleAuto, readBundle(t, filepath.Join(dir, "server.pem"))...)
			trust(again, p.root)
			if len(again.Certs) != len(certs) || string(again.Certs[0].Raw) != string(p.leaf.DER) {
				t.Fatalf("server.pem after the fix holds %d certificates (want %d, the server's first)", len(again.Certs), len(certs))
			}
			if got := run(t, again, "chain.order"); len(got) != 0 {
				t.Errorf("still reported: %+v", got)
			}
			if left, _ := filepath.Glob(filepath.Join(dir, "tlscheck-part-*")); len(left) != 0 {
				t.Errorf("the fix left %v behind", left)
			}
		})
	}
}

// chain.certbot-mismatch's relink command, run in a certbot tree whose
// cert.pem still links to the previous issuance: afterwards the live files
// agree (the other way out, certbot renew, needs certbot and the network).
func TestCertbotMismatchFixRelinks(t *testing.T) {
	checktest.NeedTools(t, "sh", "ln")
	p := newPKI()
	renewed := certgen.Leaf("www.example.com", p.inter, certgen.Validity(certgen.Epoch.AddDate(0, 0, 5), certgen.Epoch.AddDate(0, 3, 0)))
	root := t.TempDir()
	archive := filepath.Join(root, "archive", "example.com")
	live := filepath.Join(root, "live", "example.com")
	for _, d := range []string{archive, live} {
		if err := os.MkdirAll(d, 0o700); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range map[string][]byte{
		"cert2.pem": p.leaf.PEM(), "chain2.pem": p.inter.PEM(), "fullchain2.pem": certgen.Bundle(p.leaf, p.inter), "privkey2.pem": p.leaf.KeyPEM(),
		"cert3.pem": renewed.PEM(), "chain3.pem": p.inter.PEM(), "fullchain3.pem": certgen.Bundle(renewed, p.inter), "privkey3.pem": renewed.KeyPEM(),
	} {
		if err := os.WriteFile(filepath.Join(archive, name), data, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	for link, n := range map[string]string{"cert.pem": "cert2.pem", "chain.pem": "chain3.pem", "fullchain.pem": "fullchain3.pem", "privkey.pem": "privkey3.pem"} {
		if err := os.Symlink("../../archive/example.com/"+n, filepath.Join(live, link)); err != nil {
			t.Fatal(err)
		}
	}
	loadLive := func() *facts.Facts {
		f, err := load.Load(context.Background(), load.Config{Paths: []string{live}, NoSystemRoots: true, Now: checktest.Now})
		if err != nil {
			t.Fatal(err)
		}
		trust(f, p.root)
		return f
	}
	got := run(t, loadLive(), "chain.certbot-mismatch")
	if len(got) != 1 {
		t.Fatalf("%+v", got)
	}
	cmds := checktest.FixCommands(got[0].Fix)
	checktest.RunFix(t, root, "`"+cmds[0]+"`", nil)
	if got := run(t, loadLive(), "chain.certbot-mismatch"); len(got) != 0 {
		t.Errorf("still reported after the relink: %+v", got)
	}
}
