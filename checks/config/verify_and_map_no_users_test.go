package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestVerifyAndMapNoUsers(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.VerifyAndMap = set("tls.verify_and_map", "true", "/etc/nats.conf:6")
	want(t, f, "config.verify-and-map-no-users", 1, checks.Error, "authorization", "nats.conf:6")
	c.Users = []string{"CN=client"}
	want(t, f, "config.verify-and-map-no-users", 0, checks.Error)
}
