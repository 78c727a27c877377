package proto

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// SSLv3 is proto.sslv3: the server accepts SSL 3.0.
var SSLv3 = &checks.Check{
	ID:       "proto.sslv3",
	Title:    "SSL 3.0 is accepted",
	Severity: checks.Error,
	Refs:     []string{"RFC 7568 (deprecating SSL 3.0)", "POODLE (CVE-2014-3566)", "nginx ssl_protocols", "mosquitto.conf tls_version"},
	Doc: "SSL 3.0's CBC padding is not covered by its MAC, which POODLE (2014) turns into the " +
		"decryption of cookies and credentials, and its only other cipher is RC4; RFC 7568 says " +
		"SSL 3.0 MUST NOT be used. No current browser, OpenSSL 1.1+, Go, Java or MQTT/NATS " +
		"client library offers it.",
	Fix:     "Disable SSL 3.0: nginx `ssl_protocols TLSv1.2 TLSv1.3;`, mosquitto `tls_version tlsv1.2`.",
	Applies: []*checks.Scope{checks.ScanResults},
	Run: func(p *checks.Pass) {
		reportAccepted(p, facts.VersionSSL30, "SSL 3.0 MUST NOT be used (RFC 7568; POODLE)")
	},
}

func init() { checks.Register(SSLv3) }
