package engine

import (
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

// sServer runs openssl s_server on 127.0.0.1:port with cert and key until
// the test ends.
func sServer(t *testing.T, port int, cert, key string) {
	t.Helper()
	scantest.Process(t, t.TempDir(), port, "openssl", "s_server", "-quiet", "-accept", "127.0.0.1:"+itoa(port), "-cert", cert, "-key", key, "-www")
}

func itoa(n int) string { return strconv.Itoa(n) }

// A server started with one certificate keeps serving it after the file is
// replaced by a renewal, until it is reloaded: config.stale-certificate.
func TestConfigProbeStaleCertificate(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	p := writePKI(t, dir)
	served := filepath.Join(dir, "running.pem")
	write(t, dir, "running.pem", p.leaf.PEM(), 0o644)
	pt := port(t)
	sServer(t, pt, served, filepath.Join(dir, "server.key"))

	// The renewal: same key, new serial, written over the configured file.
	certgenMu.Lock()
	renewed := certgen.Leaf("localhost", p.root, certgen.Key(p.leaf.Key), certgen.IP("127.0.0.1"), certgen.DNS("localhost"), certgen.Serial(0xC3))
	certgenMu.Unlock()
	write(t, dir, "server.pem", renewed.PEM(), 0o644)
	conf := write(t, dir, "nginx.conf", []byte(fill(`events {}
http {
  server {
    listen *:@PORT0@ ssl;
    server_name localhost;
    ssl_certificate @DIR@/server.pem;
    ssl_certificate_key @DIR@/server.key;
  }
}
`, dir, pt)), 0o644)
	ca := filepath.Join(dir, "ca.pem")
	groups := runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{ca}, NoSystemRoots: true, Probe: true, ProbeTimeout: 5 * time.Second})
	wantIDs(t, found(groups, ""), map[string]checks.Severity{"config.stale-certificate": checks.Error})
	f := findingOf(groups, "config.stale-certificate")
	if f == nil || !strings.Contains(f.Message, "serves serial A1") || !strings.Contains(f.Message, "holds serial C3") || !strings.Contains(f.Message, "reload the server") {
		t.Errorf("message: %+v", f)
	}

	// Once the file holds what runs, nothing is stale.
	write(t, dir, "server.pem", p.leaf.PEM(), 0o644)
	groups = runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{ca}, NoSystemRoots: true, Probe: true, ProbeTimeout: 5 * time.Second})
	if got := found(groups, ""); got["config.stale-certificate"] != checks.None || got["config.probe-failed"] != checks.None {
		t.Errorf("after the reload: %v", got)
	}

	// The configuration allows TLS 1.2 only; the running server (never
	// reloaded) negotiates TLS 1.3: config.settings-differ.
	tls12 := write(t, dir, "tls12.conf", []byte(fill(`events {}
http {
  server {
    listen 127.0.0.1:@PORT0@ ssl;
    server_name localhost;
    ssl_certificate @DIR@/server.pem;
    ssl_certificate_key @DIR@/server.key;
    ssl_protocols TLSv1.2;
  }
}
`, dir, pt)), 0o644)
	groups = runConfig(t, ConfigConfig{Paths: []string{tls12}, CA: []string{ca}, NoSystemRoots: true, Probe: true, ProbeTimeout: 5 * time.Second})
	wantIDs(t, found(groups, ""), map[string]checks.Severity{"config.settings-differ": checks.Warning})

	// Nothing listening there: config.probe-failed, never a crash.
	groups = runConfig(t, ConfigConfig{Paths: []string{conf}, CA: []string{ca}, NoSystemRoots: true, Probe: true, ProbeHost: "127.0.0.2", ProbeTimeout: 2 * time.Second})
	wantIDs(t, found(groups, ""), map[string]checks.Severity{"config.probe-failed": checks.Warning})
}
