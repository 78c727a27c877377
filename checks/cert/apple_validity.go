package cert

import (
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// Apple HT210176: TLS server certificates issued on or after 1 July 2019
// must have a validity period of 825 days or fewer, whatever CA issued them.
var (
	appleValidityFrom = time.Date(2019, 7, 1, 0, 0, 0, 0, time.UTC)
	maxAppleValidity  = 825 * 24 * time.Hour
)

// AppleValidity is cert.apple-validity.
var AppleValidity = &checks.Check{
	ID:       "cert.apple-validity",
	Title:    "server certificate lifetime is longer than Apple platforms accept (825 days)",
	Severity: checks.Error,
	Refs: []string{"Apple: Requirements for trusted certificates in iOS 13 and macOS 10.15 (HT210176)",
		"docs/clients.md (which clients enforce which certificate rules)"},
	Doc: "Since iOS 13 and macOS 10.15, Apple platforms (Safari, and every app that uses the system's " +
		"TLS: URLSession, Network.framework, SecTrust; watchOS and tvOS too) reject a TLS server certificate " +
		"issued on or after 1 July 2019 whose validity period is longer than 825 days, from any CA: " +
		"private CAs and roots the user or an MDM profile installed are included. The connection fails " +
		"before the application sees it, so every iOS and macOS client of the server fails: that is the " +
		"severity rubric's error (\"clients will fail\"), even for a broker whose other clients are " +
		"happy. Deselect it with --checks when no Apple client will ever connect. " +
		"The same Apple rules require serverAuth in the extendedKeyUsage (cert.eku-missing, cert.eku), " +
		"RSA keys of 2048 bits or more (key.weak) and SHA-2 signatures (cert.sig-weak); those checks " +
		"report them. A leaf that chains to a public root (or with --profile webpki) is held to the " +
		"stricter 398-day limit by cert.validity-too-long, so this check leaves it to that one. " +
		"The period is notAfter minus notBefore. docs/clients.md lists which other clients enforce lifetimes.",
	Fix:     "Re-issue the server certificate with a lifetime of at most 825 days (openssl x509 -req -days 825 ..., or the CA's profile), and renew it before it ends.",
	Applies: []*checks.Scope{checks.ServerCerts},
	Run:     appleValidity,
}

func init() { checks.Register(AppleValidity) }

func appleValidity(p *checks.Pass) {
	f := p.Facts
	// Leaves cert.validity-too-long holds to 398 days: it reports them.
	stricter := map[*facts.Cert]bool{}
	for _, ch := range paths.Chains(f) {
		public := ch.Status == facts.ChainTrusted && ch.Path[len(ch.Path)-1].Public()
		if public || f.Options.Profile == facts.ProfileWebPKI {
			stricter[ch.Leaf] = true
		}
	}
	applied := 0
	for _, it := range leaves(f) {
		c, x := it.cert, it.cert.X509
		if !f.ServesTLS(c) || stricter[c] || x.NotBefore.Before(appleValidityFrom) {
			continue
		}
		applied++
		validity := x.NotAfter.Sub(x.NotBefore)
		if validity <= maxAppleValidity {
			continue
		}
		days := facts.LifetimeDays(x.NotBefore, x.NotAfter)
		ev := it.evidence()
		ev["not before"] = x.NotBefore.UTC().Format(time.RFC3339)
		ev["not after"] = x.NotAfter.UTC().Format(time.RFC3339)
		ev["lifetime days"] = fmt.Sprint(days)
		p.Report(checks.Finding{
			Subject: checks.Name(c),
			Message: fmt.Sprintf("%s in %s is valid for %d days (%s to %s); expected at most 825 days for a TLS server certificate issued after 2019-07-01: "+
				"iOS 13+, iPadOS, macOS 10.15+, watchOS and tvOS clients (Safari, URLSession, Network.framework) reject it, private CA or not",
				checks.Name(c), it.where(), days, x.NotBefore.UTC().Format(time.DateOnly), x.NotAfter.UTC().Format(time.DateOnly)),
			Evidence: ev,
			Fix: fmt.Sprintf("re-issue '%s' with a lifetime of at most 825 days, keeping its key and names: %s; renew it before it ends",
				checks.Name(c), reissueWith(f, c)),
		})
	}
	if applied == 0 {
		p.NotApplicable("no server certificate issued after 2019-07-01 outside the public web PKI (cert.validity-too-long covers those)")
	}
}
