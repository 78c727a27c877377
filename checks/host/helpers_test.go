package host

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/x509"
	"encoding/hex"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// now is the test clock: ten days into the default certgen validity.
var now = certgen.Epoch.Add(10 * 24 * time.Hour)

func fc(c *certgen.Cert, file string, index int, role facts.Role) *facts.Cert {
	return &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: index, Role: role}}
}

// bundle places certificates in one file, in order.
func bundle(file string, role facts.Role, cs ...*certgen.Cert) []*facts.Cert {
	var out []*facts.Cert
	for i, c := range cs {
		out = append(out, fc(c, file, i, role))
	}
	return out
}

func keyFact(k crypto.Signer, file string, role facts.Role) *facts.Key {
	pub := k.Public()
	der, err := x509.MarshalPKIXPublicKey(pub)
	if err != nil {
		panic(err)
	}
	sum := sha256.Sum256(der)
	fk := &facts.Key{Source: facts.Source{File: file, Role: role}, Public: pub, SPKIPin: hex.EncodeToString(sum[:])}
	switch p := pub.(type) {
	case *rsa.PublicKey:
		fk.Type, fk.Bits = "RSA", p.N.BitLen()
	case *ecdsa.PublicKey:
		fk.Type, fk.Curve, fk.Bits = "ECDSA", p.Curve.Params().Name, p.Curve.Params().BitSize
	case ed25519.PublicKey:
		fk.Type = "Ed25519"
	}
	return fk
}

func newFacts(certs ...*facts.Cert) *facts.Facts {
	return &facts.Facts{Now: now, Options: facts.Options{Purpose: facts.PurposeServer, WarnDays: 30}, Certs: certs}
}

// run runs one check and returns its findings and not-applicable reason.
func run(t *testing.T, f *facts.Facts, id string) ([]checks.Finding, string) {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	var na string
	var out []checks.Finding
	for _, r := range checks.Run(f, sel) {
		if r.Check.ID == id {
			na = r.NotApplicable
			out = r.Findings
		}
	}
	for _, fd := range out {
		if fd.ID != id || fd.Message == "" || fd.Fix == "" || fd.Subject == "" {
			t.Errorf("incomplete finding: %+v", fd)
		}
	}
	return out, na
}

func wantN(t *testing.T, f *facts.Facts, id string, n int) []checks.Finding {
	t.Helper()
	got, _ := run(t, f, id)
	if len(got) != n {
		t.Fatalf("%s: got %d findings, want %d: %+v", id, len(got), n, got)
	}
	return got
}

func wantContains(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q does not contain %q", s, sub)
		}
	}
}
