package tls

import (
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// HandshakeFailed is tls.handshake-failed: TCP worked, TLS did not.
var HandshakeFailed = &checks.Check{
	ID:       "tls.handshake-failed",
	Title:    "the TLS handshake failed",
	Severity: checks.Error,
	Refs:     []string{"RFC 8446 6 (alert protocol)", "RFC 5246 7.2", "RFC 8446 4.4.2.4 (certificate_required)", "RFC 6066 3 (unrecognized_name)"},
	Doc: "The TCP connection was made but no TLS session came of it: the server sent an alert, reset " +
		"or closed the connection, sent bytes that are not TLS, or sent nothing within " +
		"--handshake-timeout. An alert number alone rarely says what to change, so the finding " +
		"decodes it from what was seen on the wire: handshake_failure after a CertificateRequest " +
		"(TLS 1.2), certificate_required (TLS 1.3) or a close right after Finished means a client " +
		"certificate is required; unknown_ca or bad_certificate after we sent one means ours was " +
		"rejected; unrecognized_name is SNI; protocol_version or handshake_failure otherwise means " +
		"no shared version or suite, and a broader retry with legacy versions and suites says what " +
		"the server does accept. A server that stays silent is usually the wrong port or one that " +
		"expects STARTTLS or the NATS INFO-first protocol.",
	Fix:     "Apply the fix the finding names for the decoded cause.",
	Applies: []*checks.Scope{checks.Connection},
	Run:     handshakeFailed,
}

func init() { checks.Register(HandshakeFailed) }

func handshakeFailed(p *checks.Pass) {
	c := p.Facts.Connection
	if !handshakeFailure(c) {
		p.NotApplicable("no failed handshake")
		return
	}
	d := diagnose(p.Facts)
	// One cause, one finding: a rejected client certificate is
	// tls.client-cert-rejected's.
	if d.cause == causeClientCertRejected {
		p.NotApplicable("the server rejected our client certificate (tls.client-cert-rejected)")
		return
	}
	f := c.Failure
	ev := evidence(c)
	ev["failure"] = f.Kind.String()
	if f.Stage != "" {
		ev["stage"] = f.Stage.String()
	}
	if f.Alert != nil {
		ev["alert"] = alertName(f.Alert)
		if f.Alert.Received {
			ev["alert_from"] = "server"
		} else {
			ev["alert_from"] = "tlscheck"
		}
	}
	if d.cause != causeNone {
		ev["cause"] = string(d.cause)
	}
	if c.ClientCertReq || len(c.AcceptableCAs) > 0 {
		ev["acceptable_cas"] = caList(c.AcceptableCAs)
	}
	if c.OfferedMax != 0 {
		ev["offered_max"] = c.OfferedMax.String()
	}
	if a := c.Accepted; a != nil {
		if len(a.Versions) > 0 {
			ev["accepted_versions"] = strings.Join(a.VersionNames(), ", ")
		}
		if len(a.Suites) > 0 {
			ev["accepted_suites"] = strings.Join(a.Suites, ", ")
		}
	}
	if f.Message != "" {
		ev["error"] = f.Message
	}
	p.Report(checks.Finding{Subject: hostPort(c), Message: d.message, Evidence: ev, Fix: d.fix})
}
