package config

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// UnknownCipher is config.unknown-cipher.
var UnknownCipher = &checks.Check{
	ID:       "config.unknown-cipher",
	Title:    "the cipher list names ciphers the server does not know",
	Severity: checks.Error,
	Refs:     []string{"openssl-ciphers(1)", "NATS docs: TLS cipher_suites (Go crypto/tls names)", "Crossbar.io docs: TLS configuration", ref},
	Doc: "A name in the cipher setting is not a cipher the server's TLS library knows. NATS refuses to " +
		"start on it (error). OpenSSL-based servers (nginx, mosquitto, Crossbar.io, EMQX) silently skip it, " +
		"as the Crossbar.io guide warns, so the list does less than it says (warning); if nothing in the " +
		"string matches, they refuse it (error). OpenSSL names are checked with the local `openssl ciphers`.",
	Fix:     "Remove or correct the names; `openssl ciphers -V 'STRING'` shows what a string selects.",
	Applies: []*checks.Scope{Listener},
	Run:     unknownCipher,
}

func init() { checks.Register(UnknownCipher) }

func unknownCipher(p *checks.Pass) {
	c := p.Facts.Config
	rc := c.ResolvedCiphers
	if rc == nil {
		return
	}
	s := c.Ciphers
	if s == nil {
		s = c.Ciphersuites
	}
	if isNATS(c) {
		if len(rc.Unknown) == 0 {
			return
		}
		p.Report(checks.Finding{Subject: c.Listener,
			Message:  fmt.Sprintf("%s names %s, which Go's crypto/tls does not know: nats-server refuses to start", at(s), strings.Join(rc.Unknown, ", ")),
			Evidence: evidence(s, "unknown", strings.Join(rc.Unknown, ", ")),
			Fix:      fmt.Sprintf("remove %s from %s; valid names are Go's, e.g. TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", strings.Join(rc.Unknown, ", "), at(s))})
		return
	}
	if rc.FailsToStart {
		p.Report(checks.Finding{Subject: c.Listener,
			Message:  fmt.Sprintf("%s (%q) selects no cipher at all (openssl: no cipher match): the server refuses it", at(s), s.Value),
			Evidence: evidence(s),
			Fix:      fmt.Sprintf("replace the value at %s with a string `openssl ciphers -V` accepts, e.g. ECDHE+AESGCM:ECDHE+CHACHA20", s.Where)})
		return
	}
	if len(rc.Unknown) == 0 {
		return
	}
	p.Report(checks.Finding{Severity: checks.Warning, Subject: c.Listener,
		Message:  fmt.Sprintf("%s names %s, which OpenSSL does not know and silently skips", at(s), strings.Join(rc.Unknown, ", ")),
		Evidence: evidence(s, "unknown", strings.Join(rc.Unknown, ", "), "resolved_by", rc.By),
		Fix:      fmt.Sprintf("remove or correct %s at %s (`openssl ciphers -V NAME` says whether a name exists)", strings.Join(rc.Unknown, ", "), s.Where)})
}
