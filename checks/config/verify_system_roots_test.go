package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestVerifySystemRoots(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.Verify, c.VerifyBy = "required", set("tls.verify", "true", "/etc/nats.conf:4")
	want(t, f, "config.verify-system-roots", 1, checks.Warning, "ca_file", "system roots")
	c.Files = []facts.ConfigFile{{Role: "ca", Path: "/ca.pem", Exists: true}}
	want(t, f, "config.verify-system-roots", 0, checks.Warning)
}
