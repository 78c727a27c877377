package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestStaleCertificate(t *testing.T) {
	root := certgen.Root("Stale Root")
	old := certgen.Leaf("mqtt.example.com", root, certgen.Serial(0x1111))
	renewed := certgen.Leaf("mqtt.example.com", root, certgen.Serial(0x2222))

	f, c := listenerFacts("mosquitto", "listener")
	c.Files = []facts.ConfigFile{{Role: "certificate", Path: "/etc/mosquitto/server.crt", Exists: true, Setting: *set("certfile", "/etc/mosquitto/server.crt", "/etc/mosquitto/mosquitto.conf:4")}}
	checktest.In(f, "/etc/mosquitto/server.crt", facts.RoleCert, renewed)
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:8883", Chain: [][]byte{old.DER}}
	want(t, f, "config.stale-certificate", 1, checks.Error, "serves serial 1111", "holds serial 2222", "reload the server", "systemctl reload mosquitto")

	c.Served = &facts.ConfigServed{Address: "127.0.0.1:8883", Chain: [][]byte{renewed.DER}}
	want(t, f, "config.stale-certificate", 0, checks.Error)

	f.Config.Served = nil
	notApplicable(t, f, "config.stale-certificate")
}
