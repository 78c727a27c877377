package chain

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func newFacts() *facts.Facts {
	return &facts.Facts{Now: certgen.Epoch.AddDate(0, 0, 10), Options: facts.Options{Purpose: facts.PurposeServer, Profile: facts.ProfileAuto}}
}

// in adds certificates as one input file, in the order given.
func in(f *facts.Facts, file string, role facts.Role, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Certs = append(f.Certs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: file, Index: i, Role: role}})
	}
}

func trust(f *facts.Facts, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Roots = append(f.Roots, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "ca.pem", Index: i, Role: facts.RoleCA}})
	}
}

func run(t *testing.T, f *facts.Facts, id string) []checks.Finding {
	t.Helper()
	sel, err := checks.ParseSelector(id)
	if err != nil {
		t.Fatal(err)
	}
	return checks.Findings(checks.Run(f, sel))
}

func wantFindings(t *testing.T, got []checks.Finding, n int, substrs ...string) {
	t.Helper()
	if len(got) != n {
		t.Fatalf("got %d findings, want %d: %+v", len(got), n, got)
	}
	for _, s := range substrs {
		found := false
		for _, fd := range got {
			if strings.Contains(fd.Message, s) || strings.Contains(fd.Fix, s) {
				found = true
			}
		}
		if !found {
			t.Errorf("no finding mentions %q: %+v", s, got)
		}
	}
}

// pki is a root, an intermediate and a leaf.
type pki struct{ root, inter, leaf *certgen.Cert }

func newPKI(opts ...certgen.Option) pki {
	root := certgen.Root("Test Root")
	inter := certgen.Intermediate("Intermediate R11", root)
	return pki{root, inter, certgen.Leaf("www.example.com", inter, opts...)}
}

// letsEncrypt is a correct Let's Encrypt live directory with its root in
// the system store.
func letsEncrypt(p pki) *facts.Facts {
	f := newFacts()
	in(f, "live/cert.pem", facts.RoleCert, p.leaf)
	in(f, "live/chain.pem", facts.RoleChain, p.inter)
	in(f, "live/fullchain.pem", facts.RoleFullchain, p.leaf, p.inter)
	f.Roots = append(f.Roots, &facts.Cert{Raw: p.root.DER, X509: p.root.X509, Source: facts.Source{File: "system", Role: facts.RoleSystem}})
	return f
}

func TestLetsEncryptLayoutIsClean(t *testing.T) {
	for _, fd := range run(t, letsEncrypt(newPKI()), "chain.*") {
		if fd.Severity >= checks.Warning {
			t.Errorf("%s: %s", fd.ID, fd.Message)
		}
	}
}
