package serverconf

import (
	"bytes"
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/tlscheck/tlscheck/internal/scan/scantest"
)

const natsMain = `# tlscheck test configuration
host: 127.0.0.1
port: @PORT0@
server_name: "n1"

include "./tls.conf"

cluster {
  name: "c1"
  listen: "127.0.0.1:@PORT1@"
  routes: [
    "nats-route://node2.example.com:6222"
    "nats-route://10.0.0.3:6222"
  ]
  tls {
    cert_file: "@DIR@/ec.crt"
    key_file: "@DIR@/ec.key"
    ca_file: "@DIR@/ec.crt"
    timeout: 2
    verify_cert_and_check_known_urls: true
  }
}

gateway {
  name: "g1"
  listen: "127.0.0.1:@PORT2@"
  tls {
    cert_file: "@DIR@/rsa.crt"
    key_file: "@DIR@/rsa.key"
    ca_file: "@DIR@/ec.crt"
    verify: true
  }
  gateways: [
    {name: "g2", urls: ["nats://gw2.example.com:7222"], tls: {ca_file: "@DIR@/ec.crt"}}
  ]
}

leafnodes {
  listen: "127.0.0.1:@PORT3@"
  tls {
    cert_file: "@DIR@/ec.crt"
    key_file: "@DIR@/ec.key"
  }
  remotes: [
    {url: "tls://hub.example.com:7422", tls: {cert_file: "@DIR@/ec.crt", key_file: "@DIR@/ec.key", insecure: true}}
  ]
}

authorization {
  users: [
    {user: "CN=client.example.com,O=Example"}
    {user: "alice", password: "secret"}
  ]
}

websocket {
  host: 127.0.0.1
  port: @PORT4@
  tls {
    cert_file: "@DIR@/ec.crt"
    key_file: "@DIR@/ec.key"
  }
}
`

const natsTLS = `// the client TLS block
CERT: "@DIR@/ec.crt"
tls {
  cert_file: $CERT
  key_file: "@DIR@/ec.key"
  ca_file: "@DIR@/ec.crt"
  verify: true
  cipher_suites: [
    "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
    "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305"
  ]
  curve_preferences: ["CurveP256", "X25519"]
  timeout: 0.5
  pinned_certs: ["a0e1f1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e"]
}
`

func natsTest(t *testing.T, conf string) (string, bool) {
	t.Helper()
	bin := scantest.Binary(t, "nats-server")
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var out bytes.Buffer
	cmd := exec.CommandContext(ctx, bin, "-c", conf, "-t")
	cmd.Dir = filepath.Dir(conf)
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	return out.String(), err == nil
}

func natsSetup(t *testing.T) (dir, conf string, ports []int) {
	dir = t.TempDir()
	writeCerts(t, dir)
	ports = []int{freePort(t), freePort(t), freePort(t), freePort(t), freePort(t)}
	conf = writeFile(t, dir, "nats.conf", expand(natsMain, dir, ports...))
	writeFile(t, dir, "tls.conf", expand(natsTLS, dir, ports...))
	return dir, conf, ports
}

func TestNATSAcceptedByNATSServer(t *testing.T) {
	t.Parallel()
	dir, conf, ports := natsSetup(t)
	if out, ok := natsTest(t, conf); !ok {
		t.Fatalf("nats-server -t refused the configuration:\n%s", out)
	}
	data, _ := os.ReadFile(conf)
	eq(t, "Detect", Detect(data, conf), NATS)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, NATS)
	noProblems(t, c)
	tlsConf := filepath.Join(dir, "tls.conf")
	eqList(t, "Files", c.Files, []string{conf, tlsConf})

	cl := listener(t, c, "nats client port "+strconv.Itoa(ports[0]))
	eq(t, "client.TLS", cl.TLS, true)
	eq(t, "client.Address", cl.Address, "127.0.0.1")
	eqList(t, "client.Cert (a variable)", values(cl.Cert), []string{filepath.Join(dir, "ec.crt")})
	eq(t, "client.Cert.Where", cl.Cert[0].Where.String(), tlsConf+":4")
	eq(t, "client.Verify", cl.Verify, VerifyRequired)
	eq(t, "client.Ciphers", cl.Ciphers.Value, "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256:TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305")
	eq(t, "client.Curves", cl.Curves.Value, "CurveP256:X25519")
	eq(t, "client.Timeout", cl.Timeout.Value, "0.5")
	eq(t, "client.PinnedCerts", len(cl.PinnedCerts), 1)

	cluster := listener(t, c, "nats cluster c1")
	eq(t, "cluster.Port", cluster.Port, ports[1])
	eq(t, "cluster.Where", cluster.Where.String(), conf+":8")
	eqList(t, "cluster.Hosts", cluster.Hosts, []string{"node2.example.com", "10.0.0.3"})
	eq(t, "cluster.VerifyCertAndCheckKnownURLs", cluster.VerifyCertAndCheckKnownURLs, true)
	eq(t, "cluster.Timeout", cluster.Timeout.Value, "2")
	eq(t, "cluster.Directives", cluster.Directives["cluster.tls.timeout"][0].Where.Line, 19)

	gw := listener(t, c, "nats gateway g1")
	eq(t, "gateway.Verify", gw.Verify, VerifyRequired)
	eqList(t, "gateway.Cert", values(gw.Cert), []string{filepath.Join(dir, "rsa.crt")})
	g2 := listener(t, c, "nats gateway remote g2")
	eq(t, "g2.Outgoing", g2.Outgoing, true)
	eqList(t, "g2.Hosts", g2.Hosts, []string{"gw2.example.com"})
	eqList(t, "g2.CA", values(g2.CA), []string{filepath.Join(dir, "ec.crt")})

	leaf := listener(t, c, "nats leafnode")
	eq(t, "leaf.Port", leaf.Port, ports[3])
	eq(t, "leaf.Verify", leaf.Verify, VerifyNone)
	remote := listener(t, c, "nats leafnode remote 0")
	eq(t, "remote.Insecure", remote.Insecure, true)
	eqList(t, "remote.Hosts", remote.Hosts, []string{"hub.example.com"})

	eq(t, "Users", len(c.Users), 2)
	eq(t, "Users[0]", c.Users[0].Value, "CN=client.example.com,O=Example")
	eq(t, "Users[0].Directive", c.Users[0].Directive, "authorization.users.user")

	ws := listener(t, c, "nats websocket")
	eq(t, "ws.Port", ws.Port, ports[4])
	eq(t, "ws.TLS", ws.TLS, true)
}

// The broken siblings: nats-server refuses them and we say where.
func TestNATSErrorsMatchNATSServer(t *testing.T) {
	t.Parallel()
	for name, tc := range map[string]struct {
		tls  string
		line int
		kind ProblemKind
	}{
		"unclosed map":     {"tls {\n  cert_file: \"x\"\n", 3, ProblemSyntax},
		"unknown variable": {"tls {\n  cert_file: $NOPE_TLSCHECK_UNSET\n}\n", 2, ProblemVariable},
		"bad value":        {"tls {\n  timeout: 1\n  verify: [true\n}\n", 0, ProblemSyntax},
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			dir, conf, _ := natsSetup(t)
			bad := writeFile(t, dir, "tls.conf", tc.tls)
			out, ok := natsTest(t, conf)
			if ok {
				t.Fatalf("nats-server accepted the broken configuration")
			}
			c := mustLoad(t, conf, NATS)
			p := findProblem(t, c, tc.kind)
			eq(t, "file (nats-server: "+out+")", p.Where.File, bad)
			if tc.line > 0 {
				eq(t, "line (nats-server: "+out+")", p.Where.Line, tc.line)
			}
			if m := regexp.MustCompile(`line (\d+)`).FindStringSubmatch(out); m != nil {
				eq(t, "line as nats-server says", strconv.Itoa(p.Where.Line), m[1])
			}
		})
	}
}

func TestNATSIncludeLoop(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "nats.conf", "port: 4222\ninclude \"a.conf\"\n")
	writeFile(t, dir, "a.conf", "# a\ninclude b.conf\n")
	writeFile(t, dir, "b.conf", "include 'a.conf'\n")
	c := loadWithin(t, conf, NATS)
	p := findProblem(t, c, ProblemIncludeLoop)
	eq(t, "loop at", p.Where.String(), filepath.Join(dir, "b.conf")+":1")
	eqList(t, "Files", c.Files, []string{conf, filepath.Join(dir, "a.conf"), filepath.Join(dir, "b.conf")})
}

// min_version is newer than the nats-server Debian ships, so parse only.
func TestNATSMinVersion(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "nats.conf", "listen: 127.0.0.1:4333\ntls {\n  cert_file: c.pem\n  key_file: k.pem\n  min_version: \"1.3\"\n}\n")
	c := mustLoad(t, conf, NATS)
	noProblems(t, c)
	l := c.Listeners[0]
	eq(t, "Port", l.Port, 4333)
	eq(t, "Protocols", l.Protocols.Value, "1.3")
	eq(t, "Protocols.Directive", l.Protocols.Directive, "tls.min_version")
	eq(t, "relative cert_file", l.Cert[0].Value, filepath.Join(dir, "c.pem"))
}

func TestNATSWebsocketNoTLS(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "nats.conf", "websocket {\n  port: 8080\n  no_tls: true\n}\naccounts {\n  A { users: [{user: a}] }\n}\n")
	c := mustLoad(t, conf, NATS)
	noProblems(t, c)
	ws := listener(t, c, "nats websocket")
	eq(t, "TLS", ws.TLS, false)
	eq(t, "Port", ws.Port, 8080)
	eq(t, "account user", c.Users[0].Directive, "accounts.A.users.user")
}
