package paths

import (
	"crypto/x509"
	"encoding/asn1"
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

// PKITS 4.3.x also varies the string type: a UTF8String and a
// PrintableString (or BMPString) of the same text are the same name.
func TestCanonicalNameStringTypes(t *testing.T) {
	name := func(tag int, value []byte) []byte {
		der, err := asn1.Marshal([]canonRDNSET{{{Type: asn1.ObjectIdentifier{2, 5, 4, 3}, Value: asn1.RawValue{Class: asn1.ClassUniversal, Tag: tag, Bytes: value}}}})
		if err != nil {
			t.Fatal(err)
		}
		return der
	}
	printable := name(asn1.TagPrintableString, []byte("Test Root"))
	utf8 := name(asn1.TagUTF8String, []byte("test  ROOT"))
	bmp := name(asn1.TagBMPString, []byte{0, 'T', 0, 'e', 0, 's', 0, 't', 0, ' ', 0, 'R', 0, 'o', 0, 'o', 0, 't'})
	if c := canonicalName(printable); c == "" || c != canonicalName(utf8) || c != canonicalName(bmp) {
		t.Errorf("%q, %q, %q", c, canonicalName(utf8), canonicalName(bmp))
	}
	if canonicalName(printable) == canonicalName(name(asn1.TagPrintableString, []byte("Test Root 2"))) {
		t.Error("different names are equal")
	}
}
