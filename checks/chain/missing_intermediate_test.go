package chain

import (
	"encoding/hex"
	"strings"
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

// Issue 9 item 9: the missing issuer of an intermediate is a private root,
// which clients must trust; appending it to the served chain does nothing.
func TestMissingPrivateRoot(t *testing.T) {
	p := newPKI()
	f := newFacts()
	in(f, "server.pem", facts.RoleAuto, p.leaf, p.inter)
	got := run(t, f, "chain.missing-intermediate")
	wantFindings(t, got, 1, "its issuer 'CN=Test Root'", "most likely the root of a private CA",
		"private root: pass --ca with the certificate of 'CN=Test Root'", "install it on the clients",
		"appending it to server.pem would not make clients trust it")
	if strings.Contains(got[0].Fix, "append it") || strings.Contains(got[0].Fix, "append the") {
		t.Errorf("fix suggests appending the root: %s", got[0].Fix)
	}
}

// On a certbot live directory the fix never says to edit certbot's files.
func TestMissingIssuerCertbot(t *testing.T) {
	p := newPKI()
	for _, tc := range []struct {
		name  string
		f     func() *facts.Facts
		wants []string
	}{
		{"private root", func() *facts.Facts {
			f := newFacts()
			in(f, "/etc/letsencrypt/live/example.com/fullchain.pem", facts.RoleFullchain, p.leaf, p.inter)
			return f
		}, []string{"private root: pass --ca"}},
		{"intermediate", func() *facts.Facts {
			f := newFacts()
			in(f, "/etc/letsencrypt/live/example.com/cert.pem", facts.RoleCert, p.leaf)
			trust(f, p.root)
			return f
		}, []string{"do not edit certbot's files in /etc/letsencrypt/live/example.com", "certbot's own /etc/letsencrypt/live/example.com/fullchain.pem", "certbot renew --force-renewal"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.f()
			for _, c := range f.Certs {
				if f.FileOf(c.Source) == nil {
					f.Files = append(f.Files, &facts.File{Path: c.Source.File, Role: c.Source.Role, LetsEncrypt: true})
				}
			}
			got := run(t, f, "chain.missing-intermediate")
			wantFindings(t, got, 1, tc.wants...)
			if strings.Contains(got[0].Fix, "append") {
				t.Errorf("fix suggests editing certbot's files: %s", got[0].Fix)
			}
		})
	}
}
