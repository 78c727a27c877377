package paths

import (
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCanonicalName(t *testing.T) {
	a := certgen.Root("Test  Root").X509.RawSubject
	b := certgen.Root(" test root ").X509.RawSubject
	c := certgen.Root("Test Root2").X509.RawSubject
	if canonicalName(a) == "" || canonicalName(a) != canonicalName(b) {
		t.Errorf("%q != %q", canonicalName(a), canonicalName(b))
	}
	if canonicalName(a) == canonicalName(c) {
		t.Errorf("different names are equal")
	}
}

// Issue 9 item 12 (PKITS 4.3.x): an issuer name that differs from the
// issuer's subject only in case and white space. OpenSSL finds the issuer,
// Go does not: the path is built and the link reported.
func TestBuildIssuerNameCanonical(t *testing.T) {
	root := certgen.Root("Test Root")
	// Same key, the name written differently: the leaf's issuer field.
	alias := certgen.Root("TEST   root", certgen.Key(root.Key))
	leaf := certgen.Leaf("leaf.test", alias)
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, leaf)
	trust(f, root)
	ch := onlyChain(t, f)
	wantPath(t, ch, facts.ChainTrusted, "leaf.test > Test Root")
	wantProblem(t, ch, 0, facts.ProblemIssuerName, "OpenSSL-based clients")
	if ch.Missing != nil {
		t.Errorf("missing %+v", ch.Missing)
	}

	// Go refuses it.
	roots := x509.NewCertPool()
	roots.AddCert(root.X509)
	if _, err := leaf.X509.Verify(x509.VerifyOptions{Roots: roots, CurrentTime: f.Now}); err == nil {
		t.Errorf("Go's Verify accepts the path; the finding says it does not")
	}
	// OpenSSL accepts it.
	if _, err := exec.LookPath("openssl"); err == nil {
		dir := t.TempDir()
		os.WriteFile(filepath.Join(dir, "root.pem"), root.PEM(), 0o600)
		os.WriteFile(filepath.Join(dir, "leaf.pem"), leaf.PEM(), 0o600)
		out, err := exec.Command("openssl", "verify", "-attime", "1767571200", "-CAfile", filepath.Join(dir, "root.pem"), filepath.Join(dir, "leaf.pem")).CombinedOutput()
		if err != nil {
			t.Errorf("openssl verify refuses the path; the finding says it accepts it: %v\n%s", err, out)
		}
	}

	// The same names byte for byte: no problem, as before.
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, certgen.Leaf("leaf.test", root))
	trust(f, root)
	if ch := onlyChain(t, f); len(ch.Problems) != 0 {
		t.Errorf("problems %+v", ch.Problems)
	}
}
