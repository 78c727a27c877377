package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// IdentityWithoutCertificate is config.identity-without-certificate.
var IdentityWithoutCertificate = &checks.Check{
	ID:       "config.identity-without-certificate",
	Title:    "use_identity_as_username without require_certificate",
	Severity: checks.Error,
	Refs:     []string{"mosquitto.conf(5) use_identity_as_username", ref},
	Doc: "mosquitto's use_identity_as_username (or use_subject_as_username) takes the username from the " +
		"client certificate, which only works when require_certificate is true: without it, clients " +
		"connect without a certificate, and so without the identity the authorisation relies on.",
	Fix:     "Add `require_certificate true` to the listener.",
	Applies: []*checks.Scope{Listener},
	Run:     identityWithoutCertificate,
}

func init() { checks.Register(IdentityWithoutCertificate) }

func identityWithoutCertificate(p *checks.Pass) {
	c := p.Facts.Config
	if c.UseIdentityAsUsername == nil || c.Verify == facts.VerifyRequired {
		return
	}
	s := c.UseIdentityAsUsername
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s takes usernames from client certificates, but require_certificate is not true (verify %s): clients may connect without one", at(s), c.Verify),
		Evidence: evidence(s, "listener", c.Listener, "verify", string(c.Verify)),
		Fix:      fmt.Sprintf("add `require_certificate true` next to %s", at(s))})
}
