package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestOrder(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.inter, p.leaf)
	trust(f, p.root)
	got := run(t, f, "chain.order")
	wantFindings(t, got, 1, "position 1 holds 'CN=Intermediate R11'", "reorder server.pem as: CN=www.example.com, CN=Intermediate R11",
		"cat www-example-com.pem intermediate-r11.pem > server.pem")

	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.root, p.inter)
	got = run(t, f, "chain.order")
	wantFindings(t, got, 1, "position 2 holds 'CN=Test Root'", "CN=www.example.com, CN=Intermediate R11, CN=Test Root")

	// A misordered fullchain.pem next to cert.pem.
	f = letsEncrypt(p)
	f.Certs = f.Certs[:2]
	in(f, "live/fullchain.pem", facts.RoleFullchain, p.inter, p.leaf)
	got = run(t, f, "chain.order")
	wantFindings(t, got, 1, "reorder live/fullchain.pem")
}

func TestOrderClean(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter, p.root)
	wantFindings(t, run(t, f, "chain.order"), 0)

	// A CA bundle given positionally is not a served chain.
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf)
	in(f, "cas.pem", facts.RoleAuto, p.root, p.inter)
	wantFindings(t, run(t, f, "chain.order"), 0)

	// An unordered pool is never checked.
	f = newFacts()
	f.Options.UnorderedPool = true
	in(f, "pool.pem", facts.RoleAuto, p.inter, p.leaf)
	wantFindings(t, run(t, f, "chain.order"), 0)
}
