package main

// Real TLS servers for the probe integration tests: openssl s_server,
// nginx, mosquitto, nats-server and gnutls-serv, started on 127.0.0.1 on a
// free port with their configuration, pid and log files in t.TempDir(), and
// killed at cleanup. A missing binary fails the test: .ci/run installs them
// all, so these tests never skip.

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/testport"
)

// serverBinary finds a server program on PATH or in the Debian locations.
func serverBinary(t *testing.T, name string) string {
	t.Helper()
	if p, err := exec.LookPath(name); err == nil {
		return p
	}
	for _, dir := range []string{"/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin"} {
		p := filepath.Join(dir, name)
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	t.Fatalf("%s is not installed; the probe integration tests need it (.ci/run installs nginx mosquitto nats-server gnutls-bin openssl)", name)
	return ""
}

// freePort returns a TCP port on 127.0.0.1 that was free a moment ago.
func freePort(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

// lockedBuffer collects a process's output for the failure message.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// server is a started server process.
type server struct {
	name string
	port int
	addr string // 127.0.0.1:port
	out  *lockedBuffer
	cmd  *exec.Cmd
}

// startServer runs the command in dir, waits until port accepts TCP
// connections (at most 15 s) and kills the process group at cleanup.
func startServer(t *testing.T, dir string, port int, name string, args ...string) *server {
	t.Helper()
	bin := serverBinary(t, name)
	out := &lockedBuffer{}
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatalf("start %s: %v", name, err)
	}
	exited := make(chan struct{})
	go func() { cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-exited
	})
	s := &server{name: name, port: port, addr: "127.0.0.1:" + strconv.Itoa(port), out: out, cmd: cmd}
	deadline := time.Now().Add(15 * time.Second)
	for {
		select {
		case <-exited:
			t.Fatalf("%s exited before listening on %s:\n%s", name, s.addr, out)
		default:
		}
		c, err := net.DialTimeout("tcp", s.addr, 200*time.Millisecond)
		if err == nil {
			c.Close()
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s did not listen on %s within 15s:\n%s", name, s.addr, out)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// pkiFiles is a test PKI written to a directory as PEM files.
type pkiFiles struct {
	dir                             string
	root, inter, leaf               *certgen.Cert
	clientCA, client, strangeClient *certgen.Cert
	// Paths.
	rootPEM, interPEM, leafPEM, leafKey, chainPEM string
	clientCAPEM, clientPEM, clientKey             string
	strangePEM, strangeKey                        string
}

// now is the real clock: the servers verify client certificates with it.
func validNow() certgen.Option {
	now := time.Now()
	return certgen.Validity(now.Add(-time.Hour), now.AddDate(0, 0, 90))
}

// newPKIFiles builds a root, an intermediate and a leaf for localhost and
// 127.0.0.1 (valid now, RSA so DHE and TLS 1.0 suites work), a client CA
// with a client certificate, and a client certificate from an unrelated CA.
func newPKIFiles(t *testing.T, leafOpts ...certgen.Option) *pkiFiles {
	t.Helper()
	dir := t.TempDir()
	p := &pkiFiles{dir: dir}
	p.root = certgen.Root("Probe Test Root CA")
	p.inter = certgen.Intermediate("Probe Test Intermediate CA", p.root)
	opts := append([]certgen.Option{certgen.KeyType("rsa2048"), certgen.DNS("localhost"), certgen.IP("127.0.0.1"), validNow()}, leafOpts...)
	p.leaf = certgen.Leaf("localhost", p.inter, opts...)
	p.clientCA = certgen.Root("Probe Test Client CA")
	p.client = certgen.ClientLeaf("probe test device", p.clientCA, validNow())
	stranger := certgen.Root("Stranger CA")
	p.strangeClient = certgen.ClientLeaf("stranger device", stranger, validNow())

	w := func(name string, data []byte) string { return writeFile(t, filepath.Join(dir, name), data, 0o600) }
	p.rootPEM = w("root.pem", p.root.PEM())
	p.interPEM = w("inter.pem", p.inter.PEM())
	p.leafPEM = w("leaf.pem", p.leaf.PEM())
	p.leafKey = w("leaf.key", p.leaf.KeyPEM())
	p.chainPEM = w("fullchain.pem", certgen.Bundle(p.leaf, p.inter))
	p.clientCAPEM = w("clientca.pem", p.clientCA.PEM())
	p.clientPEM = w("client.pem", p.client.PEM())
	p.clientKey = w("client.key", p.client.KeyPEM())
	p.strangePEM = w("stranger.pem", p.strangeClient.PEM())
	p.strangeKey = w("stranger.key", p.strangeClient.KeyPEM())
	return p
}

// write puts a file into the PKI directory.
func (p *pkiFiles) write(t *testing.T, name string, data []byte) string {
	t.Helper()
	return writeFile(t, filepath.Join(p.dir, name), data, 0o600)
}

// sServer starts `openssl s_server -www` on a free port with extra flags.
func sServer(t *testing.T, p *pkiFiles, certPEM, keyPEM string, extra ...string) *server {
	t.Helper()
	port := freePort(t)
	args := append([]string{"s_server", "-accept", "127.0.0.1:" + strconv.Itoa(port), "-cert", certPEM, "-key", keyPEM, "-www"}, extra...)
	return startServer(t, p.dir, port, "openssl", args...)
}

// nginxServer starts nginx with the given http-block server configuration;
// %PORT% in it is replaced by the chosen port.
func nginxServer(t *testing.T, p *pkiFiles, servers string) *server {
	t.Helper()
	port := freePort(t)
	prefix := t.TempDir()
	for _, d := range []string{"logs", "tmp"} {
		os.MkdirAll(filepath.Join(prefix, d), 0o755)
	}
	user := ""
	if os.Geteuid() == 0 {
		user = "user root;"
	}
	conf := fmt.Sprintf(`%s
worker_processes 1;
error_log %[2]s/logs/error.log info;
pid %[2]s/nginx.pid;
events { worker_connections 64; }
http {
	access_log off;
	client_body_temp_path %[2]s/tmp/body;
	proxy_temp_path %[2]s/tmp/proxy;
	fastcgi_temp_path %[2]s/tmp/fastcgi;
	uwsgi_temp_path %[2]s/tmp/uwsgi;
	scgi_temp_path %[2]s/tmp/scgi;
%[3]s
}
`, user, prefix, strings.ReplaceAll(servers, "%PORT%", strconv.Itoa(port)))
	confPath := writeFile(t, filepath.Join(prefix, "nginx.conf"), []byte(conf), 0o644)
	return startServer(t, prefix, port, "nginx", "-p", prefix, "-c", confPath, "-g", "daemon off;")
}

// mosquittoServer starts mosquitto with the given listener configuration
// (%PORT% replaced).
func mosquittoServer(t *testing.T, p *pkiFiles, listeners string) *server {
	t.Helper()
	port := freePort(t)
	dir := t.TempDir()
	user := ""
	if os.Geteuid() == 0 {
		user = "user root\n"
	}
	conf := user + "persistence false\nlog_dest stdout\nallow_anonymous true\n" + strings.ReplaceAll(listeners, "%PORT%", strconv.Itoa(port))
	confPath := writeFile(t, filepath.Join(dir, "mosquitto.conf"), []byte(conf), 0o644)
	return startServer(t, dir, port, "mosquitto", "-c", confPath)
}

// natsServer starts nats-server with the given tls block.
func natsServer(t *testing.T, p *pkiFiles, tlsBlock string) *server {
	t.Helper()
	port := freePort(t)
	dir := t.TempDir()
	conf := fmt.Sprintf("listen: \"127.0.0.1:%d\"\npid_file: \"%s/nats.pid\"\n%s\n", port, dir, tlsBlock)
	confPath := writeFile(t, filepath.Join(dir, "nats.conf"), []byte(conf), 0o644)
	return startServer(t, dir, port, "nats-server", "-c", confPath)
}

// gnutlsServer starts gnutls-serv with extra flags.
func gnutlsServer(t *testing.T, p *pkiFiles, extra ...string) *server {
	t.Helper()
	if !scantest.InsidePrivateNetwork() {
		t.Fatal("gnutls-serv listens on every address: start it inside scantest.InPrivateNetwork")
	}
	port := freePort(t)
	args := append([]string{"--port", strconv.Itoa(port), "--x509certfile", p.chainPEM, "--x509keyfile", p.leafKey, "--echo"}, extra...)
	return startServer(t, p.dir, port, "gnutls-serv", args...)
}

// probeJSON runs `tlscheck probe --format json` with the real clock.
func probeJSON(t *testing.T, args ...string) (result, *jsonReport) {
	t.Helper()
	r := tlscheckWith(t, invocation{}, append([]string{"probe", "--format", "json"}, args...)...)
	if r.code == exitCannot {
		t.Fatalf("probe could not run: %s", r)
	}
	return r, parseReport(t, r)
}

// expectProbe asserts the exit code, that every error and warning reported
// is in want with that severity, and that every ID in want was reported
// with its severity (info findings not in want are allowed).
func expectProbe(t *testing.T, r result, rep *jsonReport, code int, want map[string]string) {
	t.Helper()
	if r.code != code {
		t.Errorf("exit %d, want %d", r.code, code)
	}
	wantFindings(t, rep, want)
	for _, f := range rep.atLeastWarning() {
		if want[f.ID] != f.Severity {
			t.Errorf("unexpected %s %s on %s: %s", f.Severity, f.ID, f.Subject, f.Message)
		}
	}
	if t.Failed() {
		t.Logf("report:\n%s", r.stdout)
	}
}

// connection decodes the report's "connection" object.
func (rep *jsonReport) connection(t *testing.T) map[string]any {
	t.Helper()
	raw, ok := rep.raw["connection"]
	if !ok {
		t.Fatal(`the probe report has no "connection"`)
	}
	var c map[string]any
	if err := jsonUnmarshal(raw, &c); err != nil {
		t.Fatal(err)
	}
	return c
}

func jsonUnmarshal(b []byte, v any) error { return json.Unmarshal(b, v) }
