package cert

import (
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestAppleValidity: cert.apple-validity reports a ten-year server
// certificate from a private CA (the broker of testdata/example-good before
// issue 9), naming the Apple clients that reject it.
func TestAppleValidity(t *testing.T) {
	root := certgen.Root("Private Root")
	long := certgen.Leaf("mqtt.example.test", root, certgen.Days(3650))
	f := newFacts(fc(long, "server.crt", 0, facts.RoleAuto))
	f.Roots = []*facts.Cert{fc(root, "ca.pem", 0, facts.RoleCA)}
	got := wantN(t, f, "cert.apple-validity", 1)
	wantContains(t, got[0].Message, "valid for 3650 days")
	wantContains(t, got[0].Message, "iOS 13+")
	wantContains(t, got[0].Message, "macOS 10.15+")
	wantContains(t, got[0].Fix, "at most 825 days", "-days 365", "-subj /CN=mqtt.example.test")
	if got[0].Severity.String() != "error" {
		t.Errorf("severity %s, want error", got[0].Severity)
	}
	if !strings.Contains(strings.Join(got[0].References, " "), "docs/clients.md") {
		t.Errorf("references %v do not cite docs/clients.md", got[0].References)
	}
}

func TestAppleValidityClean(t *testing.T) {
	root := certgen.Root("Private Root")
	// Exactly 825 days is allowed.
	ok := certgen.Leaf("mqtt.example.test", root, certgen.Days(825))
	f := newFacts(fc(ok, "server.crt", 0, facts.RoleAuto))
	wantN(t, f, "cert.apple-validity", 0)

	// Issued before 2019-07-01: grandfathered.
	before := time.Date(2019, 6, 1, 0, 0, 0, 0, time.UTC)
	old := certgen.Leaf("old.example.test", root, certgen.Validity(before, before.AddDate(10, 0, 0)))
	f = newFacts(fc(old, "server.crt", 0, facts.RoleAuto))
	f.Now = before.AddDate(1, 0, 0)
	_, na := run(t, f, "cert.apple-validity")
	if na == "" {
		t.Errorf("a certificate issued before 2019-07-01: want not applicable")
	}

	// A client certificate is not a TLS server certificate.
	cl := certgen.ClientLeaf("client", root, certgen.Days(3650))
	f = newFacts(fc(cl, "client.pem", 0, facts.RoleAuto))
	f.Options.Purpose = facts.PurposeClient
	wantN(t, f, "cert.apple-validity", 0)

	// Chained to a public root: cert.validity-too-long reports it, not this check.
	f = validityFacts(facts.RoleSystem, facts.ProfileAuto, certgen.Days(3650))
	if got := runValidity(t, f); len(got) != 1 {
		t.Fatalf("cert.validity-too-long on a public ten-year leaf: %+v", got)
	}
	wantN(t, f, "cert.apple-validity", 0)
}
