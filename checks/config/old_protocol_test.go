package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func TestOldProtocol(t *testing.T) {
	f, c := listenerFacts("nginx", "server")
	c.Protocols = set("ssl_protocols", "TLSv1 TLSv1.1 TLSv1.2", "/etc/nginx/nginx.conf:9", "TLSv1", "TLSv1.1", "TLSv1.2")
	want(t, f, "config.old-protocol", 1, checks.Warning, "TLSv1, TLSv1.1", "ssl_protocols TLSv1.2 TLSv1.3;")
	c.Protocols = set("ssl_protocols", "SSLv3 TLSv1.2", "/etc/nginx/nginx.conf:9", "SSLv3", "TLSv1.2")
	want(t, f, "config.old-protocol", 1, checks.Error, "SSLv3")
	c.Protocols = set("ssl_protocols", "TLSv1.2 TLSv1.3", "/etc/nginx/nginx.conf:9", "TLSv1.2", "TLSv1.3")
	want(t, f, "config.old-protocol", 0, checks.Warning)

	f, c = listenerFacts("mosquitto", "listener")
	c.Protocols = set("tls_version", "tlsv1.1", "/etc/mosquitto/mosquitto.conf:7", "tlsv1.1")
	want(t, f, "config.old-protocol", 1, checks.Warning, "tls_version tlsv1.2")
}
