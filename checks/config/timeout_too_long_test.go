package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestTimeoutTooLong(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.Timeout = set("tls.timeout", "600", "/etc/nats.conf:5")
	want(t, f, "config.timeout-too-long", 1, checks.Warning, "10m0s")
	c.Timeout = set("tls.timeout", "5", "/etc/nats.conf:5")
	want(t, f, "config.timeout-too-long", 0, checks.Warning)
}
