package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestTimeoutTooShort(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.Timeout = set("tls.timeout", "0.0001", "/etc/nats.conf:5")
	want(t, f, "config.timeout-too-short", 1, checks.Error, "100µs", "timeout: 2")
	c.Timeout = set("tls.timeout", "0.25", "/etc/nats.conf:5")
	want(t, f, "config.timeout-too-short", 1, checks.Warning, "250ms")
	c.Timeout = set("tls.timeout", "2s", "/etc/nats.conf:5")
	want(t, f, "config.timeout-too-short", 0, checks.Error)
}
