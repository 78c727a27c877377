package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestFileUnreadable(t *testing.T) {
	f, c := listenerFacts("mosquitto", "listener")
	c.ServiceUser, c.ServiceUserBy = "mosquitto", "mosquitto's default"
	c.Files = []facts.ConfigFile{
		{Role: "key", Path: "/etc/mosquitto/server.key", Exists: true, Owner: "root", Group: "root", Mode: 0o600, ReadableHow: "other",
			Setting: *set("keyfile", "/etc/mosquitto/server.key", "/etc/mosquitto/mosquitto.conf:5")},
		{Role: "certificate", Path: "/etc/mosquitto/server.crt", Exists: true, Readable: true, ReadableHow: "other", Mode: 0o644,
			Setting: *set("certfile", "/etc/mosquitto/server.crt", "/etc/mosquitto/mosquitto.conf:4")},
		{Role: "ca", Path: "/etc/ssl/certs", Exists: true, IsDir: true, Setting: *set("capath", "/etc/ssl/certs", "/etc/mosquitto/mosquitto.conf:6")},
		{Role: "ca", Path: "/etc/mosquitto/ca", Exists: true, IsDir: true, Setting: *set("cafile", "/etc/mosquitto/ca", "/etc/mosquitto/mosquitto.conf:7")},
	}
	want(t, f, "config.file-unreadable", 2, checks.Error, "chown mosquitto /etc/mosquitto/server.key && chmod 600", "a directory")
	// Without a service user, what tlscheck itself could not read.
	c.ServiceUser = ""
	c.Files = []facts.ConfigFile{{Role: "key", Path: "/k", Exists: true, ReadError: "permission denied", Setting: *set("ssl_certificate_key", "/k", "n:1")}}
	want(t, f, "config.file-unreadable", 1, checks.Error, "permission denied")
}
