package cert

import (
	"context"
	"crypto/x509"

	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func validityFacts(role facts.Role, profile string, leafOpts ...certgen.Option) *facts.Facts {
	root := certgen.Root("Root")
	inter := certgen.Intermediate("Inter", root)
	leaf := certgen.Leaf("www.example.com", inter, leafOpts...)
	f := &facts.Facts{Now: certgen.Epoch.AddDate(0, 0, 10), Options: facts.Options{Purpose: facts.PurposeServer, Profile: profile}}
	for i, c := range []*certgen.Cert{leaf, inter} {
		f.Certs = append(f.Certs, &facts.Cert{Raw: c.DER, X509: c.X509, Source: facts.Source{File: "server.pem", Index: i}})
	}
	f.Roots = []*facts.Cert{{Raw: root.DER, X509: root.X509, Source: facts.Source{File: "roots", Role: role}}}
	return f
}

func runValidity(t *testing.T, f *facts.Facts) []checks.Finding {
	t.Helper()
	sel, _ := checks.ParseSelector("cert.validity-too-long")
	return checks.Findings(checks.Run(context.Background(), f, sel))
}

func TestValidityTooLong(t *testing.T) {
	got := runValidity(t, validityFacts(facts.RoleSystem, facts.ProfileAuto, certgen.Days(399)))
	if len(got) != 1 || !strings.Contains(got[0].Message, "valid for 399 days") || got[0].Severity != checks.Warning {
		t.Fatalf("public root, 399 days: %+v", got)
	}
	// A private CA under --profile webpki is held to the same rule.
	got = runValidity(t, validityFacts(facts.RoleCA, facts.ProfileWebPKI, certgen.Days(825)))
	if len(got) != 1 || !strings.Contains(got[0].Message, "--profile webpki") {
		t.Fatalf("webpki profile: %+v", got)
	}
}

func TestValidityTooLongClean(t *testing.T) {
	// Exactly 398 days counting both ends is allowed.
	exact := certgen.Template(func(c *x509.Certificate) { c.NotAfter = c.NotBefore.AddDate(0, 0, 398).Add(-1e9) })
	if got := runValidity(t, validityFacts(facts.RoleSystem, facts.ProfileAuto, exact)); len(got) != 0 {
		t.Errorf("398 days: %+v", got)
	}
	// A private CA may issue ten-year leaves.
	f := validityFacts(facts.RoleCA, facts.ProfileAuto, certgen.Days(3650))
	sel, _ := checks.ParseSelector("cert.validity-too-long")
	res := checks.Run(context.Background(), f, sel)
	for _, r := range res {
		if r.Check.ID == "cert.validity-too-long" && (len(r.Findings) != 0 || r.NotApplicable == "") {
			t.Errorf("private CA: findings %+v, not applicable %q", r.Findings, r.NotApplicable)
		}
	}
}
