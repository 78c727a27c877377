package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

// configFixture writes an nginx configuration with one listener whose
// files are fine but whose settings are not (TLSv1, a static RSA suite).
func configFixture(t *testing.T) (dir, conf, ca string) {
	t.Helper()
	dir = t.TempDir()
	root := certgen.Root("CLI Config Root")
	leaf := certgen.Leaf("www.example.com", root)
	ca = writeFile(t, filepath.Join(dir, "ca.pem"), root.PEM(), 0o644)
	writeFile(t, filepath.Join(dir, "server.pem"), leaf.PEM(), 0o644)
	writeFile(t, filepath.Join(dir, "server.key"), leaf.KeyPEM(), 0o600)
	conf = writeFile(t, filepath.Join(dir, "nginx.conf"), []byte(`events {}
http {
  server {
    listen 443 ssl;
    server_name www.example.com;
    ssl_certificate server.pem;
    ssl_certificate_key server.key;
    ssl_protocols TLSv1 TLSv1.2;
  }
}
`), 0o644)
	return dir, conf, ca
}

func TestConfigCommandText(t *testing.T) {
	_, conf, ca := configFixture(t)
	r := tlscheck(t, "config", "--ca", ca, "--color", "never", conf)
	if r.code != exitOK {
		t.Fatalf("exit %d, want 0 (warnings only):\n%s", r.code, r)
	}
	for _, want := range []string{"nginx server_name www.example.com, listen 443 ssl:", "config.old-protocol", "configuration: 1 listener group(s)"} {
		if !strings.Contains(r.stdout, want) {
			t.Errorf("text report lacks %q:\n%s", want, r.stdout)
		}
	}
	if r := tlscheck(t, "config", "--ca", ca, "--fail-on", "warning", conf); r.code != exitFindings {
		t.Errorf("--fail-on warning: exit %d, want 1", r.code)
	}
}

func TestConfigCommandJSONAndSARIF(t *testing.T) {
	_, conf, ca := configFixture(t)
	r := tlscheck(t, "config", "--ca", ca, "--format", "json", conf)
	var rep struct {
		SchemaVersion int `json:"schema_version"`
		Targets       []struct {
			Target struct {
				Listener string `json:"listener"`
				Config   string `json:"config"`
			} `json:"target"`
			Findings []struct {
				ID       string         `json:"id"`
				Severity string         `json:"severity"`
				Evidence map[string]any `json:"evidence"`
			} `json:"findings"`
		} `json:"targets"`
		Summary map[string]int `json:"summary"`
	}
	if err := json.Unmarshal([]byte(r.stdout), &rep); err != nil {
		t.Fatalf("%v\n%s", err, r.stdout)
	}
	if rep.SchemaVersion != 1 || len(rep.Targets) != 1 || rep.Targets[0].Target.Listener != "nginx server_name www.example.com, listen 443 ssl" || rep.Targets[0].Target.Config != conf {
		t.Fatalf("report: %+v", rep)
	}
	var ids []string
	for _, f := range rep.Targets[0].Findings {
		ids = append(ids, f.ID+" "+f.Severity)
	}
	if !strings.Contains(strings.Join(ids, ","), "config.old-protocol warning") || rep.Summary["warning"] == 0 {
		t.Errorf("findings %v, summary %v", ids, rep.Summary)
	}

	r = tlscheck(t, "config", "--ca", ca, "--format", "sarif", conf)
	if !strings.Contains(r.stdout, `"ruleId": "config.old-protocol"`) || !strings.Contains(r.stdout, "nginx.conf") {
		t.Errorf("SARIF lacks the config finding at the file:\n%s", r.stdout)
	}
}

func TestConfigCommandCannotRun(t *testing.T) {
	dir, conf, _ := configFixture(t)
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"config"}, "no configuration file"},
		{[]string{"config", filepath.Join(dir, "nginx.cnf")}, "did you mean"},
		{[]string{"config", "--type", "ngnix", conf}, "did you mean nginx?"},
		{[]string{"config", "--policy", "emqx", conf}, "emqx-cloud"},
	} {
		r := tlscheck(t, c.args...)
		if r.code != exitCannot || !strings.Contains(r.stderr, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", c.args, r.code, r.stderr, c.want)
		}
	}
	// Content that is no known configuration: --type is the way out.
	odd := writeFile(t, filepath.Join(dir, "odd.txt"), []byte("hello\n"), 0o644)
	if r := tlscheck(t, "config", odd); r.code != exitCannot || !strings.Contains(r.stderr, "cannot tell the server type") ||
		!strings.Contains(r.stderr, "hint: give --type nginx|mosquitto|nats|crossbar|emqx") {
		t.Errorf("unknown type: %s", r)
	}
	// Any other failure says nothing of --type: a client certificate that is
	// no certificate is not a question of the configuration's type.
	bad := writeFile(t, filepath.Join(dir, "client.pem"), []byte("not a certificate\n"), 0o644)
	if r := tlscheck(t, "config", "--client-cert", bad, conf); r.code != exitCannot || !strings.Contains(r.stderr, "--client-cert") || strings.Contains(r.stderr, "give --type") {
		t.Errorf("bad --client-cert: %s", r)
	}
	if r := tlscheck(t, "help", "config"); r.code != exitOK || !strings.Contains(r.stdout, "tlscheck config [flags] FILE...") {
		t.Errorf("help config: %s", r)
	}
}

func TestFilesPolicyEMQXCloud(t *testing.T) {
	dir := t.TempDir()
	root := certgen.Root("EMQX CLI Root")
	leaf := certgen.Leaf("mqtt.example.com", root, certgen.KeyType("p256"))
	bundle := writeFile(t, filepath.Join(dir, "bundle.pem"), append(leaf.PEM(), root.PEM()...), 0o644)
	r := tlscheck(t, "files", "--policy", "emqx-cloud", "--format", "json", "--cert", bundle)
	rep := parseReport(t, r)
	if rep.severities()["policy.emqx-cloud"] != "error" || r.code != exitFindings {
		t.Errorf("policy.emqx-cloud: %v (exit %d)", rep.severities(), r.code)
	}
	if r := tlscheck(t, "files", "--policy", "mozilla-modern", bundle); r.code != exitCannot {
		t.Errorf("files --policy mozilla-modern: exit %d, want 2 (a scan policy)", r.code)
	}
}
