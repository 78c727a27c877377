package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestFileMissing(t *testing.T) {
	f, c := listenerFacts("mosquitto", "listener")
	c.Files = []facts.ConfigFile{
		{Role: "certificate", Path: "/etc/mosquitto/certs/server.crt", Setting: *set("certfile", "/etc/mosquitto/certs/server.crt", "/etc/mosquitto/mosquitto.conf:4")},
		{Role: "key", Path: "/etc/mosquitto/certs/server.key", Exists: true, Readable: true, Setting: *set("keyfile", "/etc/mosquitto/certs/server.key", "/etc/mosquitto/mosquitto.conf:5")},
		{Role: "certificate", Path: "/etc/$host.crt", Dynamic: true, Setting: *set("certfile", "/etc/$host.crt", "x:1")},
	}
	want(t, f, "config.file-missing", 1, checks.Error, "certfile at /etc/mosquitto/mosquitto.conf:4", "server.crt")
}
