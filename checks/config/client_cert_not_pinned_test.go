package config

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestClientCertNotPinned(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	pin := strings.Repeat("ab", 32)
	c.PinnedCerts = []facts.ConfigSetting{*set("tls.pinned_certs", strings.Repeat("cd", 32), "/etc/nats.conf:7")}
	c.ClientCertPin, c.ClientCertFile = pin, "client.pem"
	want(t, f, "config.client-cert-not-pinned", 1, checks.Error, pin)
	c.PinnedCerts = append(c.PinnedCerts, *set("tls.pinned_certs", strings.ToUpper(pin), "/etc/nats.conf:8"))
	want(t, f, "config.client-cert-not-pinned", 0, checks.Error)
}
