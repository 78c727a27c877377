package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestKeyPermissions(t *testing.T) {
	f, c := listenerFacts("mosquitto", "listener")
	c.ServiceUser = "mosquitto"
	c.Files = []facts.ConfigFile{
		{Role: "key", Path: "/etc/mosquitto/server.key", Exists: true, Readable: true, ReadableHow: "other", Owner: "root", Group: "root", Mode: 0o644,
			Setting: *set("keyfile", "/etc/mosquitto/server.key", "/etc/mosquitto/mosquitto.conf:5")},
		{Role: "key", Path: "/etc/mosquitto/other.key", Exists: true, Readable: true, ReadableHow: "owner", Owner: "mosquitto", Mode: 0o600,
			Setting: *set("keyfile", "/etc/mosquitto/other.key", "/etc/mosquitto/mosquitto.conf:9")},
	}
	want(t, f, "config.key-permissions", 1, checks.Warning, "chown mosquitto /etc/mosquitto/server.key && chmod 600")
}
