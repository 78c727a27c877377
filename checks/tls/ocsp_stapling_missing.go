package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// OCSPStaplingMissing is tls.ocsp-stapling-missing.
var OCSPStaplingMissing = &checks.Check{
	ID:       "tls.ocsp-stapling-missing",
	Title:    "no stapled OCSP response",
	Severity: checks.Info,
	Refs:     []string{"RFC 6066 8 (status_request)", "RFC 6961", "nginx ssl_stapling"},
	Doc: "With OCSP stapling the server sends a recent, CA-signed statement that its certificate " +
		"is not revoked, so clients need not ask the CA themselves (slow, and a privacy leak). " +
		"Clients do not require it, so its absence is information. A certificate from a private " +
		"CA without an OCSP responder URL cannot be stapled at all: the check does not apply to it.",
	Fix:     "Turn on OCSP stapling (nginx: ssl_stapling on; ssl_stapling_verify on;).",
	Applies: []*checks.Scope{checks.Connection, completedHandshake},
	Run:     ocspStaplingMissing,
}

func init() { checks.Register(OCSPStaplingMissing) }

func ocspStaplingMissing(p *checks.Pass) {
	c := p.Facts.Connection
	leaf := servedLeaf(p.Facts)
	if leaf != nil && leaf.X509 != nil && len(leaf.X509.OCSPServer) == 0 {
		// Nothing can be stapled for a certificate without an OCSP
		// responder: the check has nothing to ask of the server.
		p.NotApplicable(fmt.Sprintf("'%s' names no OCSP responder, so nothing can be stapled", checks.Name(leaf)))
		return
	}
	if c.OCSPStapled {
		return
	}
	ev := evidence(c)
	msg := "the server sent no stapled OCSP response (status_request)"
	fix := "nginx: `ssl_stapling on; ssl_stapling_verify on;` with `ssl_trusted_certificate` naming the issuer chain and a `resolver`"
	switch server(c) {
	case natsServer:
		fix = "nats-server staples automatically when the certificate names an OCSP responder: add `ocsp { mode: always }` to the server config"
	case mosquitto:
		fix = "mosquitto 2.0 cannot staple OCSP; terminate TLS in a proxy that can (nginx stream with `ssl_stapling on;`) if clients need it"
	}
	if leaf != nil && leaf.X509 != nil {
		ev["ocsp_url"] = leaf.X509.OCSPServer[0]
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: msg, Evidence: ev, Fix: fix})
}
