package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestUntrustedRoot(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	in(f, "myca.pem", facts.RoleAuto, p.root)
	wantFindings(t, run(t, f, "chain.untrusted-root"), 1,
		"ends at the self-signed 'CN=Test Root' (myca.pem #1)", "--ca root.pem", "update-ca-certificates")

	f = newFacts()
	in(f, "self.pem", facts.RoleAuto, certgen.Leaf("self.test", nil))
	wantFindings(t, run(t, f, "chain.untrusted-root"), 1, "'CN=self.test' is self-signed and not a trust anchor")
}

func TestUntrustedRootClean(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter, p.root)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.untrusted-root"), 0)
}
