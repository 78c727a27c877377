package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestRootIncluded(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter, p.root)
	trust(f, p.root)
	got := run(t, f, "chain.root-included")
	wantFindings(t, got, 1, "server.pem position 3 holds the self-signed root 'CN=Test Root'", "remove 'CN=Test Root' (position 3) from server.pem")
	if got[0].Severity != checks.Info {
		t.Errorf("severity %v", got[0].Severity)
	}
}

func TestRootIncludedClean(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.root-included"), 0)
}
