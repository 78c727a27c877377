package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// VerifyAndMapNoUsers is config.verify-and-map-no-users.
var VerifyAndMapNoUsers = &checks.Check{
	ID:       "config.verify-and-map-no-users",
	Title:    "NATS verify_and_map with no user to map certificates to",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS mutual authentication, verify_and_map", ref},
	Doc: "verify_and_map maps a client certificate's subject (or a SAN) to a user of authorization.users " +
		"or accounts.*.users. With no users configured no certificate maps to anyone and every client is " +
		"refused after the handshake.",
	Fix:     "Add the users, named by the certificates' subject or SAN, to authorization { users = [...] }.",
	Applies: []*checks.Scope{Listener},
	Run:     verifyAndMapNoUsers,
}

func init() { checks.Register(VerifyAndMapNoUsers) }

func verifyAndMapNoUsers(p *checks.Pass) {
	c := p.Facts.Config
	if c.VerifyAndMap == nil || len(c.Users) > 0 {
		return
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s maps client certificates to users, but the configuration defines no users: every client is refused", at(c.VerifyAndMap)),
		Evidence: evidence(c.VerifyAndMap, "listener", c.Listener),
		Fix:      fmt.Sprintf("add `authorization { users = [ {user: \"CN=client,O=Example\"} ] }` to %s, one entry per certificate subject (openssl x509 -noout -subject -nameopt RFC2253 -in client.pem)", c.Path)})
}
