package cert

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSANInvalid(t *testing.T) {
	root := certgen.Root("Root")
	for _, name := range []string{"foo_bar.example.com", "-bad.example", "a..example", "w*.example", "sp ace.example"} {
		c := certgen.Leaf("x.example", root, certgen.DNS(name))
		got := wantN(t, newFacts(fc(c, "server.pem", 0, facts.RoleAuto)), "cert.san-invalid", 1)
		wantContains(t, got[0].Message, name)
	}
	for _, name := range []string{"www.example.com", "*.example.com", "xn--n3h.example", "a-b.example"} {
		c := certgen.Leaf("x.example", root, certgen.DNS(name))
		wantN(t, newFacts(fc(c, "server.pem", 0, facts.RoleAuto)), "cert.san-invalid", 0)
	}
	if why := dnsSyntax("foo_bar.example"); why == "" {
		t.Error("underscore accepted")
	}
}
