package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestLeafInChainFile(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	in(f, "chain.pem", facts.RoleChain, p.leaf, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.leaf-in-chain-file"), 1, "chain file chain.pem holds 'CN=www.example.com' at position 1", "already in cert.pem")
	// It is not also reported as a misordered chain or a duplicate.
	wantFindings(t, run(t, f, "chain.order"), 0)
	wantFindings(t, run(t, f, "chain.duplicate"), 0)
}

func TestLeafInChainFileClean(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	in(f, "chain.pem", facts.RoleChain, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.leaf-in-chain-file"), 0)
	wantFindings(t, run(t, f, "chain.*"), 0)
}
