package proto

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/internal/scanrule"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NoTLS13 is proto.no-tls13: the server does not accept TLS 1.3.
var NoTLS13 = &checks.Check{
	ID:       "proto.no-tls13",
	Title:    "TLS 1.3 is not accepted",
	Severity: checks.Info,
	Refs:     []string{"RFC 8446", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "TLS 1.3 (RFC 8446, 2018) saves a round trip on every connection, encrypts the " +
		"certificate, and has only forward-secret AEAD suites, so none of the CBC, RC4 or " +
		"static-RSA issues of older versions apply. Every current client offers it; a server " +
		"without it still works over TLS 1.2, hence info.",
	Fix:     "Enable TLS 1.3: nginx `ssl_protocols TLSv1.2 TLSv1.3;` with OpenSSL 1.1.1 or later, mosquitto 2.0 `tls_version tlsv1.2` (which includes TLS 1.3).",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     noTLS13,
}

func init() { checks.Register(NoTLS13) }

func noTLS13(p *checks.Pass) {
	r, ok := versionResult(p, facts.VersionTLS13)
	if !ok || r.Offered {
		return
	}
	f := p.Facts
	ev := map[string]string{"accepted_versions": acceptedVersions(f.Scan)}
	msg := "the server does not accept TLS 1.3"
	if r.Refusal != "" {
		ev["refusal"] = r.Refusal
		msg += " (" + r.Refusal + ")"
	}
	msg += "; it accepts " + ev["accepted_versions"] + "; expected TLS 1.3 beside TLS 1.2"
	fix := scanrule.ProtocolsFix(scanrule.Of(f))
	if scanrule.Of(f) == scanrule.NATS {
		fix = "nats-server (Go crypto/tls) offers TLS 1.3 by itself: a TLS-terminating proxy in front of it stops at TLS 1.2; enable TLS 1.3 there (nginx stream: `ssl_protocols TLSv1.2 TLSv1.3;`) or remove it"
	}
	p.Report(checks.Finding{Subject: scanrule.Subject(f), Message: msg, Evidence: ev, Fix: fix})
}
