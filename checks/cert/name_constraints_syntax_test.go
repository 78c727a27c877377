package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNameConstraintsSyntax(t *testing.T) {
	bad := certgen.Root("Leading Period CA", certgen.PermittedDNS(".example.com"))
	got := wantN(t, newFacts(fc(bad, "ca.pem", 0, facts.RoleAuto)), "cert.name-constraints-syntax", 1)
	wantContains(t, got[0].Message, ".example.com", "starts with a period")
	wantContains(t, got[0].Fix, "permitted;DNS:example.com")

	good := certgen.Root("Good CA", certgen.PermittedDNS("example.com", "corp.internal"))
	wantN(t, newFacts(fc(good, "ca.pem", 0, facts.RoleAuto)), "cert.name-constraints-syntax", 0)
	if _, na := run(t, newFacts(fc(certgen.Root("Plain CA"), "ca.pem", 0, facts.RoleAuto)), "cert.name-constraints-syntax"); na == "" {
		t.Error("a CA without name constraints: want not applicable")
	}
}
