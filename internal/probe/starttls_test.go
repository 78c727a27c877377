package probe

import (
	"strconv"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe/probetest"
)

// starttlsCases holds one case per entry of starttlsProtocols: a server of
// the protocol (refuse: one that declines to start TLS) and the greeting it
// sends unasked, "" when the protocol waits for the client.
var starttlsCases = map[facts.StartTLSProtocol]struct {
	greeting string
	server   func(t *testing.T, refuse bool) *probetest.Server
}{
	"smtp":     {"220 mail.example ESMTP Postfix\r\n", fakeStartTLS("smtp")},
	"imap":     {"* OK [CAPABILITY IMAP4rev1] Dovecot ready.\r\n", fakeStartTLS("imap")},
	"pop3":     {"+OK POP3 ready\r\n", fakeStartTLS("pop3")},
	"ftp":      {"220 ProFTPD Server (ftp.example)\r\n", fakeStartTLS("ftp")},
	"xmpp":     {"", fakeStartTLS("xmpp")},
	"ldap":     {"", fakeStartTLS("ldap")},
	"postgres": {"", fakeStartTLS("postgres")},
	"mysql":    {"", fakeStartTLS("mysql")},
	"nats": {`INFO {"server_id":"X","version":"2.10.0","tls_required":true}` + "\r\n",
		func(t *testing.T, refuse bool) *probetest.Server {
			return probetest.NATS(t, probetest.NATSOptions{TLSRequired: !refuse})
		}},
}

func fakeStartTLS(proto string) func(t *testing.T, refuse bool) *probetest.Server {
	return func(t *testing.T, refuse bool) *probetest.Server {
		return probetest.StartTLS(t, proto, probetest.TLSOptions{}, refuse)
	}
}

// TestStartTLSTable walks starttlsProtocols: each entry is selected by its
// schemes and --starttls names, recognises its own greeting and no other's,
// and its preamble reaches TLS with a server of the protocol and stops at
// the preamble stage with one that declines.
func TestStartTLSTable(t *testing.T) {
	t.Parallel()
	if len(starttlsProtocols) != len(starttlsCases) {
		t.Errorf("%d protocols, %d test cases", len(starttlsProtocols), len(starttlsCases))
	}
	for _, p := range starttlsProtocols {
		t.Run(string(p.name), func(t *testing.T) {
			tc, ok := starttlsCases[p.name]
			if !ok {
				t.Fatalf("no test case for %s in starttlsCases", p.name)
			}
			if p.preamble == nil || len(p.schemes) == 0 {
				t.Fatalf("%s: no preamble or no scheme", p.name)
			}
			for scheme, port := range p.schemes {
				got, err := ParseTarget(string(scheme)+"://host.example", "")
				if err != nil || got.StartTLS != p.name || got.Port != port {
					t.Errorf("%s://: starttls %q port %d (%v), want %s %d", scheme, got.StartTLS, got.Port, err, p.name, port)
				}
			}
			for _, name := range append([]string{string(p.name)}, p.aliases...) {
				got, err := ParseTarget("host.example:1234", name)
				if err != nil || got.StartTLS != p.name {
					t.Errorf("--starttls %s: %q (%v), want %s", name, got.StartTLS, err, p.name)
				}
			}

			if (p.banner != nil) != (tc.greeting != "") {
				t.Errorf("banner recogniser %v, test greeting %q", p.banner != nil, tc.greeting)
			}
			if tc.greeting != "" {
				if p.plaintext == "" {
					t.Errorf("a banner without a plaintext kind")
				}
				pt, nats := classifyPlaintext([]byte(tc.greeting))
				if pt == nil || pt.Kind != p.plaintext || pt.First == "" {
					t.Errorf("greeting %q classified %+v, want %s", tc.greeting, pt, p.plaintext)
				}
				if (nats != nil) != (p.natsInfo != nil) {
					t.Errorf("greeting %q: NATS info %+v", tc.greeting, nats)
				}
				for _, other := range starttlsProtocols {
					if other.name != p.name && other.banner != nil && other.banner([]byte(tc.greeting)) {
						t.Errorf("greeting %q is also recognised as %s", tc.greeting, other.name)
					}
				}
			}

			s := tc.server(t, false)
			f, c := run(t, string(p.name)+"://127.0.0.1:"+strconv.Itoa(s.Port), nil)
			wantDone(t, c)
			if c.StartTLS != p.name || len(f.Certs) == 0 || len(c.Preamble) == 0 || c.Timings.Preamble <= 0 {
				t.Errorf("starttls %q certs %d preamble %v (%v ms)", c.StartTLS, len(f.Certs), c.Preamble, c.Timings.Preamble)
			}
			s.Close()

			s = tc.server(t, true)
			_, c = run(t, "127.0.0.1:"+strconv.Itoa(s.Port), func(cfg *Config) { cfg.StartTLS = string(p.name) })
			if c.StartTLS != p.name {
				t.Errorf("--starttls %s not applied: %q", p.name, c.StartTLS)
			}
			if c.Failure == nil || c.Failure.Stage != facts.StagePreamble || c.Stage != facts.StagePreamble {
				t.Errorf("refusing server: failure %+v stage %q", c.Failure, c.Stage)
			}
			s.Close()
		})
	}
}

// TestNATSGreetingOffersTLS: a NATS INFO met where TLS was expected says
// whether the server announces TLS, in the typed INFO the checks read.
func TestNATSGreetingOffersTLS(t *testing.T) {
	t.Parallel()
	for greeting, want := range map[string]bool{
		`INFO {"server_id":"X","tls_required":true}` + "\r\n":               true,
		`INFO {"server_id":"X","tls_available":true}` + "\r\n":              true,
		`INFO {"server_id":"X","tls_required":false}` + "\r\n":              false,
		`INFO {"server_id":"X","max_payload":1048576}` + "\r\n":             false,
		`INFO {"server_id":"X","tls_required":"true"}` + "\r\n":             false, // not a JSON true
		`INFO {not json` + "\r\n":                                           false,
		`INFO {"comment":"\"tls_required\":true","server_id":"X"}` + "\r\n": false,
	} {
		pt, nats := classifyPlaintext([]byte(greeting))
		if pt == nil || pt.Kind != facts.PlaintextNATSInfo {
			t.Fatalf("%q classified %+v", greeting, pt)
		}
		if nats.OffersTLS() != want {
			t.Errorf("%q: OffersTLS %v, want %v (%+v)", greeting, nats.OffersTLS(), want, nats)
		}
	}
	_, nats := classifyPlaintext([]byte(`INFO {"server_id":"NX","server_name":"n1","version":"2.10.0","proto":1,"tls_required":true,"tls_verify":true,"auth_required":true,"max_payload":1048576}` + "\r\n"))
	want := facts.NATSInfo{ServerID: "NX", ServerName: "n1", Version: "2.10.0", TLSRequired: true, TLSVerify: true, AuthRequired: true, MaxPayload: 1048576}
	if nats == nil || *nats != want {
		t.Errorf("INFO read as %+v, want %+v", nats, want)
	}
}
