package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestVerifyWithoutCA(t *testing.T) {
	f, c := listenerFacts("nginx", "server")
	c.Verify, c.VerifyBy = "required", set("ssl_verify_client", "on", "/etc/nginx/nginx.conf:10")
	want(t, f, "config.verify-without-ca", 1, checks.Error, "ssl_client_certificate", "nginx.conf:10")
	c.Files = []facts.ConfigFile{{Role: "client-ca", Path: "/ca.pem", Exists: true}}
	want(t, f, "config.verify-without-ca", 0, checks.Error)
	// NATS falls back to the system roots: config.verify-system-roots says so.
	f, c = listenerFacts("nats", "server")
	c.Verify, c.VerifyBy = "required", set("tls.verify", "true", "/etc/nats.conf:4")
	want(t, f, "config.verify-without-ca", 0, checks.Error)
}
