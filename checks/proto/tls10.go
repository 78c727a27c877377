package proto

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TLS10 is proto.tls10: the server accepts TLS 1.0.
var TLS10 = &checks.Check{
	ID:       "proto.tls10",
	Title:    "TLS 1.0 is accepted",
	Severity: checks.Warning,
	Refs:     []string{"RFC 8996 (deprecating TLS 1.0 and TLS 1.1)", "PCI DSS v3.2 (TLS 1.0 end of life)", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "TLS 1.0 (1999) relies on SHA-1 and MD5 in its handshake and on CBC with predictable " +
		"IVs (BEAST); RFC 8996 deprecated it in 2021 and browsers, Java and OpenSSL at its " +
		"default security level no longer offer it. It still works for the old clients that " +
		"need it, which is why this is a warning: keep it only for named devices that cannot " +
		"be upgraded.",
	Fix:     "Accept TLS 1.2 and 1.3 only: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, mosquitto `tls_version tlsv1.2`.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     func(p *checks.Pass) { reportAccepted(p, facts.VersionTLS10, "TLS 1.0 is deprecated (RFC 8996)") },
}

func init() { checks.Register(TLS10) }
