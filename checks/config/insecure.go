package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// Insecure is config.insecure.
var Insecure = &checks.Check{
	ID:       "config.insecure",
	Title:    "certificate verification is turned off (insecure: true)",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS insecure (\"not recommended\")", ref},
	Doc: "NATS `insecure: true` in a cluster, gateway or leafnode tls block skips verification of the " +
		"servers it connects to: anyone who can intercept the route can impersonate a peer.",
	Fix:     "Remove insecure: true and give ca_file the CA of the peers' certificates.",
	Applies: []*checks.Scope{Listener},
	Run:     insecure,
}

func init() { checks.Register(Insecure) }

func insecure(p *checks.Pass) {
	c := p.Facts.Config
	if c.Insecure == nil {
		return
	}
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s turns off verification of the peers' certificates in %s", at(c.Insecure), c.Listener),
		Evidence: evidence(c.Insecure, "listener", c.Listener),
		Fix:      fmt.Sprintf("delete `insecure: true` at %s and set ca_file to the CA that issued the peers' certificates", c.Insecure.Where)})
}
