package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNoForwardSecrecy(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.Ciphers = set("tls.cipher_suites", "TLS_RSA_WITH_AES_128_GCM_SHA256", "/etc/nats.conf:6")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Suites: []uint16{0x009C, 0xC02F}}
	want(t, f, "config.no-forward-secrecy", 1, checks.Warning, "TLS_RSA_WITH_AES_128_GCM_SHA256")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Suites: []uint16{0xC02F}}
	want(t, f, "config.no-forward-secrecy", 0, checks.Warning)
}
