package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// ClientCertNotPinned is config.client-cert-not-pinned.
var ClientCertNotPinned = &checks.Check{
	ID:       "config.client-cert-not-pinned",
	Title:    "the client certificate given (--client-cert) is not in pinned_certs",
	Severity: checks.Error,
	Refs:     []string{"NATS docs: TLS pinned_certs", ref},
	Doc: "The listener pins the certificates it accepts (NATS pinned_certs) and the certificate given with " +
		"--client-cert is not among them: NATS refuses that client after the handshake.",
	Fix:     "Add the certificate's SPKI SHA-256 to pinned_certs.",
	Applies: []*checks.Scope{Listener},
	Run:     clientCertNotPinned,
}

func init() { checks.Register(ClientCertNotPinned) }

func clientCertNotPinned(p *checks.Pass) {
	c := p.Facts.Config
	if c.ClientCertPin == "" || len(c.PinnedCerts) == 0 {
		return
	}
	for _, s := range c.PinnedCerts {
		if strings.EqualFold(s.Value, c.ClientCertPin) {
			return
		}
	}
	first := c.PinnedCerts[0]
	p.Report(checks.Finding{Subject: c.ClientCertFile,
		Message:  fmt.Sprintf("%s (SPKI SHA-256 %s) is not among the %d pinned_certs of %s", c.ClientCertFile, c.ClientCertPin, len(c.PinnedCerts), c.Listener),
		Evidence: evidence(&first, "client_cert", c.ClientCertFile, "spki_sha256", c.ClientCertPin),
		Fix:      fmt.Sprintf("add \"%s\" to pinned_certs (%s)", c.ClientCertPin, first.Where)})
}
