package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestWeakCipher(t *testing.T) {
	f, c := listenerFacts("crossbar", "transport")
	c.Ciphers = set("endpoint.tls.ciphers", "ECDH+AESGCM:DES-CBC3-SHA:RC4-SHA", "/node/.crossbar/config.json")
	// ECDHE-RSA-AES128-GCM-SHA256, DES-CBC3-SHA, RC4-SHA
	c.ResolvedCiphers = &facts.ResolvedCiphers{By: "test", Suites: []uint16{0xC02F, 0x000A, 0x0005}}
	want(t, f, "config.weak-cipher", 1, checks.Error, "3DES", "RC4", "DES-CBC3-SHA")

	c.ResolvedCiphers = &facts.ResolvedCiphers{By: "test", Suites: []uint16{0xC02F}}
	want(t, f, "config.weak-cipher", 0, checks.Error)

	// Not resolved (no openssl): a gap, not a pass.
	c.ResolvedCiphers = &facts.ResolvedCiphers{NotChecked: "openssl is not installed here"}
	want(t, f, "config.weak-cipher", 0, checks.Error)
}
