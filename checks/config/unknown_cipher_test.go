package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestUnknownCipher(t *testing.T) {
	// NATS refuses to start on a name Go does not know.
	f, c := listenerFacts("nats", "server")
	c.Ciphers = set("tls.cipher_suites", "TLS_RSA_WITH_FOO", "/etc/nats.conf:6", "TLS_RSA_WITH_FOO")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Unknown: []string{"TLS_RSA_WITH_FOO"}, FailsToStart: true}
	want(t, f, "config.unknown-cipher", 1, checks.Error, "refuses to start")

	// OpenSSL skips it silently: a warning.
	f, c = listenerFacts("crossbar", "transport")
	c.Ciphers = set("endpoint.tls.ciphers", "ECDHE-RSA-AES128-GCM-SHA256:FOOBAR", "/node/.crossbar/config.json")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Unknown: []string{"FOOBAR"}, Suites: []uint16{0xC02F}}
	want(t, f, "config.unknown-cipher", 1, checks.Warning, "silently skips")

	// Nothing matches at all: the server refuses the string.
	c.ResolvedCiphers = &facts.ResolvedCiphers{Unknown: []string{"FOOBAR"}, FailsToStart: true}
	want(t, f, "config.unknown-cipher", 1, checks.Error, "no cipher match")
}
