package tls

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoSecureRenegotiation is tls.no-secure-renegotiation.
var NoSecureRenegotiation = &checks.Check{
	ID:       "tls.no-secure-renegotiation",
	Title:    "the server lacks RFC 5746 secure renegotiation",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5746", "CVE-2009-3555"},
	Doc: "TLS up to 1.2 lets either side renegotiate a session. Without the renegotiation_info " +
		"extension of RFC 5746 an attacker can splice its own data in front of a client's " +
		"session (CVE-2009-3555). Every TLS library since 2010 supports the extension, so a " +
		"server that does not announce it runs a very old library or has disabled it; modern " +
		"clients (OpenSSL 3 by default) refuse to talk to it. TLS 1.3 has no renegotiation and " +
		"is not concerned.",
	Fix:     "Upgrade the server's TLS library, or re-enable safe renegotiation.",
	Applies: []*checks.Scope{checks.Connection, checks.ProbeOnly},
	Run:     noSecureRenegotiation,
}

func init() { checks.Register(NoSecureRenegotiation) }

func noSecureRenegotiation(p *checks.Pass) {
	c := p.Facts.Connection
	if !completed(c) || c.SecureReneg == nil {
		p.NotApplicable("no completed TLS 1.2 or older handshake")
		return
	}
	if c.Version.Known() && c.Version >= facts.VersionTLS13 {
		p.NotApplicable("TLS 1.3 has no renegotiation")
		return
	}
	if *c.SecureReneg {
		return
	}
	ev := evidence(c)
	ev["version"] = c.Version.String()
	ev["renegotiation_info"] = "absent"
	p.Report(checks.Finding{
		Subject:  hostPort(c),
		Message:  fmt.Sprintf("the server's %s ServerHello has no renegotiation_info extension; expected RFC 5746 secure renegotiation", c.Version),
		Evidence: ev,
		Fix: "upgrade the server's TLS library (OpenSSL 0.9.8m, GnuTLS 2.10 and later support RFC 5746); " +
			"for gnutls-serv remove %DISABLE_SAFE_RENEGOTIATION from the --priority string",
	})
}
