package config

import (
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestKeyPassphrase(t *testing.T) {
	f, c := listenerFacts("nginx", "server")
	c.Files = []facts.ConfigFile{{Role: "key", Path: "/etc/nginx/server.key", Exists: true, Setting: *set("ssl_certificate_key", "/etc/nginx/server.key", "/etc/nginx/nginx.conf:8")}}
	f.Keys = []*facts.Key{{Source: facts.Source{File: "/etc/nginx/server.key", Role: facts.RoleKey}, Type: "RSA", Encrypted: true, EncryptionFormat: "PKCS#8 (PBES2)"}}
	want(t, f, "config.key-passphrase", 1, checks.Error, "ssl_certificate_key at /etc/nginx/nginx.conf:8", "ssl_password_file", "openssl pkey -in /etc/nginx/server.key")
	c.KeyPassword = set("ssl_password_file", "/etc/nginx/pass", "/etc/nginx/nginx.conf:9")
	want(t, f, "config.key-passphrase", 0, checks.Error)
}
