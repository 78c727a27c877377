package proto

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// SSLv2 is proto.sslv2: the server accepts SSL 2.0.
var SSLv2 = &checks.Check{
	ID:       "proto.sslv2",
	Title:    "SSL 2.0 is accepted",
	Severity: checks.Error,
	Refs:     []string{"RFC 6176 (prohibiting SSL 2.0)", "DROWN (drownattack.com, CVE-2016-0800)", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "SSL 2.0 (1995) has no protection of the handshake, export-grade ciphers and MD5 MACs; " +
		"RFC 6176 forbids it (MUST NOT negotiate) and no current client offers it. A server " +
		"that still answers it also exposes the key it shares with its TLS service to DROWN, " +
		"which decrypts TLS sessions of other clients. Only OpenSSL before 1.1.0 built with " +
		"SSL 2.0 support, or old embedded stacks, still serve it.",
	Fix:     "Disable SSL 2.0: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, mosquitto `tls_version tlsv1.2`; upgrade an OpenSSL older than 1.1.0.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run: func(p *checks.Pass) {
		reportAccepted(p, facts.VersionSSL20, "SSL 2.0 is prohibited (RFC 6176) and exposes the server's key to DROWN")
	},
}

func init() { checks.Register(SSLv2) }
