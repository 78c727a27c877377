package tls

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Compression is tls.compression: TLS-level compression (CRIME).
var Compression = &checks.Check{
	ID:       "tls.compression",
	Title:    "TLS compression is enabled",
	Severity: checks.Error,
	Refs:     []string{"CVE-2012-4929 (CRIME)", "RFC 7457 2.6", "RFC 8446 4.1.2 (legacy_compression_methods must be null)"},
	Doc: "TLS 1.2 and older can compress records before encrypting them (DEFLATE). The size of " +
		"the compressed record then leaks how much of an attacker-chosen string matches a " +
		"secret in the same record, such as a session cookie: the CRIME attack. Every current " +
		"library disables TLS compression and TLS 1.3 removed it; a server that negotiates it " +
		"runs an old library with a non-default setting.",
	Fix:     "Disable TLS compression on the server (OpenSSL: SSL_OP_NO_COMPRESSION; GnuTLS: no COMP-DEFLATE in the priority string).",
	Applies: []*checks.Scope{checks.Connection, completedHandshake, checks.ProbeOnly},
	Run:     compression,
}

func init() { checks.Register(Compression) }

func compression(p *checks.Pass) {
	c := p.Facts.Connection
	if c.Compression == "" && c.Version >= facts.VersionTLS13 {
		p.NotChecked("compression", "TLS 1.3 was negotiated, which has no compression; whether the server would compress "+
			"a TLS 1.2 connection is tested by tlscheck scan")
		return
	}
	switch strings.ToLower(c.Compression) {
	case "", "none", "null":
		return
	}
	ev := evidence(c)
	ev["compression"] = c.Compression
	ev["version"] = c.Version.String()
	p.Report(checks.Finding{
		Subject:  hostPort(c),
		Message:  fmt.Sprintf("the server negotiated TLS compression %s; expected none (compressed TLS leaks secrets: CRIME)", c.Compression),
		Evidence: ev,
		Fix: "disable compression on the server: upgrade OpenSSL (1.1.0 and later never compress) or set SSL_OP_NO_COMPRESSION; " +
			"GnuTLS: drop COMP-DEFLATE from the priority string",
	})
}
