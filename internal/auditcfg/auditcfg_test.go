package auditcfg

import (
	"errors"
	"strings"
	"testing"
)

const good = `# a fleet
defaults:
  ca: root.pem
  warn_days: 21
  labels: {env: prod}
targets:
  - url: https://a.example:443
    servername: www.a.example
    labels: {team: web}
  - url: mqtts://broker:8883
    scan: true
    policy: mozilla-intermediate
    warn_days: 7
    ca: [other.pem, extra.pem]
  - files: [/etc/ssl/a.pem, /etc/ssl/a.key]
    host: a.example
`

func TestParse(t *testing.T) {
	cfg, err := Parse("audit.yaml", []byte(good))
	if err != nil {
		t.Fatal(err)
	}
	if len(cfg.Targets) != 3 {
		t.Fatalf("%d targets", len(cfg.Targets))
	}
	a, b, c := cfg.Targets[0], cfg.Targets[1], cfg.Targets[2]
	if a.URL != "https://a.example:443" || a.ServerName != "www.a.example" || strings.Join(a.CA, ",") != "root.pem" ||
		*a.WarnDays != 21 || LabelString(a.Labels) != "env=prod,team=web" || a.Line != 7 {
		t.Errorf("first target %+v", a)
	}
	if !*b.Scan || b.Policy != "mozilla-intermediate" || *b.WarnDays != 7 || strings.Join(b.CA, ",") != "other.pem,extra.pem" || b.LineOf("warn_days") != 13 {
		t.Errorf("second target %+v", b)
	}
	if strings.Join(c.Files, ",") != "/etc/ssl/a.pem,/etc/ssl/a.key" || strings.Join(c.Host, ",") != "a.example" || c.Scan != nil || c.Name() != "/etc/ssl/a.pem,/etc/ssl/a.key" {
		t.Errorf("third target %+v", c)
	}
}

func TestParseErrors(t *testing.T) {
	for _, tc := range []struct {
		yaml string
		line int
		msg  string
	}{
		{"targets:\n  - url: a:443\n    servre: x\n", 3, "unknown field \"servre\""},
		{"defaults:\n  warn_days: soon\n", 2, "int"},
		{"targets:\n  - url: a:443\n  - servername: x\n", 3, "neither url nor files"},
		{"targets:\n  - url: a:443\n    files: [x]\n", 2, "both url and files"},
		{"targets:\n  - url: a:443\n    warn_days: -1\n", 3, "0 or more"},
		{"targets:\n  - files: [a]\n    scan: true\n", 3, "needs a url"},
		{"targets:\n  - url: [a\n", 2, ""},
		{"targets:\n  - url: a:443\n    ca: {x: 1}\n", 3, "string"},
	} {
		_, err := Parse("audit.yaml", []byte(tc.yaml))
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%q: %v, want an *Error", tc.yaml, err)
			continue
		}
		if e.Line != tc.line || !strings.Contains(e.Msg, tc.msg) || !strings.HasPrefix(e.Error(), "audit.yaml:") {
			t.Errorf("%q: %q (line %d), want line %d and %q", tc.yaml, e.Error(), e.Line, tc.line, tc.msg)
		}
		// The kind, not the wording, tells a caller it was a misspelt key.
		if unknown := strings.Contains(tc.msg, "unknown field"); (e.Kind == ErrUnknownField) != unknown {
			t.Errorf("%q: kind %v, want unknown-field %v", tc.yaml, e.Kind, unknown)
		}
	}
}
