package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestSettingsDiffer(t *testing.T) {
	f, c := listenerFacts("nginx", "server")
	c.Protocols = set("ssl_protocols", "TLSv1.2", "/etc/nginx/nginx.conf:9", "TLSv1.2")
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:443", Chain: [][]byte{{1}}, Version: facts.VersionTLS13, CipherSuite: "TLS_AES_128_GCM_SHA256"}
	want(t, f, "config.settings-differ", 1, checks.Warning, "negotiated TLS 1.3", "nginx -s reload")

	c.Protocols = set("ssl_protocols", "TLSv1.2 TLSv1.3", "/etc/nginx/nginx.conf:9", "TLSv1.2", "TLSv1.3")
	want(t, f, "config.settings-differ", 0, checks.Warning)

	// TLS 1.2 with a suite the cipher string does not enable.
	c.Served.Version, c.Served.CipherSuite = facts.VersionTLS12, "TLS_RSA_WITH_AES_128_GCM_SHA256"
	c.Ciphers = set("ssl_ciphers", "ECDHE+AESGCM", "/etc/nginx/nginx.conf:10")
	c.ResolvedCiphers = &facts.ResolvedCiphers{Suites: []uint16{0xC02F}}
	want(t, f, "config.settings-differ", 1, checks.Warning, "TLS_RSA_WITH_AES_128_GCM_SHA256")

	// mosquitto's tls_version is a minimum.
	f, c = listenerFacts("mosquitto", "listener")
	c.Protocols = set("tls_version", "tlsv1.2", "/etc/mosquitto/mosquitto.conf:7", "tlsv1.2")
	c.Served = &facts.ConfigServed{Address: "127.0.0.1:8883", Version: facts.VersionTLS13}
	want(t, f, "config.settings-differ", 0, checks.Warning)
}
