package chain

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// liveFiles marks the certificate files of live/ as certbot's, with links
// to archive/NAME/<name><n>.pem.
func liveFiles(f *facts.Facts, links map[string]string) {
	for _, name := range []string{"cert.pem", "chain.pem", "fullchain.pem"} {
		role := map[string]facts.Role{"cert.pem": facts.RoleCert, "chain.pem": facts.RoleChain, "fullchain.pem": facts.RoleFullchain}[name]
		f.Files = append(f.Files, &facts.File{Path: "live/" + name, Role: role, LetsEncrypt: true, LinkTarget: links[name]})
	}
}

// chain.certbot-mismatch: issue 9 item 6, a live directory whose cert.pem
// is not the first certificate of fullchain.pem, or whose chain.pem is not
// the rest of it.
func TestCertbotMismatch(t *testing.T) {
	p := newPKI()
	links := map[string]string{"cert.pem": "../../archive/example.com/cert2.pem",
		"chain.pem": "../../archive/example.com/chain2.pem", "fullchain.pem": "../../archive/example.com/fullchain3.pem"}

	// Consistent: nothing.
	f := letsEncrypt(p)
	liveFiles(f, links)
	wantFindings(t, run(t, f, "chain.certbot-mismatch"), 0)

	// cert.pem from the previous renewal.
	renewed := certgen.Leaf("www.example.com", p.inter, certgen.Validity(certgen.Epoch.AddDate(0, 0, 5), certgen.Epoch.AddDate(0, 3, 0)))
	f = newFacts()
	in(f, "live/cert.pem", facts.RoleCert, p.leaf)
	in(f, "live/chain.pem", facts.RoleChain, p.inter)
	in(f, "live/fullchain.pem", facts.RoleFullchain, renewed, p.inter)
	trust(f, p.root)
	liveFiles(f, links)
	got := run(t, f, "chain.certbot-mismatch")
	wantFindings(t, got, 1, "live/cert.pem holds 'CN=www.example.com'", "but the first certificate of live/fullchain.pem is", "cert.pem is the older one")
	wantFindings(t, got, 1, "cd live && ln -sfn ../../archive/example.com/cert3.pem cert.pem", "certbot renew --force-renewal --cert-name live")
	if got[0].Subject != "live/cert.pem" || got[0].Evidence["fullchain_file"] != "live/fullchain.pem" {
		t.Errorf("subject %q, evidence %v", got[0].Subject, got[0].Evidence)
	}

	// fullchain.pem is the stale one: it is relinked to cert.pem's issuance.
	f = newFacts()
	in(f, "live/cert.pem", facts.RoleCert, renewed)
	in(f, "live/chain.pem", facts.RoleChain, p.inter)
	in(f, "live/fullchain.pem", facts.RoleFullchain, p.leaf, p.inter)
	trust(f, p.root)
	liveFiles(f, links)
	wantFindings(t, run(t, f, "chain.certbot-mismatch"), 1, "fullchain.pem is the older one", "ln -sfn ../../archive/example.com/fullchain2.pem fullchain.pem")

	// chain.pem holds another intermediate than fullchain.pem.
	other := certgen.Intermediate("Intermediate R10", p.root)
	f = newFacts()
	in(f, "live/cert.pem", facts.RoleCert, p.leaf)
	in(f, "live/chain.pem", facts.RoleChain, other)
	in(f, "live/fullchain.pem", facts.RoleFullchain, p.leaf, p.inter)
	trust(f, p.root)
	liveFiles(f, links)
	wantFindings(t, run(t, f, "chain.certbot-mismatch"), 1, "live/chain.pem holds 'CN=Intermediate R10'", "continues after the server certificate with 'CN=Intermediate R11'",
		"ln -sfn ../../archive/example.com/chain3.pem chain.pem")

	// Without links: certbot writes them again.
	f = newFacts()
	in(f, "live/cert.pem", facts.RoleCert, p.leaf)
	in(f, "live/chain.pem", facts.RoleChain, other)
	in(f, "live/fullchain.pem", facts.RoleFullchain, p.leaf, p.inter)
	liveFiles(f, nil)
	wantFindings(t, run(t, f, "chain.certbot-mismatch"), 1, "`certbot renew --force-renewal --cert-name live`")

	// Not a certbot directory: not applicable, nothing reported.
	f = newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	in(f, "fullchain.pem", facts.RoleFullchain, renewed, p.inter)
	wantFindings(t, run(t, f, "chain.certbot-mismatch"), 0)
}
