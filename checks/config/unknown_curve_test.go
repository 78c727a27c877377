package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestUnknownCurve(t *testing.T) {
	f, c := listenerFacts("nats", "server")
	c.Curves = set("tls.curve_preferences", "X25519 CurveP256 P-256", "/etc/nats.conf:6", "X25519", "CurveP256", "P-256")
	want(t, f, "config.unknown-curve", 1, checks.Error, "P-256", "refuses to start")

	f, c = listenerFacts("nginx", "server")
	c.Curves = set("ssl_ecdh_curve", "X25519:prime256v1:secp384r1:bogus", "/etc/nginx/nginx.conf:12", "X25519:prime256v1:secp384r1:bogus")
	want(t, f, "config.unknown-curve", 1, checks.Warning, "bogus")
	c.Curves = set("ssl_ecdh_curve", "auto", "/etc/nginx/nginx.conf:12", "auto")
	want(t, f, "config.unknown-curve", 0, checks.Warning)
}
