package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// VerifySystemRoots is config.verify-system-roots.
var VerifySystemRoots = &checks.Check{
	ID:       "config.verify-system-roots",
	Title:    "NATS verifies client certificates against the system roots",
	Severity: checks.Warning,
	Refs:     []string{"NATS docs: TLS (ca_file: when not set, the system's trust store is used)", ref},
	Doc: "A NATS tls block with verify (or verify_and_map) and no ca_file verifies client certificates " +
		"against the operating system's trust store: any certificate a public CA issued for any name is " +
		"accepted as a client. That is rarely meant; name the private CA that issues the client certificates.",
	Fix:     "Add ca_file naming the CA that issues the client certificates.",
	Applies: []*checks.Scope{Listener},
	Run:     verifySystemRoots,
}

func init() { checks.Register(VerifySystemRoots) }

func verifySystemRoots(p *checks.Pass) {
	c := p.Facts.Config
	if !isNATS(c) || c.Verify != facts.VerifyRequired || c.Outgoing {
		return
	}
	for _, f := range c.Files {
		if f.Role == facts.ConfigCA {
			return
		}
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s requires client certificates but the tls block has no ca_file: NATS verifies them against the system roots, so any publicly issued certificate is accepted", at(c.VerifyBy)),
		Evidence: evidence(c.VerifyBy, "listener", c.Listener),
		Fix:      fmt.Sprintf("add `ca_file: \"/path/to/client-ca.pem\"` to the tls block of %s", listenerWhere(c))})
}
