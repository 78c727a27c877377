package load

import (
	"context"
	"encoding/pem"
	"os"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

func TestRootsFromCA(t *testing.T) {
	root := certgen.Root("Private Root")
	leaf := certgen.Leaf("ca.example.test", root)
	dir := t.TempDir()
	ca := write(t, dir, "ca.pem", root.PEM())
	srv := write(t, dir, "server.pem", leaf.PEM())
	f, err := Load(context.Background(), Config{Paths: []string{srv}, CA: []string{ca}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Roots) != 1 || f.Roots[0].Source.Role != facts.RoleCA || len(f.Certs) != 1 {
		t.Fatalf("roots %d certs %d", len(f.Roots), len(f.Certs))
	}
	if err := f.Certs[0].X509.CheckSignatureFrom(f.Roots[0].X509); err != nil {
		t.Errorf("root from --ca does not verify the leaf: %v", err)
	}
}

func TestSystemRootsFromSSLCertFile(t *testing.T) {
	a, b := certgen.Root("System A"), certgen.Root("System B")
	leaf := certgen.Leaf("www.example.test", b)
	dir := t.TempDir()
	bundlePath := write(t, dir, "bundle.pem", certgen.Bundle(a, b))
	srv := write(t, dir, "server.pem", leaf.PEM())
	t.Setenv("SSL_CERT_FILE", bundlePath)
	t.Setenv("SSL_CERT_DIR", filepath.Join(dir, "nothing-here"))
	for range 2 { // the second load comes from the cache
		f, err := Load(context.Background(), Config{Paths: []string{srv}})
		if err != nil {
			t.Fatal(err)
		}
		// Only the store's root that issued an input is loaded.
		if len(f.Roots) != 1 || f.Roots[0].Source.Role != facts.RoleSystem || f.Roots[0].X509.Subject.CommonName != "System B" || !f.Roots[0].Public() {
			t.Fatalf("roots: %d", len(f.Roots))
		}
		if ch := paths.Chains(f); len(ch) != 1 || ch[0].Status != facts.ChainTrusted {
			t.Fatalf("chains: %+v", ch)
		}
		f.Roots = append(f.Roots[:0], nil) // callers may reuse their slice without touching the cache
	}
	if n := SystemStoreSize(); n != 2 {
		t.Errorf("store size %d, want 2", n)
	}
	if all := systemRoots(); len(all) != 2 || all[0].X509.Subject.CommonName != "System A" {
		t.Errorf("the whole store: %d roots", len(all))
	}
	// No input, no root: nothing could end at one.
	if f, err := Load(context.Background(), Config{}); err != nil || len(f.Roots) != 0 {
		t.Errorf("no inputs: %d roots, err %v", len(f.Roots), err)
	}
}

// TestSystemRootsForIssuers: SystemRootsFor returns exactly the store's
// roots that issued one of the certificates (by raw issuer name, so a
// root re-issued with the same name and another key is returned too, and
// the path builder picks the one whose key verifies), without those the
// caller has already.
func TestSystemRootsForIssuers(t *testing.T) {
	a, b := certgen.Root("Issuer A"), certgen.Root("Issuer B")
	b2 := certgen.Root("Issuer B") // same name, new key
	c := certgen.Root("Unrelated")
	dir := t.TempDir()
	t.Setenv("SSL_CERT_FILE", write(t, dir, "bundle.pem", certgen.Bundle(a, b, c, b2)))
	t.Setenv("SSL_CERT_DIR", filepath.Join(dir, "none"))
	leafB := certgen.Leaf("b.example.test", b)
	in := []*facts.Cert{{Raw: leafB.DER, X509: leafB.X509}, {Raw: a.DER, X509: a.X509}}
	got := SystemRootsFor(in, nil)
	var names []string
	for _, r := range got {
		names = append(names, r.X509.Subject.CommonName)
	}
	if len(got) != 3 || names[0] != "Issuer A" || names[1] != "Issuer B" || names[2] != "Issuer B" || string(got[2].Raw) != string(b2.DER) {
		t.Fatalf("got %v", names)
	}
	if got := SystemRootsFor(in, got[:1]); len(got) != 2 {
		t.Errorf("with Issuer A already present: %d roots, want 2", len(got))
	}
	if s, ok := rawSubject(b.DER); !ok || s != string(b.X509.RawSubject) {
		t.Error("rawSubject disagrees with crypto/x509's RawSubject")
	}
	if _, ok := rawSubject([]byte("not a certificate")); ok {
		t.Error("rawSubject accepted garbage")
	}
}

func TestBundledRootsWhenNoSystemStore(t *testing.T) {
	dir := t.TempDir()
	t.Setenv("SSL_CERT_FILE", filepath.Join(dir, "missing.pem"))
	t.Setenv("SSL_CERT_DIR", dir)
	if n := SystemStoreSize(); n < 50 {
		t.Fatalf("bundled roots: %d", n)
	}
	// A bundled root given as an input is its own issuer: it is loaded,
	// parsed, from the embedded bundle.
	first := systemRoots()[0]
	in := write(t, dir, "root.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: first.Raw}))
	f, err := Load(context.Background(), Config{Paths: []string{in}})
	if err != nil {
		t.Fatal(err)
	}
	if len(f.Roots) != 1 || f.Roots[0].Source.Role != facts.RoleBundled || f.Roots[0].X509 == nil {
		t.Fatalf("bundled roots: %d", len(f.Roots))
	}
	if f, _ := Load(context.Background(), Config{Paths: []string{in}, NoSystemRoots: true}); len(f.Roots) != 0 {
		t.Errorf("NoSystemRoots: %d roots", len(f.Roots))
	}
}

// TestTrustedFileIsAlsoAnInput: `--ca cert.pem .` trusts the self-signed
// cert.pem and still checks it as the server certificate in the directory.
func TestTrustedFileIsAlsoAnInput(t *testing.T) {
	self := certgen.Leaf("localhost", nil, certgen.IsCA())
	dir := t.TempDir()
	cert := write(t, dir, "cert.pem", self.PEM())
	write(t, dir, "key.pem", self.KeyPEM())
	f := mustLoad(t, Config{Paths: []string{dir}, CA: []string{cert}})
	if len(f.Roots) != 1 || f.Roots[0].Source.Role != facts.RoleCA {
		t.Fatalf("roots: %d, want cert.pem as the one --ca anchor", len(f.Roots))
	}
	if len(f.Certs) != 1 || f.Certs[0].Source.Role == facts.RoleCA {
		t.Fatalf("certs: %d, want cert.pem also loaded as an input", len(f.Certs))
	}
	if leaves := f.Leaves(); len(leaves) != 1 {
		t.Fatalf("leaves: %d, want the self-signed server certificate", len(leaves))
	}
	if ch := paths.Chains(f); len(ch) != 1 || ch[0].Status != facts.ChainTrusted {
		t.Fatalf("chains: %+v, want one trusted chain", ch)
	}
}

// TestSystemDirsOnlyWithoutBundle: with a bundle file the certificate
// directories are not walked (they hold the same roots again), unless
// SSL_CERT_DIR names them; without a bundle they are.
func TestSystemDirsOnlyWithoutBundle(t *testing.T) {
	inBundle, onlyInDir := certgen.Root("Bundle Root"), certgen.Root("Dir Root")
	dir := t.TempDir()
	bundle := write(t, dir, "bundle.pem", inBundle.PEM())
	certDir := filepath.Join(dir, "certs")
	write(t, certDir, "extra.pem", onlyInDir.PEM())

	oldFiles, oldDirs := systemCertFiles, systemCertDirs
	defer func() { systemCertFiles, systemCertDirs = oldFiles, oldDirs }()
	for _, k := range []string{"SSL_CERT_FILE", "SSL_CERT_DIR"} {
		if v, ok := os.LookupEnv(k); ok {
			os.Unsetenv(k)
			defer os.Setenv(k, v)
		}
	}
	names := func() map[string]bool {
		rootsCache.Lock()
		rootsCache.byEnv = nil // the cache is keyed by the environment only
		rootsCache.Unlock()
		out := map[string]bool{}
		for _, c := range systemRoots() {
			out[c.X509.Subject.CommonName] = true
		}
		return out
	}
	systemCertFiles, systemCertDirs = []string{bundle}, []string{certDir}
	if got := names(); !got["Bundle Root"] || got["Dir Root"] {
		t.Errorf("with a bundle: %v, want only the bundle's root", got)
	}
	systemCertFiles = []string{filepath.Join(dir, "missing.pem")}
	if got := names(); !got["Dir Root"] {
		t.Errorf("without a bundle: %v, want the directory's root", got)
	}
	systemCertFiles = []string{bundle}
	os.Setenv("SSL_CERT_DIR", certDir)
	defer os.Unsetenv("SSL_CERT_DIR")
	if got := names(); !got["Bundle Root"] || !got["Dir Root"] {
		t.Errorf("SSL_CERT_DIR set: %v, want both", got)
	}
}
