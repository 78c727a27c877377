package cert

import (
	"crypto/x509/pkix"
	"strings"
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

// TestExpiredRootFixes: the fix for an expired root depends on whose root it
// is. A private root is re-issued with the same key and subject (so what it
// signed stays valid); a public CA's root copied into a bundle cannot be
// re-issued by the user; a self-signed server certificate (CA:TRUE from
// `openssl req -x509`) keeps the server recipe.
func TestExpiredRootFixes(t *testing.T) {
	expired := certgen.Validity(certgen.Epoch.AddDate(-10, 0, 0), certgen.Epoch)
	own := certgen.Root("Own Root", expired, certgen.Subject(pkix.Name{Organization: []string{"Example Corp"}, CommonName: "Own Root"}))
	f := newFacts()
	f.Roots = []*facts.Cert{fc(own, "ca.pem", 0, facts.RoleCA)}
	got := wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "same key and subject", "-subj '/O=Example Corp/CN=Own Root'", "CA:TRUE", "-out ca.pem")

	public := certgen.Root("Public Root CA", expired)
	f = newFacts(fc(public, "bundle.pem", 3, facts.RoleAuto))
	f.Roots = []*facts.Cert{fc(public, "/etc/ssl/certs/ca-certificates.crt", 0, facts.RoleSystem)}
	got = wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "public CA's root", "bundle.pem #4", "update-ca-certificates")
	if strings.Contains(got[0].Fix, "openssl req") {
		t.Errorf("a public root cannot be re-issued by the user: %s", got[0].Fix)
	}

	server := certgen.Leaf("mqtt.example.test", nil, certgen.IsCA(), expired)
	f = newFacts(fc(server, "server.crt", 0, facts.RoleCert))
	got = wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "make a new one with the same key", "subjectAltName=DNS:mqtt.example.test", "CA:FALSE")
}

// TestFixNamesTheOnlyEncryptedKey: an encrypted key cannot be matched with
// its certificate, but when it is the only key among the inputs, or is
// named like the certificate (server.key beside server.crt), the fixes name
// its file rather than a placeholder.
func TestFixNamesTheOnlyEncryptedKey(t *testing.T) {
	leaf := certgen.Leaf("mqtt.example.test", nil, certgen.Validity(certgen.Epoch.AddDate(-1, 0, 0), certgen.Epoch))
	f := newFacts(fc(leaf, "server.crt", 0, facts.RoleAuto))
	f.Keys = []*facts.Key{{Source: facts.Source{File: "server.key", Role: facts.RoleAuto}, Type: "unknown", Encrypted: true}}
	got := wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "-key server.key")

	// Two keys: the encrypted one named like the certificate is its key.
	f.Keys = append(f.Keys, keyFact(certgen.NewKey("p256"), "other.key", facts.RoleAuto))
	got = wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "-key server.key")

	// Named otherwise, and not the only key: no guess.
	f.Keys[0].Source.File = "legacy.key"
	got = wantN(t, f, "cert.expired", 1)
	wantContains(t, got[0].Fix, "-key key.pem")
}
