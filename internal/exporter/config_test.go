package exporter

import (
	"strings"
	"testing"
	"time"
)

func TestParseConfig(t *testing.T) {
	c, err := ParseConfig([]byte(`
modules:
  probe: {}
  private:
    prober: probe
    servername: broker.internal
    ca: /etc/tlscheck/ca.pem
    cert: client.p12
    starttls: NATS
    warn_days: 14
    timeout: 5s
  full:
    prober: scan
    policy: mozilla-intermediate
    ca: [a.pem, b.pem]
    max_connections: 4
  disk:
    prober: files
    files: [/etc/nginx/tls/]
    host: www.example.com
    warn_days: 0
`))
	if err != nil {
		t.Fatal(err)
	}
	p := c.Modules["private"]
	if p.Prober != ProberProbe || p.ServerName != "broker.internal" || len(p.CA) != 1 || p.StartTLS != "nats" ||
		p.warnDays() != 14 || p.Timeout != Duration(5*time.Second) {
		t.Errorf("private = %+v", p)
	}
	if c.Modules["probe"].Prober != ProberProbe || c.Modules["probe"].warnDays() != DefaultWarnDays {
		t.Errorf("probe = %+v", c.Modules["probe"])
	}
	if f := c.Modules["full"]; f.Prober != ProberScan || len(f.CA) != 2 || f.MaxConnections != 4 {
		t.Errorf("full = %+v", f)
	}
	if d := c.Modules["disk"]; d.Prober != ProberFiles || d.Host != "www.example.com" || d.warnDays() != 0 {
		t.Errorf("disk = %+v", d)
	}
}

// A mistake is an error that says what and where.
func TestParseConfigErrors(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"modules:\n  probe:\n    prober: probe\n    servrname: x\n", "[4:5] unknown field \"servrname\""},
		{"modules:\n  probe:\n    warn_days: soon\n", "[3:16]"},
		{"modules:\n  probe:\n    timeout: 5 minutes\n", "[3:14]"},
		{"module:\n  probe: {}\n", "[1:1] unknown field \"module\""},
		{"modules: {}\n", "no modules"},
		{"modules:\n  x:\n    prober: ping\n", `module "x": prober "ping"`},
		{"modules:\n  x:\n    prober: files\n", `module "x": prober files needs files`},
		{"modules:\n  x:\n    policy: mozilla-modern\n", "set prober: scan"},
		{"modules:\n  x:\n    prober: scan\n    policy: strict\n", `policy "strict"`},
		{"modules:\n  x:\n    files: [a.pem]\n", "belong to a files module"},
		{"modules:\n  x:\n    key: k.pem\n", "key without cert"},
		{"modules:\n  x:\n    warn_days: -1\n", "warn_days -1"},
	} {
		_, err := ParseConfig([]byte(tc.yaml))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want it to contain %q", tc.yaml, err, tc.want)
		}
	}
}

func TestDefaultConfig(t *testing.T) {
	c := DefaultConfig()
	if m := c.Modules[DefaultModule]; m == nil || m.Prober != ProberProbe {
		t.Errorf("default config %+v", c.Modules)
	}
}
