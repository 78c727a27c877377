package main

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// nginxTLS is one TLS server block.
func nginxTLS(name, cert, key string, defaultServer bool) string {
	def := ""
	if defaultServer {
		def = " default_server"
	}
	return fmt.Sprintf(`	server {
		listen 127.0.0.1:%%PORT%% ssl%s;
		server_name %s;
		ssl_certificate %s;
		ssl_certificate_key %s;
		location / { return 200 "ok\n"; }
	}
`, def, name, cert, key)
}

func TestProbeNginx(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	t.Run("full chain", func(t *testing.T) {
		s := nginxServer(t, p, nginxTLS("localhost", p.chainPEM, p.leafKey, true))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--servername", "localhost", "--app-check", "https://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{})
		if c := rep.connection(t); c["sni"] != "localhost" {
			t.Errorf("connection: %v", c)
		}
	})
	t.Run("missing intermediate", func(t *testing.T) {
		s := nginxServer(t, p, nginxTLS("localhost", p.leafPEM, p.leafKey, true))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"chain.missing-intermediate": "error"})
		for _, f := range rep.Findings {
			if f.ID == "chain.missing-intermediate" && !strings.Contains(f.Fix, "ssl_certificate") {
				t.Errorf("the fix does not name nginx ssl_certificate: %s", f.Fix)
			}
		}
	})
	t.Run("wrong host", func(t *testing.T) {
		other := certgen.Leaf("other.example.test", p.inter, certgen.KeyType("rsa2048"), certgen.DNS("other.example.test"), validNow())
		cert := p.write(t, "other.pem", certgen.Bundle(other, p.inter))
		key := p.write(t, "other.key", other.KeyPEM())
		s := nginxServer(t, p, nginxTLS("localhost", cert, key, true))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"host.mismatch": "error"})
	})
	t.Run("expired", func(t *testing.T) {
		now := time.Now()
		old := certgen.Leaf("localhost", p.inter, certgen.KeyType("rsa2048"), certgen.DNS("localhost"), certgen.IP("127.0.0.1"),
			certgen.Validity(now.AddDate(0, 0, -100), now.AddDate(0, 0, -10)))
		cert := p.write(t, "expired.pem", certgen.Bundle(old, p.inter))
		key := p.write(t, "expired.key", old.KeyPEM())
		s := nginxServer(t, p, nginxTLS("localhost", cert, key, true))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		if r.code != exitFindings {
			t.Errorf("exit %d, want 1", r.code)
		}
		wantFindings(t, rep, map[string]string{"cert.expired": "error"})
		for _, f := range rep.atLeastWarning() {
			if f.ID != "cert.expired" && f.ID != "chain.invalid" {
				t.Errorf("unexpected %s %s: %s", f.Severity, f.ID, f.Message)
			}
		}
	})
	t.Run("two SNI vhosts", func(t *testing.T) {
		other := certgen.Leaf("default.example.test", p.inter, certgen.KeyType("rsa2048"), certgen.DNS("default.example.test"), validNow())
		cert := p.write(t, "default.pem", certgen.Bundle(other, p.inter))
		key := p.write(t, "default.key", other.KeyPEM())
		s := nginxServer(t, p, nginxTLS("default.example.test", cert, key, true)+nginxTLS("localhost", p.chainPEM, p.leafKey, false))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--servername", "localhost", s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{"tls.sni-mismatch": "info"})
		for _, f := range rep.Findings {
			if f.ID == "tls.sni-mismatch" && !strings.Contains(f.Message, "default.example.test") {
				t.Errorf("the SNI finding does not name the default certificate: %s", f.Message)
			}
		}
	})
}

func TestProbeMosquitto(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	t.Run("TLS listener with CONNACK", func(t *testing.T) {
		s := mosquittoServer(t, p, fmt.Sprintf("listener %%PORT%% 127.0.0.1\ncertfile %s\nkeyfile %s\n", p.chainPEM, p.leafKey))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--app-check", "mqtts://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{})
		app, _ := rep.connection(t)["app"].(map[string]any)
		if app == nil || app["ok"] != true || !strings.Contains(fmt.Sprint(app["detail"]), "CONNACK") {
			t.Errorf("--app-check MQTT: %v", app)
		}
	})
	t.Run("require_certificate", func(t *testing.T) {
		s := mosquittoServer(t, p, fmt.Sprintf("listener %%PORT%% 127.0.0.1\ncertfile %s\nkeyfile %s\ncafile %s\nrequire_certificate true\n",
			p.chainPEM, p.leafKey, p.clientCAPEM))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "mqtts://"+s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error", "tls.client-cert-required": "info"})
		for _, f := range rep.Findings {
			if f.ID == "tls.handshake-failed" && !strings.Contains(f.Message, "client certificate") {
				t.Errorf("not diagnosed as a missing client certificate: %s", f.Message)
			}
		}
		r, rep = probeJSON(t, liveBudget, "--ca", p.rootPEM, "--cert", p.clientPEM, "--key", p.clientKey, "--app-check", "mqtts://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{"tls.client-cert-required": "info"})
	})
	t.Run("websockets over TLS", func(t *testing.T) {
		// mosquitto 2.0.11 refuses to start with a websockets listener
		// alone ("Unable to start any listening sockets"): add a plain one.
		s := mosquittoServer(t, p, fmt.Sprintf("listener %d 127.0.0.1\nlistener %%PORT%% 127.0.0.1\nprotocol websockets\ncertfile %s\nkeyfile %s\n",
			freePort(t), p.chainPEM, p.leafKey))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--app-check", "wss://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{})
		app, _ := rep.connection(t)["app"].(map[string]any)
		if app == nil || app["ok"] != true {
			t.Errorf("--app-check WSS: %v", app)
		}
	})
}

func TestProbeNATS(t *testing.T) {
	t.Parallel()
	p := newPKIFiles(t)
	t.Run("INFO then TLS", func(t *testing.T) {
		s := natsServer(t, p, fmt.Sprintf("tls {\n  cert_file: %q\n  key_file: %q\n}", p.chainPEM, p.leafKey))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "--app-check", "nats://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{})
		app, _ := rep.connection(t)["app"].(map[string]any)
		if app == nil || app["ok"] != true {
			t.Errorf("--app-check NATS: %v", app)
		}
	})
	t.Run("verify true", func(t *testing.T) {
		s := natsServer(t, p, fmt.Sprintf("tls {\n  cert_file: %q\n  key_file: %q\n  ca_file: %q\n  verify: true\n}", p.chainPEM, p.leafKey, p.clientCAPEM))
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, "nats://"+s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.handshake-failed": "error", "tls.client-cert-required": "info"})
		r, rep = probeJSON(t, liveBudget, "--ca", p.rootPEM, "--cert", p.clientPEM, "--key", p.clientKey, "nats://"+s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{"tls.client-cert-required": "info"})
	})
	t.Run("no TLS", func(t *testing.T) {
		s := natsServer(t, p, "")
		r, rep := probeJSON(t, liveBudget, "nats://"+s.addr)
		expectProbe(t, r, rep, exitFindings, map[string]string{"tls.plaintext": "error"})
		for _, f := range rep.Findings {
			if f.ID == "tls.plaintext" && !strings.Contains(f.Fix, "cert_file") {
				t.Errorf("the fix does not show the tls block: %s", f.Fix)
			}
		}
	})
}

// gnutls-serv listens on every address: the test runs in a private network
// namespace of its own.
func TestProbeGnuTLS(t *testing.T) {
	t.Parallel()
	if !scantest.InPrivateNetwork(t) {
		return
	}
	p := newPKIFiles(t)
	t.Run("good chain", func(t *testing.T) {
		s := gnutlsServer(t, p)
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{})
	})
	t.Run("no safe renegotiation", func(t *testing.T) {
		s := gnutlsServer(t, p, "--priority", "NORMAL:-VERS-TLS1.3:%DISABLE_SAFE_RENEGOTIATION")
		r, rep := probeJSON(t, liveBudget, "--ca", p.rootPEM, s.addr)
		expectProbe(t, r, rep, exitOK, map[string]string{"tls.no-secure-renegotiation": "warning"})
	})
}
