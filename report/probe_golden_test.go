package report

import (
	"bytes"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

var (
	fxSNI = &checks.Check{ID: "tls.sni-mismatch", Title: "without SNI the server sends a different certificate", Severity: checks.Info,
		Refs: []string{"RFC 6066 3"}, Doc: "Clients without SNI get the default virtual host.", Fix: "make this vhost the default"}
	fxOCSP = &checks.Check{ID: "tls.ocsp-stapling-missing", Title: "no stapled OCSP response", Severity: checks.Info,
		Refs: []string{"RFC 6066 8"}, Doc: "OCSP stapling spares clients a request to the CA.", Fix: "ssl_stapling on"}
)

// probeFixture is a probe of an nginx server that served the committed
// server.pem (leaf, intermediate, a stray CA) over TLS 1.3.
func probeFixture(t *testing.T) *Report {
	fx := loadFixture(t)
	served := fixtureCerts(t, "server.pem", facts.RoleServed)
	for _, c := range served {
		c.Source.File = "192.0.2.10:443"
	}
	secure := true
	conn := &facts.Connection{
		Target: "https://www.example.com", Scheme: "https", Host: "www.example.com", Port: 443, Address: "192.0.2.10:443",
		SNI: "www.example.com", Stage: facts.StageDone, Version: facts.VersionTLS13, OfferedMax: facts.VersionTLS13,
		CipherSuite: "TLS_AES_128_GCM_SHA256", Group: "X25519", ALPN: "h2", SecureReneg: &secure,
		Timings: facts.Timings{DNS: 0.4, Connect: 0.21, Handshake: 3.14, Total: 3.9},
		NoSNI:   &facts.NoSNIResult{Subject: "CN=default.example.net", Fingerprint: "00ff", Differs: true},
	}
	f := &facts.Facts{
		Now:        fixtureNow,
		Options:    facts.Options{Hosts: []string{"www.example.com"}, Purpose: facts.PurposeServer, WarnDays: 30, Profile: facts.ProfileAuto},
		Certs:      served,
		Roots:      []*facts.Cert{fx.root},
		Connection: conn,
	}
	ev := map[string]string{"address": "192.0.2.10:443", "sni": "www.example.com", "stage": "done"}
	results := []checks.Result{
		{Check: fxSNI, Selected: true, Findings: []checks.Finding{withFinding(fxSNI, "www.example.com:443",
			"with SNI www.example.com the server sends 'CN=www.example.com'; without SNI it sends 'CN=default.example.net'",
			"make the server block for www.example.com the default for clients without SNI (nginx: `listen 443 ssl default_server;`)",
			merge(map[string]string{}, "address", ev["address"], "without_sni", "CN=default.example.net"))}},
		{Check: fxOCSP, Selected: true, Findings: []checks.Finding{withFinding(fxOCSP, "www.example.com:443",
			"the server sent no stapled OCSP response (status_request)", "nginx: `ssl_stapling on; ssl_stapling_verify on;`", ev)}},
	}
	target := Target{Target: conn.Target, Host: conn.Host, Port: conn.Port, SNI: conn.SNI,
		Hosts: []string{"www.example.com"}, At: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC)}
	r := New(Tool{Name: "tlscheck", Version: "1.0.0-test"}, target, f, results)
	r.Chains = []*facts.Chain{{Leaf: served[0], Path: []*facts.Cert{served[0], served[1], fx.root}, Status: facts.ChainTrusted, Served: served}}
	return r
}

func TestGoldenProbeText(t *testing.T) {
	r := probeFixture(t)
	got := render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{}) })
	golden(t, "probe.txt", got)
	// The connection line is wrapped to the width (80 here); on a wide
	// terminal it is one line.
	for _, l := range strings.Split(string(got), "\n") {
		if strings.HasPrefix(l, "connection:") && len(l) > DefaultWidth {
			t.Errorf("connection line of %d columns: %s", len(l), l)
		}
	}
	got = render(t, func(b *bytes.Buffer) error { return Text(b, r, Options{Width: 300}) })
	for _, want := range []string{
		"connection: 192.0.2.10:443 (https, SNI www.example.com): TLS 1.3, TLS_AES_128_GCM_SHA256, X25519, ALPN h2; dns 0.4 ms, tcp 0.2 ms, handshake 3.1 ms",
		"served #1", "served #2",
	} {
		if !bytes.Contains(got, []byte(want)) {
			t.Errorf("the probe report lacks %q", want)
		}
	}
}

func TestGoldenProbeJSON(t *testing.T) {
	got := render(t, func(b *bytes.Buffer) error { return JSON(b, probeFixture(t)) })
	golden(t, "probe.json", got)
	if !bytes.Contains(got, []byte(`"connection": {`)) || !bytes.Contains(got, []byte(`"cipher_suite": "TLS_AES_128_GCM_SHA256"`)) {
		t.Error(`the JSON report lacks "connection"`)
	}
}

// TestConnectionLineFailure: a failed probe says where and how it failed.
func TestConnectionLineFailure(t *testing.T) {
	c := &facts.Connection{Host: "127.0.0.1", Port: 4433, Stage: facts.StageHandshake,
		Failure:  &facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: &facts.Alert{Code: facts.AlertHandshakeFailure, Name: "handshake_failure", Received: true}},
		Preamble: map[string]string{"tls_required": "true", "version": "2.9.20"}, Scheme: "nats", StartTLS: "nats",
		App: &facts.AppCheck{Protocol: "nats", OK: false, Detail: "no PONG"}}
	lines := strings.Join(connectionLines(c), "\n")
	for _, want := range []string{
		"connection: 127.0.0.1:4433 (nats, no SNI): FAILED at handshake: alert received handshake_failure (40)",
		"preamble: nats tls_required=true version=2.9.20",
		"application check: nats FAILED: no PONG",
	} {
		if !strings.Contains(lines, want) {
			t.Errorf("lacks %q:\n%s", want, lines)
		}
	}
	if fileReport := render(t, func(b *bytes.Buffer) error { return Text(b, loadFixture(t).report(), Options{}) }); bytes.Contains(fileReport, []byte("connection:")) {
		t.Error("a files report shows a connection line")
	}
}
