package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestInsecure(t *testing.T) {
	f, c := listenerFacts("nats", "cluster")
	c.Insecure = set("cluster.tls.insecure", "true", "/etc/nats.conf:12")
	want(t, f, "config.insecure", 1, checks.Error, "nats.conf:12")
	c.Insecure = nil
	want(t, f, "config.insecure", 0, checks.Error)
}
