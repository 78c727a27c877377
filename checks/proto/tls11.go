package proto

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// TLS11 is proto.tls11: the server accepts TLS 1.1.
var TLS11 = &checks.Check{
	ID:       "proto.tls11",
	Title:    "TLS 1.1 is accepted",
	Severity: checks.Warning,
	Refs:     []string{"RFC 8996 (deprecating TLS 1.0 and TLS 1.1)", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "TLS 1.1 (2006) fixed TLS 1.0's predictable CBC IVs but keeps its MD5/SHA-1 handshake " +
		"and has no AEAD suites; RFC 8996 deprecated it in 2021, and almost no client uses it " +
		"that does not also speak TLS 1.2. It still works, which is why this is a warning.",
	Fix:     "Accept TLS 1.2 and 1.3 only: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, mosquitto `tls_version tlsv1.2`.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run:     func(p *checks.Pass) { reportAccepted(p, facts.VersionTLS11, "TLS 1.1 is deprecated (RFC 8996)") },
}

func init() { checks.Register(TLS11) }
