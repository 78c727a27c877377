package chain

import (
	"encoding/hex"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

func TestMissingIntermediate(t *testing.T) {
	p := newPKI(certgen.AIA("http://ca.test/r11.der"))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf)
	trust(f, p.root)
	got := run(t, f, "chain.missing-intermediate")
	wantFindings(t, got, 1, "its issuer 'CN=Intermediate R11' (key id "+hex.EncodeToString(p.inter.X509.SubjectKeyId)+")",
		"AIA caIssuers URL is http://ca.test/r11.der",
		"curl -o inter.der http://ca.test/r11.der", "append inter.pem after 'CN=www.example.com' in server.pem", "--fetch-aia")
	if got[0].Evidence["authority key id"] == "" || got[0].Evidence["aia url"] == "" {
		t.Errorf("evidence %v", got[0].Evidence)
	}
}

func TestMissingIntermediateFetchedFromAIA(t *testing.T) {
	p := newPKI(certgen.AIA("http://ca.test/r11.der"))
	f := newFacts()
	in(f, "cert.pem", facts.RoleCert, p.leaf)
	f.Certs = append(f.Certs, &facts.Cert{Raw: p.inter.DER, X509: p.inter.X509,
		Source: facts.Source{File: "http://ca.test/r11.der", Role: facts.RoleAIA}})
	trust(f, p.root)
	if ch := paths.Chains(f)[0]; ch.Status != facts.ChainTrusted {
		t.Fatalf("status %s", ch.Status)
	}
	wantFindings(t, run(t, f, "chain.missing-intermediate"), 1,
		"fetched from AIA URL http://ca.test/r11.der", "the server must also send it", "after 'CN=www.example.com' in cert.pem")
}

func TestMissingIntermediateClean(t *testing.T) {
	p := newPKI(certgen.AIA("http://ca.test/r11.der"))
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.missing-intermediate"), 0)
	// The intermediate in another input completes the path too.
	f = newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf)
	in(f, "inter.pem", facts.RoleAuto, p.inter)
	trust(f, p.root)
	wantFindings(t, run(t, f, "chain.missing-intermediate"), 0)
}
