package engine

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/serverconf"
)

// The Crossbar.io guide's TLS endpoint, with its documented cipher string
// (3DES and RSA key exchange), DH suites and no dhparam.
const crossbarGuide = `{
    "version": 2,
    "controller": {},
    "workers": [
        {
            "type": "router",
            "transports": [
                {
                    "type": "web",
                    "endpoint": {
                        "type": "tcp",
                        "port": 8443,
                        "interface": "127.0.0.1",
                        "tls": {
                            "key": "server.key",
                            "certificate": "server.pem",
                            "chain_certificates": ["chain.pem"],
                            "ciphers": "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:RSA+AES:RSA+3DES:!ADH:!AECDH:!MD5:!DSS"
                        }
                    },
                    "paths": {"ws": {"type": "websocket", "url": "wss://localhost:8443/ws"}}
                }
            ]
        }
    ]
}
`

func TestConfigCrossbarGuideExample(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writePKI(t, dir)
	// The chain file repeats the certificate: chain.leaf-in-chain-file, from the files checks.
	write(t, dir, "chain.pem", p.leaf.PEM(), 0o644)
	conf := write(t, dir, ".crossbar/config.json", []byte(crossbarGuide), 0o644)
	// Crossbar.io resolves paths against its node directory, the one holding config.json.
	write(t, dir, ".crossbar/server.pem", p.leaf.PEM(), 0o644)
	write(t, dir, ".crossbar/server.key", p.leaf.KeyPEM(), 0o600)
	write(t, dir, ".crossbar/chain.pem", p.leaf.PEM(), 0o644)
	groups := runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{filepath.Join(dir, "ca.pem")}, NoSystemRoots: true})
	if len(groups) != 1 || !strings.HasPrefix(groups[0].Name, "crossbar") {
		t.Fatalf("groups: %v", groupNames(groups))
	}
	wantIDs(t, found(groups, ""), map[string]checks.Severity{
		"config.dh-without-dhparam": checks.Warning,
		"config.no-forward-secrecy": checks.Warning,
		"chain.leaf-in-chain-file":  checks.Error,
	})
}

// EMQX's documented SSL listener (two-way), with the files it names.
const emqxListener = `listeners.ssl.default {
  bind = "0.0.0.0:8883"
  ssl_options {
    cacertfile = "etc/certs/cacert.pem"
    certfile = "etc/certs/cert.pem"
    keyfile = "etc/certs/key.pem"
    verify = verify_peer
    fail_if_no_peer_cert = true
    versions = ["tlsv1.3", "tlsv1.2", "tlsv1.1"]
    ciphers = "TLS_AES_256_GCM_SHA384,ECDHE-RSA-AES256-GCM-SHA384"
  }
}
`

func TestConfigEMQXDocumentedListener(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writePKI(t, dir)
	conf := write(t, dir, "etc/emqx.conf", []byte(emqxListener), 0o644)
	write(t, dir, "etc/certs/cacert.pem", p.root.PEM(), 0o644)
	write(t, dir, "etc/certs/cert.pem", append(p.leaf.PEM(), p.root.PEM()...), 0o644)
	write(t, dir, "etc/certs/key.pem", p.leaf.KeyPEM(), 0o600)
	groups := runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{filepath.Join(dir, "ca.pem")}, NoSystemRoots: true, Policy: "emqx-cloud"})
	got := found(groups, "")
	wantIDs(t, got, map[string]checks.Severity{
		"config.old-protocol": checks.Warning,
		"policy.emqx-cloud":   checks.Error, // user and root in one file must be split
	})
	if got["config.verify-without-ca"] != checks.None || got["config.file-missing"] != checks.None {
		t.Errorf("the documented listener's files are all there: %v", got)
	}
}

// Bad input: a syntax error, an include loop, a huge and a binary file
// each become config.syntax with the file, never a crash.
func TestConfigBadInput(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	loop := write(t, dir, "loop.conf", []byte("events {}\nhttp {\n  include loop2.conf;\n}\n"), 0o644)
	write(t, dir, "loop2.conf", []byte("include loop.conf;\n"), 0o644)
	huge := write(t, dir, "huge.conf", bytes.Repeat([]byte("# a comment line\n"), serverconf.MaxFileSize/16+10), 0o644)
	binary := write(t, dir, "binary.conf", []byte("listener 8883\x00\x01\x02\xff"), 0o644)
	natsSyntax := write(t, dir, "nats.conf", []byte("tls {\n  cert_file: \"x.pem\"\n  key_file: \n"), 0o644)
	for _, c := range []struct {
		path string
		typ  serverconf.ServerType
		kind string
	}{
		{loop, serverconf.Nginx, "include-loop"},
		{huge, serverconf.Mosquitto, "too-large"},
		{binary, serverconf.Mosquitto, "binary"},
		{natsSyntax, serverconf.NATS, "syntax"},
	} {
		groups := runConfig(t, ConfigConfig{Paths: []string{c.path}, Type: c.typ})
		f := findingOf(groups, "config.syntax")
		if f == nil || f.Severity != checks.Error || f.Evidence["kind"] != c.kind || f.Evidence["file"] == "" {
			t.Errorf("%s: config.syntax %+v, want kind %s", filepath.Base(c.path), f, c.kind)
		}
	}
}
