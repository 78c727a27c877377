package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestDuplicate(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.duplicate"), 1,
		"server.pem holds 'CN=Intermediate R11' twice, at positions 2 and 3", "delete the copy of 'CN=Intermediate R11' at position 3 of server.pem")
}

func TestDuplicateAcrossFilesIsFine(t *testing.T) {
	wantFindings(t, run(t, letsEncrypt(newPKI()), "chain.duplicate"), 0)
}
