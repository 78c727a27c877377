package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestUnrelatedCert(t *testing.T) {
	p := newPKI()
	stale := certgen.Intermediate("Old Intermediate", certgen.Root("Other Root"))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter, stale)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.unrelated-cert"), 1,
		"server.pem position 3 holds 'CN=Old Intermediate'", "remove 'CN=Old Intermediate' (position 3) from server.pem")
}

func TestUnrelatedCertClean(t *testing.T) {
	// A cross-signed copy of the root (same subject and key, issued by an
	// older root), as Let's Encrypt served for years, is part of the path.
	old := certgen.Root("Old Root")
	root := certgen.Root("New Root")
	cross := certgen.Intermediate("New Root", old, certgen.Key(root.Key))
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("www.example.com", inter)
	f := newFacts()
	in(f, "fullchain.pem", facts.RoleAuto, leaf, inter, cross)
	trust(f, root)
	wantFindings(t, run(t, f, "chain.unrelated-cert"), 0)
	wantFindings(t, run(t, f, "chain.order"), 0)
}
