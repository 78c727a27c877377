package cert

import (
	"context"
	"crypto/x509"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSigWeak(t *testing.T) {
	root := certgen.Root("R", certgen.KeyType("rsa2048"), certgen.SigAlg(x509.SHA1WithRSA))
	inter := certgen.Intermediate("I", root, certgen.KeyType("rsa2048"), certgen.SigAlg(x509.SHA1WithRSA))
	leaf := certgen.Leaf("weak.example", inter, certgen.SigAlg(x509.MD5WithRSA))
	good := certgen.Leaf("good.example", inter)
	f := newFacts(bundle("fullchain.pem", facts.RoleAuto, leaf, inter, root)...)
	got := wantN(t, f, "cert.sig-weak", 2) // leaf and intermediate; not the root
	subjects := got[0].Subject + " " + got[1].Subject
	wantContains(t, subjects, "CN=weak.example", "CN=I")
	for _, fd := range got {
		if fd.Subject == "CN=weak.example" {
			wantContains(t, fd.Message, "MD5-RSA")
			wantContains(t, fd.Fix, "-sha256")
		}
	}

	wantN(t, newFacts(bundle("good.pem", facts.RoleAuto, good)...), "cert.sig-weak", 0)

	// A self-signed SHA-1 --ca root: its own signature does not matter.
	f = newFacts()
	f.Roots = []*facts.Cert{fc(root, "ca.pem", 0, facts.RoleCA)}
	wantN(t, f, "cert.sig-weak", 0)
	// ... and -v says why in so many words (the reason lost its tail when
	// scopes replaced the check's own branch).
	sel, err := checks.ParseSelector("cert.sig-weak")
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range checks.Run(context.Background(), f, sel) {
		if r.Check.ID == "cert.sig-weak" && r.NotApplicable != "no certificates among the inputs (a root's own signature is never checked)" {
			t.Errorf("a lone --ca root: not applicable %q", r.NotApplicable)
		}
	}
}
