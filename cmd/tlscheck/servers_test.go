package main

// Real TLS servers for the probe integration tests: openssl s_server,
// nginx, mosquitto, nats-server and gnutls-serv, started on 127.0.0.1 on a
// free port with their configuration, pid and log files in t.TempDir(), and
// killed at cleanup. A missing binary fails the test: .ci/run installs them
// all, so these tests never skip.

import (
	"encoding/json"
	"path/filepath"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/scan/scantest"
	"github.com/tlscheck/tlscheck/internal/testport"
)

// freePort is a loopback port claimed for the test (see testport).
func freePort(t *testing.T) int {
	t.Helper()
	return testport.Free(t)
}

// server is a started server process, listening on addr.
type server struct {
	addr string // 127.0.0.1:port
}

func serverAt(port int) *server { return &server{addr: "127.0.0.1:" + strconv.Itoa(port)} }

// startServer runs the command in dir, waits until port accepts TCP
// connections and kills the process group at cleanup (scantest.Process).
func startServer(t *testing.T, dir string, port int, name string, args ...string) *server {
	t.Helper()
	scantest.Process(t, dir, port, append([]string{name}, args...)...)
	return serverAt(port)
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
func nginxServer(t *testing.T, _ *pkiFiles, servers string) *server {
	t.Helper()
	return serverAt(scantest.NginxHTTP(t, servers))
}

// mosquittoServer starts mosquitto with the given listener configuration
// (%PORT% replaced).
func mosquittoServer(t *testing.T, _ *pkiFiles, listeners string) *server {
	t.Helper()
	return serverAt(scantest.MosquittoConf(t, listeners))
}

// natsServer starts nats-server with the given tls block.
func natsServer(t *testing.T, _ *pkiFiles, tlsBlock string) *server {
	t.Helper()
	return serverAt(scantest.NATSConf(t, tlsBlock))
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
