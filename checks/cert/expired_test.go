package cert

import (
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestExpired(t *testing.T) {
	root := certgen.Root("Test Root")
	leaf := certgen.Leaf("example.com", root)
	f := newFacts(bundle("fullchain.pem", facts.RoleAuto, leaf)...)
	wantN(t, f, "cert.expired", 0)

	f.Now = certgen.Epoch.AddDate(0, 0, 100)
	got := wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Message, "CN=example.com", "fullchain.pem #1", "2026-04-01", "10 days")
	wantContains(t, got[0].Fix, "openssl req -new", "subjectAltName=DNS:example.com")
	if got[0].Evidence["file"] != "fullchain.pem" || got[0].Evidence["position"] != "1" {
		t.Errorf("evidence %v", got[0].Evidence)
	}
}

func TestExpiredDuplicateReportedOnce(t *testing.T) {
	leaf := certgen.Leaf("example.com", nil, certgen.Days(5))
	certs := append(bundle("cert.pem", facts.RoleAuto, leaf), bundle("fullchain.pem", facts.RoleAuto, leaf)...)
	f := newFacts(certs...)
	got := wantN(t, f, "cert.expired", 1)
	if got[0].Evidence["also_in"] != "fullchain.pem #1" {
		t.Errorf("also_in = %q", got[0].Evidence["also_in"])
	}
}

func TestExpiredAnchors(t *testing.T) {
	oldRoot := certgen.Root("Old Root", certgen.Validity(certgen.Epoch.AddDate(-10, 0, 0), certgen.Epoch))
	f := newFacts()
	f.Roots = []*facts.Cert{fc(oldRoot, "ca.pem", 0, facts.RoleCA)}
	got := wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Message, "CN=Old Root")

	// The same root from the OS store is not ours to check.
	f = newFacts()
	f.Roots = []*facts.Cert{fc(oldRoot, "", 0, facts.RoleSystem)}
	if _, na := run(t, f, "cert.expired"); na == "" {
		t.Error("want not applicable with only system roots")
	}
}

func TestExpiredLetsEncryptFix(t *testing.T) {
	leaf := certgen.Leaf("example.com", certgen.Root("R"), certgen.Validity(certgen.Epoch.Add(-100*24*time.Hour), certgen.Epoch))
	f := newFacts(bundle("/etc/letsencrypt/live/example.com/cert.pem", facts.RoleCert, leaf)...)
	f.Files = []*facts.File{{Path: "/etc/letsencrypt/live/example.com/cert.pem", LetsEncrypt: true}}
	got := wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "certbot renew --cert-name example.com")
}
