package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func trust(f *facts.Facts, cs ...*certgen.Cert) {
	for i, c := range cs {
		f.Roots = append(f.Roots, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "ca.pem", Index: i, Role: facts.RoleCA}})
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

// The shared test helpers, under the names this package's tests use.
var (
	newFacts     = checktest.EmptyFacts
	in           = checktest.In
	run          = checktest.Findings
	wantFindings = checktest.WantFindings
)
