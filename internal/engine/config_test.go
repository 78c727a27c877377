package engine

import (
	"context"
	"crypto/x509"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/serverconf"
	"github.com/tlscheck/tlscheck/internal/testport"
	"github.com/tlscheck/tlscheck/report"
)

// configAt is the clock of the config tests: inside certgen's validity.
var configAt = certgen.Epoch.Add(10 * 24 * time.Hour)

// pki writes a root (ca.pem), a leaf for localhost and 127.0.0.1 with
// serverAuth and clientAuth (server.pem, leaf then nothing else), its key
// (server.key, 0600) and a serverAuth-only leaf (serveronly.pem/.key) into dir.
type pki struct {
	root, leaf, serverOnly *certgen.Cert
}

// certgenMu serialises certgen, whose serial counter is not safe for
// the parallel tests here.
var certgenMu sync.Mutex

func writePKI(t *testing.T, dir string) pki {
	t.Helper()
	certgenMu.Lock()
	defer certgenMu.Unlock()
	root := certgen.Root("Config Test Root")
	leaf := certgen.Leaf("localhost", root, certgen.IP("127.0.0.1"), certgen.DNS("localhost"),
		certgen.EKU(x509.ExtKeyUsageServerAuth, x509.ExtKeyUsageClientAuth), certgen.Serial(0xA1))
	serverOnly := certgen.Leaf("localhost", root, certgen.IP("127.0.0.1"), certgen.DNS("localhost"), certgen.Serial(0xB2))
	write(t, dir, "ca.pem", root.PEM(), 0o644)
	write(t, dir, "server.pem", leaf.PEM(), 0o644)
	write(t, dir, "server.key", leaf.KeyPEM(), 0o600)
	write(t, dir, "serveronly.pem", serverOnly.PEM(), 0o644)
	write(t, dir, "serveronly.key", serverOnly.KeyPEM(), 0o600)
	return pki{root: root, leaf: leaf, serverOnly: serverOnly}
}

func write(t *testing.T, dir, name string, data []byte, mode os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, data, mode); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(p, mode); err != nil {
		t.Fatal(err)
	}
	return p
}

func port(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

func fill(s, dir string, ports ...int) string {
	s = strings.ReplaceAll(s, "@DIR@", dir)
	for i, p := range ports {
		s = strings.ReplaceAll(s, "@PORT"+strconv.Itoa(i)+"@", strconv.Itoa(p))
	}
	return s
}

// runConfig checks the configuration at path with the root as trust anchor.
func runConfig(t *testing.T, cfg ConfigConfig) []report.ConfigGroup {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	if cfg.At.IsZero() {
		cfg.At = configAt
	}
	cfg.WarnDays = 30
	groups, err := Config(ctx, cfg)
	if err != nil {
		t.Fatalf("Config: %v", err)
	}
	return groups
}

// found is "id severity" for every finding of the group named like name
// ("" for every group).
func found(groups []report.ConfigGroup, name string) map[string]checks.Severity {
	out := map[string]checks.Severity{}
	for _, g := range groups {
		if name != "" && !strings.Contains(g.Name, name) {
			continue
		}
		for _, f := range g.Report.Findings {
			out[f.ID] = max(out[f.ID], f.Severity)
		}
	}
	return out
}

// wantIDs requires each id at its severity and, with exact, nothing else of family config.
func wantIDs(t *testing.T, got map[string]checks.Severity, want map[string]checks.Severity) {
	t.Helper()
	for id, sev := range want {
		if got[id] != sev {
			t.Errorf("%s: got severity %s, want %s (all: %v)", id, got[id], sev, got)
		}
	}
}

// noConfigFindings requires no config.* finding and no error at all.
func noConfigFindings(t *testing.T, groups []report.ConfigGroup) {
	t.Helper()
	for _, g := range groups {
		for _, f := range g.Report.Findings {
			if strings.HasPrefix(f.ID, "config.") || f.Severity == checks.Error {
				t.Errorf("%s: unexpected %s %s: %s", g.Name, f.Severity, f.ID, f.Message)
			}
		}
	}
}

// user nobody: the root master still reads the 0600 key (no finding).
const nginxGood = `user nobody nogroup;
events {}
pid @DIR@/nginx.pid;
error_log @DIR@/error.log;
http {
  access_log off;
  server {
    listen 127.0.0.1:@PORT0@ ssl;
    server_name localhost;
    ssl_certificate @DIR@/server.pem;
    ssl_certificate_key @DIR@/server.key;
    ssl_client_certificate @DIR@/ca.pem;
    ssl_verify_client on;
    ssl_protocols TLSv1.2 TLSv1.3;
    ssl_ciphers ECDHE+AESGCM:ECDHE+CHACHA20;
    ssl_ecdh_curve X25519:prime256v1;
  }
}
`

// The guides' mistakes: old protocols, an unknown cipher and static RSA,
// client verification without a CA, a key that is not there.
const nginxBroken = `events {}
http {
  server {
    listen 127.0.0.1:@PORT0@ ssl;
    server_name localhost;
    ssl_certificate @DIR@/server.pem;
    ssl_certificate_key @DIR@/missing.key;
    ssl_verify_client on;
    ssl_protocols TLSv1 TLSv1.2;
    ssl_ciphers 'ECDHE+AESGCM:AES128-GCM-SHA256:FOOBAR';
    ssl_ecdh_curve prime256v1:bogus;
  }
}
`

func nginxTest(t *testing.T, dir, conf string) (string, bool) {
	t.Helper()
	bin := scantest.Binary(t, "nginx")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	out, err := exec.CommandContext(ctx, bin, "-t", "-q", "-e", filepath.Join(dir, "error.log"), "-p", dir+"/", "-c", conf).CombinedOutput()
	return string(out), err == nil
}

func TestConfigNginx(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writePKI(t, dir)
	good := write(t, dir, "nginx.conf", []byte(fill(nginxGood, dir, port(t))), 0o644)
	if out, ok := nginxTest(t, dir, good); !ok {
		t.Fatalf("nginx -t refused the good configuration:\n%s", out)
	}
	ca := filepath.Join(dir, "ca.pem")
	groups := runConfig(t, ConfigConfig{Paths: []string{good}, CA: []string{ca}, NoSystemRoots: true})
	if len(groups) != 1 || !strings.HasPrefix(groups[0].Name, "nginx server_name localhost, listen 127.0.0.1:") {
		t.Fatalf("groups: %+v", groupNames(groups))
	}
	noConfigFindings(t, groups)
	_ = p

	broken := write(t, dir, "broken.conf", []byte(fill(nginxBroken, dir, port(t))), 0o644)
	if out, ok := nginxTest(t, dir, broken); ok {
		t.Fatalf("nginx -t accepted the broken configuration:\n%s", out)
	}
	got := found(runConfig(t, ConfigConfig{Paths: []string{broken}, CA: []string{ca}, NoSystemRoots: true}), "")
	wantIDs(t, got, map[string]checks.Severity{
		"config.file-missing":       checks.Error,
		"config.verify-without-ca":  checks.Error,
		"config.old-protocol":       checks.Warning,
		"config.unknown-cipher":     checks.Warning,
		"config.no-forward-secrecy": checks.Warning,
		"config.unknown-curve":      checks.Warning,
	})

	// A syntax error is a finding with the file and line, never a crash.
	bad := write(t, dir, "syntax.conf", []byte("events {}\nhttp {\n  server {\n    listen 443 ssl\n  }\n"), 0o644)
	groups = runConfig(t, ConfigConfig{Paths: []string{bad}, Type: serverconf.Nginx})
	wantIDs(t, found(groups, ""), map[string]checks.Severity{"config.syntax": checks.Error})
	if f := findingOf(groups, "config.syntax"); f == nil || f.Evidence["file"] != bad || f.Evidence["position"] == "" {
		t.Errorf("config.syntax without file and line: %+v", f)
	}
}

func groupNames(groups []report.ConfigGroup) []string {
	var out []string
	for _, g := range groups {
		out = append(out, g.Name)
	}
	return out
}

func findingOf(groups []report.ConfigGroup, id string) *checks.Finding {
	for _, g := range groups {
		for i, f := range g.Report.Findings {
			if f.ID == id {
				return &g.Report.Findings[i]
			}
		}
	}
	return nil
}

const natsGood = `listen: 127.0.0.1:@PORT0@
tls {
  cert_file: "@DIR@/server.pem"
  key_file: "@DIR@/server.key"
  ca_file: "@DIR@/ca.pem"
  verify: true
  timeout: 2
  cipher_suites: ["TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"]
  curve_preferences: ["CurveP256", "X25519"]
}
cluster {
  name: c1
  listen: 127.0.0.1:@PORT1@
  tls {
    cert_file: "@DIR@/server.pem"
    key_file: "@DIR@/server.key"
    ca_file: "@DIR@/ca.pem"
  }
}
`

// The NATS guide's mistakes: a timeout no handshake meets, verify on the
// system roots, a cluster certificate without clientAuth, insecure routes,
// a malformed pin, verify_and_map with no users, an unknown cipher.
const natsBroken = `listen: 127.0.0.1:@PORT0@
tls {
  cert_file: "@DIR@/server.pem"
  key_file: "@DIR@/server.key"
  verify_and_map: true
  timeout: 0.0001
  cipher_suites: ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_RSA_WITH_FOO"]
  curve_preferences: ["P-256"]
  pinned_certs: ["AB:CD"]
}
cluster {
  name: c1
  listen: 127.0.0.1:@PORT1@
  tls {
    cert_file: "@DIR@/serveronly.pem"
    key_file: "@DIR@/serveronly.key"
    ca_file: "@DIR@/ca.pem"
    insecure: true
  }
}
`

func natsCheck(t *testing.T, conf string) (string, bool) {
	t.Helper()
	bin := scantest.Binary(t, "nats-server")
	ctx, cancel := context.WithTimeout(context.Background(), 15*time.Second)
	defer cancel()
	cmd := exec.CommandContext(ctx, bin, "-c", conf, "-t")
	cmd.Dir = filepath.Dir(conf)
	out, err := cmd.CombinedOutput()
	return string(out), err == nil
}

func TestConfigNATS(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	writePKI(t, dir)
	good := write(t, dir, "nats.conf", []byte(fill(natsGood, dir, port(t), port(t))), 0o644)
	if out, ok := natsCheck(t, good); !ok {
		t.Fatalf("nats-server -t refused the good configuration:\n%s", out)
	}
	ca := filepath.Join(dir, "ca.pem")
	groups := runConfig(t, ConfigConfig{Paths: []string{good}, CA: []string{ca}, NoSystemRoots: true})
	if len(groups) != 2 {
		t.Fatalf("groups: %v", groupNames(groups))
	}
	noConfigFindings(t, groups)

	broken := write(t, dir, "broken.conf", []byte(fill(natsBroken, dir, port(t), port(t))), 0o644)
	if out, ok := natsCheck(t, broken); ok {
		t.Fatalf("nats-server -t accepted the broken configuration:\n%s", out)
	}
	certgenMu.Lock()
	client := certgen.ClientLeaf("client", certgen.Root("Other Root"))
	certgenMu.Unlock()
	clientCert := write(t, dir, "client.pem", client.PEM(), 0o644)
	groups = runConfig(t, ConfigConfig{Paths: []string{broken}, CA: []string{ca}, NoSystemRoots: true, ClientCert: clientCert})
	wantIDs(t, found(groups, ""), map[string]checks.Severity{
		"config.timeout-too-short":       checks.Error,
		"config.verify-system-roots":     checks.Warning,
		"config.verify-and-map-no-users": checks.Error,
		"config.unknown-cipher":          checks.Error,
		"config.unknown-curve":           checks.Error,
		"config.pinned-certs":            checks.Error,
		"config.client-cert-not-pinned":  checks.Error,
		"config.route-eku":               checks.Error,
		"config.insecure":                checks.Error,
	})
	if got := found(groups, "cluster"); got["config.route-eku"] == checks.None || got["config.timeout-too-short"] != checks.None {
		t.Errorf("cluster findings: %v", got)
	}
}

const mosquittoGood = `user root
per_listener_settings false
allow_anonymous true
persistence false
log_dest stderr
listener @PORT0@ 127.0.0.1
certfile @DIR@/server.pem
keyfile @DIR@/server.key
cafile @DIR@/ca.pem
require_certificate true
use_identity_as_username true
tls_version tlsv1.2
`

// mosquitto's guide mistakes: use_identity_as_username without
// require_certificate; a key the mosquitto user cannot read; tlsv1.1.
const mosquittoBroken = `per_listener_settings false
allow_anonymous true
persistence false
log_dest stderr
listener @PORT0@ 127.0.0.1
certfile @DIR@/server.pem
keyfile @DIR@/server.key
use_identity_as_username true
tls_version tlsv1.1
listener @PORT1@ 127.0.0.1
certfile @DIR@/server.pem
keyfile @DIR@/world.key
require_certificate true
`

// mosquittoStarts starts mosquitto on conf and reports whether it listens
// on port; it always stops it.
func mosquittoStarts(t *testing.T, conf string, port int) (string, bool) {
	t.Helper()
	return scantest.TryStart(t, filepath.Dir(conf), []int{port}, "mosquitto", "-c", conf)
}

func TestConfigMosquitto(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writePKI(t, dir)
	p0 := port(t)
	good := write(t, dir, "mosquitto.conf", []byte(fill(mosquittoGood, dir, p0)), 0o644)
	if out, ok := mosquittoStarts(t, good, p0); !ok {
		t.Fatalf("mosquitto did not start on the good configuration:\n%s", out)
	}
	ca := filepath.Join(dir, "ca.pem")
	groups := runConfig(t, ConfigConfig{Paths: []string{good}, CA: []string{ca}, NoSystemRoots: true})
	noConfigFindings(t, groups)

	// server.key is root's, 0600: the default user mosquitto cannot read it.
	// world.key is 0644: readable only because everyone can.
	write(t, dir, "world.key", p.leaf.KeyPEM(), 0o644)
	os.Chown(filepath.Join(dir, "server.key"), 0, 0)
	os.Chown(filepath.Join(dir, "world.key"), 0, 0)
	os.Chmod(dir, 0o755)
	broken := write(t, dir, "broken.conf", []byte(fill(mosquittoBroken, dir, port(t), port(t))), 0o644)
	groups = runConfig(t, ConfigConfig{Paths: []string{broken}, CA: []string{ca}, NoSystemRoots: true})
	want := map[string]checks.Severity{
		"config.identity-without-certificate": checks.Error,
		"config.old-protocol":                 checks.Warning,
		"config.verify-without-ca":            checks.Error,
	}
	if os.Geteuid() == 0 { // ownership can be set up only as root
		want["config.file-unreadable"] = checks.Error
		want["config.key-permissions"] = checks.Warning
	}
	wantIDs(t, found(groups, ""), want)
	if f := findingOf(groups, "config.file-unreadable"); f != nil && !strings.Contains(f.Fix, "chown mosquitto") {
		t.Errorf("config.file-unreadable fix: %s", f.Fix)
	}
}
