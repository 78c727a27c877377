package cert

import (
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// maxPublicValidity is the CA/Browser Forum limit for subscriber
// certificates issued since 1 September 2020 (BR 6.3.2), which Apple,
// Google and Mozilla enforce.
const maxPublicValidity = 398 * 24 * time.Hour

// ValidityTooLong is cert.validity-too-long.
var ValidityTooLong = &checks.Check{
	ID:       "cert.validity-too-long",
	Title:    "certificate lifetime is longer than public trust stores accept",
	Severity: checks.Warning,
	Refs:     []string{"CA/B Forum BR 6.3.2", "Apple HT211025: About upcoming limits on trusted certificates", "Chrome Root Program Policy", "docs/clients.md (which clients enforce which certificate rules)"},
	Doc: "Since 1 September 2020 publicly trusted TLS server certificates may be valid for at most 398 " +
		"days (CA/Browser Forum Baseline Requirements 6.3.2; the validity period counts both notBefore " +
		"and notAfter, so the limit is 398 days to the second). Safari, Chrome and Firefox reject longer-lived " +
		"certificates that chain to a public root. The check applies when the leaf's path ends at a " +
		"root from the system store or the embedded Mozilla bundle, or with --profile webpki; a private " +
		"CA (--ca) under the auto or private profile may issue longer lifetimes, so the check does not " +
		"apply there; Apple platforms still limit those to 825 days (cert.apple-validity).",
	Fix: "Issue the certificate with a lifetime of at most 397 days (openssl x509 -days 397, or your CA's profile).",
	Run: validityTooLong,
}

func init() { checks.Register(ValidityTooLong) }

func validityTooLong(p *checks.Pass) {
	f := p.Facts
	if f.Options.Profile == facts.ProfilePrivate {
		p.NotApplicable("--profile private: private CAs may issue longer lifetimes")
		return
	}
	webpki := f.Options.Profile == facts.ProfileWebPKI
	applied := 0
	for _, ch := range paths.Chains(f) {
		public := ch.Status == facts.ChainTrusted && ch.Path[len(ch.Path)-1].Public()
		if !webpki && !public {
			continue
		}
		applied++
		x := ch.Leaf.X509
		validity := x.NotAfter.Sub(x.NotBefore) + time.Second // BR 6.3.2: both ends inclusive
		if validity <= maxPublicValidity {
			continue
		}
		days := facts.LifetimeDays(x.NotBefore, x.NotAfter)
		why := "its path ends at the public root '" + checks.Name(ch.Path[len(ch.Path)-1]) + "'"
		if !public {
			why = "--profile webpki is set"
		}
		ev := checks.CertEvidence(ch.Leaf)
		ev["not before"] = x.NotBefore.UTC().Format(time.RFC3339)
		ev["not after"] = x.NotAfter.UTC().Format(time.RFC3339)
		ev["lifetime days"] = fmt.Sprint(days)
		p.Report(checks.Finding{
			Subject: checks.Name(ch.Leaf),
			Message: fmt.Sprintf("'%s' is valid for %d days (%s to %s), more than the 398 days public trust stores accept; %s",
				checks.Name(ch.Leaf), days, x.NotBefore.UTC().Format(time.DateOnly), x.NotAfter.UTC().Format(time.DateOnly), why),
			Evidence: ev,
			Fix:      fmt.Sprintf("re-issue '%s' with a lifetime of at most 397 days (e.g. openssl x509 -req -days 397 ..., or the CA's 1-year profile)", checks.Name(ch.Leaf)),
		})
	}
	if applied == 0 {
		p.NotApplicable("no leaf chains to a public root and the profile is not webpki")
	}
}
