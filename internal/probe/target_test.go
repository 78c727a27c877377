package probe

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestParseTarget(t *testing.T) {
	t.Parallel()
	cases := []struct {
		in, starttls string
		want         Target
	}{
		{"example.com", "", Target{Host: "example.com", Port: 443}},
		{"example.com:8443", "", Target{Host: "example.com", Port: 8443}},
		{"[2001:db8::1]:8883", "", Target{Host: "2001:db8::1", Port: 8883}},
		{"2001:db8::1", "", Target{Host: "2001:db8::1", Port: 443}},
		{"[::1]", "", Target{Host: "::1", Port: 443}},
		{"192.0.2.7", "", Target{Host: "192.0.2.7", Port: 443}},
		{"https://example.com", "", Target{Scheme: "https", Host: "example.com", Port: 443}},
		{"wss://broker.example:8084/mqtt", "", Target{Scheme: "wss", Host: "broker.example", Port: 8084, Path: "/mqtt"}},
		{"mqtts://broker.example", "", Target{Scheme: "mqtts", Host: "broker.example", Port: 8883}},
		{"nats://[::1]", "", Target{Scheme: "nats", Host: "::1", Port: 4222, StartTLS: "nats"}},
		{"tls://db.example:5671", "", Target{Scheme: "tls", Host: "db.example", Port: 5671}},
		{"smtp://mail.example", "", Target{Scheme: "smtp", Host: "mail.example", Port: 25, StartTLS: "smtp"}},
		{"smtp://mail.example:587", "", Target{Scheme: "smtp", Host: "mail.example", Port: 587, StartTLS: "smtp"}},
		{"smtps://mail.example", "", Target{Scheme: "smtps", Host: "mail.example", Port: 465}},
		{"imap://mail.example", "", Target{Scheme: "imap", Host: "mail.example", Port: 143, StartTLS: "imap"}},
		{"imaps://mail.example", "", Target{Scheme: "imaps", Host: "mail.example", Port: 993}},
		{"pop3://mail.example", "", Target{Scheme: "pop3", Host: "mail.example", Port: 110, StartTLS: "pop3"}},
		{"pop3s://mail.example", "", Target{Scheme: "pop3s", Host: "mail.example", Port: 995}},
		{"ftp://files.example", "", Target{Scheme: "ftp", Host: "files.example", Port: 21, StartTLS: "ftp"}},
		{"xmpp://chat.example", "", Target{Scheme: "xmpp", Host: "chat.example", Port: 5222, StartTLS: "xmpp"}},
		{"ldap://dir.example", "", Target{Scheme: "ldap", Host: "dir.example", Port: 389, StartTLS: "ldap"}},
		{"ldaps://dir.example", "", Target{Scheme: "ldaps", Host: "dir.example", Port: 636}},
		{"postgres://db.example", "", Target{Scheme: "postgres", Host: "db.example", Port: 5432, StartTLS: "postgres"}},
		{"mysql://db.example", "", Target{Scheme: "mysql", Host: "db.example", Port: 3306, StartTLS: "mysql"}},
		{"mail.example:2525", "smtp", Target{Host: "mail.example", Port: 2525, StartTLS: "smtp"}},
		{"HTTPS://Example.com", "", Target{Scheme: "https", Host: "Example.com", Port: 443}},
		{"db.example:5433", "postgresql", Target{Host: "db.example", Port: 5433, StartTLS: "postgres"}},
	}
	for _, c := range cases {
		got, err := ParseTarget(c.in, c.starttls)
		if err != nil {
			t.Errorf("ParseTarget(%q, %q): %v", c.in, c.starttls, err)
			continue
		}
		want := c.want
		want.Raw = c.in
		if want.Path == "" {
			want.Path = "/"
		}
		if got != want {
			t.Errorf("ParseTarget(%q, %q) = %+v, want %+v", c.in, c.starttls, got, want)
		}
	}
}

func TestParseTargetErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ in, starttls, hint string }{
		{"http://example.com", "", "https://"},
		{"mqtt://broker", "", "mqtts://"},
		{"gopher://example.com", "", "unknown scheme"},
		{"tls://example.com", "", "needs a port"},
		{"example.com:0", "", "invalid port"},
		{"example.com:99999", "", "invalid port"},
		{"example.com:https", "", "invalid port"},
		{"2001:db8::1:443x", "", "brackets"},
		{"", "", "empty target"},
		{"example.com", "telnet", "unknown STARTTLS"},
		{"https://", "", "no host"},
	}
	for _, c := range cases {
		_, err := ParseTarget(c.in, c.starttls)
		if err == nil || !strings.Contains(err.Error(), c.hint) {
			t.Errorf("ParseTarget(%q, %q) error = %v, want one mentioning %q", c.in, c.starttls, err, c.hint)
		}
	}
}

func TestTargetAddress(t *testing.T) {
	t.Parallel()
	tg, err := ParseTarget("[::1]:8443", "")
	if err != nil {
		t.Fatal(err)
	}
	if tg.Address() != "[::1]:8443" || !tg.IsIP() {
		t.Errorf("Address = %q, IsIP = %v", tg.Address(), tg.IsIP())
	}
}

// TestNATSInfoExcerpt: a real INFO line puts tls_required after 200
// characters; the excerpt keeps the TLS flags so the diagnosis can tell a
// TLS-capable NATS server (probe it as nats://) from one without TLS.
func TestNATSInfoExcerpt(t *testing.T) {
	t.Parallel()
	long := `INFO {"server_id":"NBVIOYBVFNNPZAX4O5E4I2C4PDSU6DJY2Q4QEKJYMIBMVBGPMIBG42X4","server_name":"NBVIOYBVFNNPZAX4O5E4I2C4PDSU6DJY2Q4QEKJYMIBMVBGPMIBG42X4","version":"2.9.10","proto":1,"go":"go1.19.8","host":"127.0.0.1","port":14222,"headers":true,"tls_required":true,"max_payload":1048576}` + "\r\n"
	pt, _ := classifyPlaintext([]byte(long))
	if pt == nil || pt.Kind != facts.PlaintextNATSInfo || !strings.Contains(pt.First, `"tls_required":true`) {
		t.Fatalf("got %+v", pt)
	}
	plain, _ := classifyPlaintext([]byte(`INFO {"server_id":"X","version":"2.9.10","max_payload":1048576}` + "\r\n"))
	if plain == nil || strings.Contains(plain.First, "tls_required") {
		t.Fatalf("got %+v", plain)
	}
}

// TestRedactTarget: userinfo in a target is never repeated (issue 9, item 23).
func TestRedactTarget(t *testing.T) {
	t.Parallel()
	for in, want := range map[string]string{
		"https://u:secret@host/":          "https://redacted@host/",
		"https://secret@host:8443/p?q=1":  "https://redacted@host:8443/p?q=1",
		"mqtts://u:p@ss@broker:8883":      "mqtts://redacted@broker:8883",
		"u:secret@host:443":               "redacted@host:443",
		"https://host/path@x":             "https://host/path@x",
		"https://host:443/?user=a@b":      "https://host:443/?user=a@b",
		"example.com":                     "example.com",
		"https://u:secret@host%zz/":       "https://redacted@host%zz/",
		"nats://tok:secret@[::1]:4222/x@": "nats://redacted@[::1]:4222/x@",
	} {
		if got := RedactTarget(in); got != want {
			t.Errorf("RedactTarget(%q) = %q, want %q", in, got, want)
		}
	}
	for _, bad := range []string{"https://u:secret@host%zz/", "u:secret@host:443", "tls://u:secret@host", "https://u:secret@/"} {
		_, err := ParseTarget(bad, "")
		if err == nil || strings.Contains(err.Error(), "secret") {
			t.Errorf("ParseTarget(%q): %v, want an error without the password", bad, err)
		}
	}
}

// TestParseTargetBracket: a lone bracket is no host to look up (issue 9,
// item 24).
func TestParseTargetBracket(t *testing.T) {
	t.Parallel()
	for _, bad := range []string{"[", "]", "[:443", "https://[/", "a[b:443"} {
		if tg, err := ParseTarget(bad, ""); err == nil {
			t.Errorf("ParseTarget(%q) = %+v, want an error", bad, tg)
		}
	}
}
