package serverconf

import (
	"path/filepath"
	"testing"
)

// The Crossbar.io guide's TLS endpoint (its cipher string still allows 3DES
// and RSA key exchange), with chain and CA certificates and a websocket url.
const crossbarJSON = `{
    "version": 2,
    "controller": {},
    "workers": [
        {
            "type": "router",
            "realms": [{"name": "realm1", "roles": []}],
            "transports": [
                {
                    "type": "web",
                    "endpoint": {
                        "type": "tcp",
                        "port": 443,
                        "interface": "127.0.0.1",
                        "tls": {
                            "key": "server_key.pem",
                            "certificate": "server_cert.pem",
                            "chain_certificates": ["intermediate_cert.pem"],
                            "ca_certificates": ["ca_cert.pem", "/etc/ssl/other_ca.pem"],
                            "dhparam": "dhparam.pem",
                            "ciphers": "ECDH+AESGCM:DH+AESGCM:ECDH+AES256:DH+AES256:ECDH+AES128:DH+AES:ECDH+3DES:DH+3DES:RSA+AES:RSA+3DES:!ADH:!AECDH:!MD5:!DSS"
                        }
                    },
                    "paths": {
                        "/": {"type": "static", "directory": "../web"},
                        "ws": {"type": "websocket", "url": "wss://example.com/ws"}
                    }
                },
                {
                    "type": "rawsocket",
                    "endpoint": {"type": "tcp", "port": 8080}
                }
            ]
        }
    ]
}
`

const crossbarYAML = `version: 2
controller: {}
workers:
- type: router
  transports:
  - type: websocket
    url: wss://router.example.org:8443
    endpoint:
      type: tcp
      port: 8443
      tls:
        key: keys/server.key
        certificate: keys/server.crt
        dhparam: keys/dhparam.pem
        ciphers: ECDHE-RSA-AES128-GCM-SHA256
`

func TestCrossbarJSON(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".crossbar")
	conf := writeFile(t, dir, "config.json", crossbarJSON)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, Crossbar)
	noProblems(t, c)
	if len(c.Listeners) != 2 {
		t.Fatalf("got %d listeners", len(c.Listeners))
	}
	l := c.Listeners[0]
	eq(t, "Name", l.Name, "crossbar worker 0 (router) transport 0 (web) port 443")
	eq(t, "TLS", l.TLS, true)
	eq(t, "Address", l.Address, "127.0.0.1")
	eq(t, "Port", l.Port, 443)
	eq(t, "Where", l.Where.String(), conf+":9")
	eqList(t, "Key", values(l.Key), []string{filepath.Join(dir, "server_key.pem")})
	eq(t, "Key.Where", l.Key[0].Where.Line, 16)
	eqList(t, "Cert", values(l.Cert), []string{filepath.Join(dir, "server_cert.pem")})
	eqList(t, "Chain", values(l.Chain), []string{filepath.Join(dir, "intermediate_cert.pem")})
	eqList(t, "CA", values(l.CA), []string{filepath.Join(dir, "ca_cert.pem"), "/etc/ssl/other_ca.pem"})
	eqList(t, "DHParam", values(l.DHParam), []string{filepath.Join(dir, "dhparam.pem")})
	eq(t, "Ciphers.Where", l.Ciphers.Where.Line, 21)
	eq(t, "Verify", l.Verify, VerifyRequired)
	eqList(t, "Hosts", l.Hosts, []string{"example.com"})
	eq(t, "rawsocket TLS", c.Listeners[1].TLS, false)
	eq(t, "rawsocket Port", c.Listeners[1].Port, 8080)
}

func TestCrossbarYAML(t *testing.T) {
	dir := filepath.Join(t.TempDir(), ".crossbar")
	conf := writeFile(t, dir, "config.yaml", crossbarYAML)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, Crossbar)
	noProblems(t, c)
	l := c.Listeners[0]
	eq(t, "TLS", l.TLS, true)
	eq(t, "Port", l.Port, 8443)
	eqList(t, "Hosts", l.Hosts, []string{"router.example.org"})
	eqList(t, "Cert", values(l.Cert), []string{filepath.Join(dir, "keys/server.crt")})
	eq(t, "Cert.Where", l.Cert[0].Where.String(), conf+":13")
	eq(t, "Ciphers", l.Ciphers.Value, "ECDHE-RSA-AES128-GCM-SHA256")
	eq(t, "Verify", l.Verify, VerifyNone)
}

func TestCrossbarSyntaxError(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "config.yaml", "workers:\n- type: router\n  transports: [\n    {type: web\n")
	c := mustLoad(t, conf, Crossbar)
	p := findProblem(t, c, ProblemSyntax)
	eq(t, "file", p.Where.File, conf)
	if p.Where.Line < 3 {
		t.Errorf("line = %d, want the unclosed flow sequence (3 or later)", p.Where.Line)
	}
	conf = writeFile(t, dir, "config.json", "{\"workers\": [\n  {\"type\": \"router\",,}\n]}\n")
	c = mustLoad(t, conf, Crossbar)
	eq(t, "json error line", findProblem(t, c, ProblemSyntax).Where.Line, 2)
}

// EMQX's documented SSL listener block, nested.
const emqxNested = `## emqx.conf
node {
  name = "emqx@127.0.0.1"
  cookie = "emqxsecretcookie"
}

listeners.ssl.default {
  bind = "0.0.0.0:8883"
  max_connections = 512000
  ssl_options {
    # one-way or two-way authentication
    cacertfile = "etc/certs/cacert.pem"
    certfile = "${EMQX_ETC_DIR}/certs/cert.pem"
    keyfile = "etc/certs/key.pem"
    verify = verify_peer
    fail_if_no_peer_cert = true
    versions = ["tlsv1.3", "tlsv1.2"]
    ciphers = "TLS_AES_256_GCM_SHA384,ECDHE-RSA-AES256-GCM-SHA384" // OpenSSL names
  }
}

listeners.tcp.default { bind = "0.0.0.0:1883" }
`

// The same listener in the dotted form, plus a second one.
const emqxDotted = `listeners.ssl.default.bind = "0.0.0.0:8883"
listeners.ssl.default.ssl_options.cacertfile = "etc/certs/cacert.pem"
listeners.ssl.default.ssl_options.certfile = "etc/certs/cert.pem"
listeners.ssl.default.ssl_options.keyfile = "etc/certs/key.pem"
listeners.ssl.default.ssl_options.verify = verify_peer
listeners.ssl.default.ssl_options.fail_if_no_peer_cert = false
listeners.ssl.default.ssl_options.versions = [tlsv1.2]
listeners.ssl.internal {
  bind = "127.0.0.1:8884"
  ssl_options.certfile = "${CERT_PATH}"
  ssl_options.password = "secret"
}
`

func TestEMQXNested(t *testing.T) {
	root := t.TempDir()
	conf := writeFile(t, root, "etc/emqx.conf", emqxNested)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, EMQX)
	noProblems(t, c)
	if len(c.Listeners) != 2 {
		t.Fatalf("got %d listeners: %+v", len(c.Listeners), c.Listeners)
	}
	l := listener(t, c, "emqx listeners.ssl.default")
	eq(t, "Where", l.Where.String(), conf+":7")
	eq(t, "TLS", l.TLS, true)
	eq(t, "Port", l.Port, 8883)
	eq(t, "Address", l.Address, "")
	eqList(t, "CA (relative to the EMQX root)", values(l.CA), []string{filepath.Join(root, "etc/certs/cacert.pem")})
	eqList(t, "Cert (EMQX_ETC_DIR)", values(l.Cert), []string{filepath.Join(root, "etc/certs/cert.pem")})
	eq(t, "Key.Where", l.Key[0].Where.Line, 14)
	eq(t, "Verify", l.Verify, VerifyRequired)
	eq(t, "Protocols", l.Protocols.Value, "tlsv1.3 tlsv1.2")
	eqList(t, "Ciphers.Args", l.Ciphers.Args, []string{"TLS_AES_256_GCM_SHA384", "ECDHE-RSA-AES256-GCM-SHA384"})
	tcp := listener(t, c, "emqx listeners.tcp.default")
	eq(t, "tcp.TLS", tcp.TLS, false)
	eq(t, "tcp.Port", tcp.Port, 1883)
}

func TestEMQXDotted(t *testing.T) {
	root := t.TempDir()
	conf := writeFile(t, root, "etc/emqx.conf", emqxDotted)
	c := mustLoad(t, conf, Unknown)
	eq(t, "Type", c.Type, EMQX)
	l := listener(t, c, "emqx listeners.ssl.default")
	eq(t, "Where", l.Where.String(), conf+":1")
	eq(t, "Port", l.Port, 8883)
	eqList(t, "Key", values(l.Key), []string{filepath.Join(root, "etc/certs/key.pem")})
	eq(t, "Key.Where", l.Key[0].Where.Line, 4)
	eq(t, "Verify (no fail_if_no_peer_cert)", l.Verify, VerifyOptional)
	eq(t, "Protocols", l.Protocols.Value, "tlsv1.2")
	in := listener(t, c, "emqx listeners.ssl.internal")
	eq(t, "internal.Address", in.Address, "127.0.0.1")
	eq(t, "internal.Cert.Dynamic", in.Cert[0].Dynamic, true)
	eq(t, "internal.KeyPassword", in.KeyPassword.Value, "secret")
	eq(t, "variable noted", findProblem(t, c, ProblemVariable).Where.Line, 10)
}

func TestEMQXSyntaxErrorAndIncludeLoop(t *testing.T) {
	dir := t.TempDir()
	conf := writeFile(t, dir, "emqx.conf", "listeners.ssl.default {\n  bind = \"0.0.0.0:8883\"\n  ssl_options {\n    certfile = \"a.pem\"\n  }\n")
	c := mustLoad(t, conf, EMQX)
	p := findProblem(t, c, ProblemSyntax)
	eq(t, "unclosed object", p.Where.String(), conf+":6")

	conf = writeFile(t, dir, "loop.conf", "include \"other.conf\"\nlisteners.ssl.a.bind = 8883\n")
	other := writeFile(t, dir, "other.conf", "// back\ninclude \"loop.conf\"\n")
	c = mustLoad(t, conf, EMQX)
	eq(t, "loop", findProblem(t, c, ProblemIncludeLoop).Where.String(), other+":2")
	eq(t, "listener kept", c.Listeners[0].Port, 8883)
}
