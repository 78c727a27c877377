package config

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// VerifyWithoutCA is config.verify-without-ca.
var VerifyWithoutCA = &checks.Check{
	ID:       "config.verify-without-ca",
	Title:    "client certificates are required but no CA is configured to verify them",
	Severity: checks.Error,
	Refs:     []string{"nginx ngx_http_ssl_module ssl_verify_client", "mosquitto.conf(5) require_certificate", ref},
	Doc: "The listener asks for client certificates (nginx ssl_verify_client on|optional, mosquitto " +
		"require_certificate true, EMQX verify_peer, Crossbar.io) but names no CA to verify them with " +
		"(ssl_client_certificate / ssl_trusted_certificate, cafile / capath, cacertfile, ca_certificates). " +
		"nginx refuses the configuration (\"no ssl_client_certificate for ssl_verify_client\"), mosquitto and " +
		"EMQX cannot verify any client. NATS falls back to the system roots instead: config.verify-system-roots.",
	Fix:     "Add the CA directive naming the CA that issues the client certificates.",
	Applies: []*checks.Scope{Listener},
	Run:     verifyWithoutCA,
}

func init() { checks.Register(VerifyWithoutCA) }

func verifyWithoutCA(p *checks.Pass) {
	c := p.Facts.Config
	if isNATS(c) || (c.Verify != facts.VerifyRequired && c.Verify != facts.VerifyOptional) {
		return
	}
	for _, f := range c.Files {
		if f.Role == facts.ConfigCA || f.Role == facts.ConfigClientCA {
			return
		}
	}
	dir := caDirective(c.Type)
	p.Report(checks.Finding{Subject: c.Listener,
		Message:  fmt.Sprintf("%s asks for client certificates (verify %s) but no %s names a CA to verify them with", at(c.VerifyBy), c.Verify, dir),
		Evidence: evidence(c.VerifyBy, "listener", c.Listener, "verify", string(c.Verify)),
		Fix:      fmt.Sprintf("add `%s /path/to/client-ca.pem` to %s, next to %s", dir, listenerWhere(c), at(c.VerifyBy))})
}
