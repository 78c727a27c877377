package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestDHWithoutDHParam(t *testing.T) {
	f, c := listenerFacts("crossbar", "transport")
	c.Ciphers = set("endpoint.tls.ciphers", "DHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256", "/node/.crossbar/config.json")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Suites: []uint16{0x009E, 0xC02F}}
	want(t, f, "config.dh-without-dhparam", 1, checks.Warning, "DHE-RSA-AES128-GCM-SHA256", `"dhparam"`)
	c.Files = []facts.ConfigFile{{Role: "dhparam", Path: "/node/.crossbar/dhparam.pem", Exists: true}}
	want(t, f, "config.dh-without-dhparam", 0, checks.Warning)
}
