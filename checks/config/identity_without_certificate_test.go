package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestIdentityWithoutCertificate(t *testing.T) {
	f, c := listenerFacts("mosquitto", "listener")
	c.Verify = "none"
	c.UseIdentityAsUsername = set("use_identity_as_username", "true", "/etc/mosquitto/mosquitto.conf:8")
	want(t, f, "config.identity-without-certificate", 1, checks.Error, "require_certificate true")
	c.Verify = "required"
	want(t, f, "config.identity-without-certificate", 0, checks.Error)
}
