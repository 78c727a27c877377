package chain

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestRolesSwapped: `--cert int.pem --chain server.pem` is said to be a
// swapped pair, with the swap as the fix, and not as a chain file to strip
// of its server certificate (issue 9 item 10).
func TestRolesSwapped(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "int.pem", facts.RoleCert, p.inter)
	in(f, "server.pem", facts.RoleChain, p.leaf)
	trust(f, p.root)
	found := run(t, f, "chain.roles-swapped")
	wantFindings(t, found, 1, "the certificate file int.pem holds the CA 'CN=Intermediate R11'", "server certificate 'CN=www.example.com'")
	if len(found) == 1 && !strings.HasPrefix(found[0].Fix, "swap them: --cert server.pem --chain int.pem") {
		t.Errorf("fix = %q", found[0].Fix)
	}
	wantFindings(t, run(t, f, "chain.leaf-in-chain-file"), 0)
}

// TestRolesSwappedNot: a right pair, and a chain file repeating the server
// certificate of the certificate file, are not swapped roles.
func TestRolesSwappedNot(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	in(f, "chain.pem", facts.RoleChain, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.roles-swapped"), 0)

	f = newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	in(f, "chain.pem", facts.RoleChain, p.leaf, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.roles-swapped"), 0)
	wantFindings(t, run(t, f, "chain.leaf-in-chain-file"), 1, "already in cert.pem")
}
