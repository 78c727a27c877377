package scanrule

import (
	"crypto/tls"
	"os/exec"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks/checktest"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

func TestOf(t *testing.T) {
	for _, tc := range []struct {
		conn *facts.Connection
		want Software
	}{
		{nil, Web},
		{&facts.Connection{Scheme: facts.SchemeHTTPS, Port: 443}, Web},
		{&facts.Connection{Scheme: facts.SchemeWSS, Port: 8080}, Crossbar},
		{&facts.Connection{Scheme: facts.SchemeMQTTS, Port: 8884}, Mosquitto},
		{&facts.Connection{Port: 8883}, Mosquitto},
		{&facts.Connection{Scheme: facts.SchemeNATS, Port: 4443}, NATS},
		{&facts.Connection{Port: 7422, NATS: &facts.NATSInfo{}}, NATS}, // a NATS INFO on a leaf-node port
	} {
		if got := Of(&facts.Facts{Connection: tc.conn}); got != tc.want {
			t.Errorf("%+v: got %d, want %d", tc.conn, got, tc.want)
		}
	}
}

func TestLabel(t *testing.T) {
	for _, tc := range []struct {
		a    facts.AcceptedSuite
		want string
	}{
		{facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0xC02F}, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (ECDHE-RSA-AES128-GCM-SHA256)"},
		{facts.AcceptedSuite{Version: facts.VersionTLS13, ID: 0x1301}, "TLS_AES_128_GCM_SHA256"}, // OpenSSL uses the IANA name
		{facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: 0x010080}, "SSL_CK_RC4_128_WITH_MD5 (RC4-MD5)"},
		{facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: 0x123456}, "SSL 2.0 kind 0x123456"},
		{facts.AcceptedSuite{Version: facts.VersionTLS12, ID: 0x0A0A}, "0x0A0A"}, // a GREASE value
	} {
		if got := Label(tc.a); got != tc.want {
			t.Errorf("Label(%+v) = %q, want %q", tc.a, got, tc.want)
		}
	}
}

// TestKeep: the server's own suites survive in its order, newest version
// first and each once, without weak, static-kx or anonymous ones.
func TestKeep(t *testing.T) {
	s := &facts.Scan{Ciphers: []facts.AcceptedSuite{
		{Version: facts.VersionTLS10, ID: 0xC013}, // ECDHE-RSA-AES128-SHA
		{Version: facts.VersionTLS10, ID: 0x0005}, // RC4-SHA: weak
		{Version: facts.VersionTLS12, ID: 0xC030}, // ECDHE-RSA-AES256-GCM-SHA384
		{Version: facts.VersionTLS12, ID: 0x009C}, // AES128-GCM-SHA256: static RSA
		{Version: facts.VersionTLS12, ID: 0xC013},
		{Version: facts.VersionTLS12, ID: 0x0034}, // ADH-AES128-SHA: anonymous
		{Version: facts.VersionTLS13, ID: 0x1301}, // TLS 1.3: configured apart
	}}
	if got := OpenSSLString(Keep(s, nil)); got != "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-SHA" {
		t.Errorf("Keep: %q", got)
	}
	if got := GoNames(Keep(s, nil)); got != `"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"` {
		t.Errorf("GoNames: %s", got)
	}
}

// TestRecommendedIsValid: OpenSSL knows every name of the recommended list,
// and crypto/tls (NATS) every Go name the fixes give for it.
func TestRecommendedIsValid(t *testing.T) {
	checktest.NeedTools(t, "openssl")
	out, err := exec.Command("openssl", "ciphers", "-s", "-tls1_2", OpenSSLString(nil)).CombinedOutput()
	if err != nil {
		t.Fatalf("openssl ciphers: %v\n%s", err, out)
	}
	got := strings.Split(strings.TrimSpace(string(out)), ":")
	if len(got) != len(Recommended) {
		t.Errorf("openssl knows %d of %d: %s", len(got), len(Recommended), out)
	}
	known := map[string]bool{}
	for _, cs := range tls.CipherSuites() {
		known[cs.Name] = true
	}
	names := strings.Split(GoNames(nil), ", ")
	if len(names) != len(Recommended) {
		t.Errorf("Go names %v", names)
	}
	for _, n := range names {
		if !known[strings.Trim(n, `"`)] {
			t.Errorf("crypto/tls has no suite %s", n)
		}
	}
}

func TestUntestedReason(t *testing.T) {
	s := &facts.Scan{Untested: []facts.Untested{{What: "TLS 1.0", Reason: "timed out"}, {What: "TLS 1.0 suites", Reason: "reset"}}}
	if got := UntestedReason(s, "default", "TLS 1.0 suites"); got != "reset" {
		t.Errorf("got %q", got)
	}
	if got := UntestedReason(s, "default", "TLS 1.1"); got != "default" {
		t.Errorf("got %q", got)
	}
}

// TestCiphersFixLongList: past maxKeep suites the fix keeps the AEAD ones.
func TestCiphersFixLongList(t *testing.T) {
	var keep []suites.Suite
	for _, n := range []string{"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-SHA", "ECDHE-RSA-AES256-SHA", "ECDHE-RSA-AES128-SHA256",
		"ECDHE-RSA-AES256-SHA384", "DHE-RSA-AES128-SHA", "DHE-RSA-AES256-SHA", "DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256",
		"ECDHE-RSA-CAMELLIA128-SHA256", "ECDHE-RSA-CHACHA20-POLY1305"} {
		s, ok := suites.ByOpenSSLName(n)
		if !ok {
			t.Fatalf("no suite %s", n)
		}
		keep = append(keep, s)
	}
	if got := CiphersFix(Web, keep); !strings.Contains(got, "`ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305;`") {
		t.Errorf("11 suites: %s", got)
	}
	if got := CiphersFix(Mosquitto, keep[:10]); !strings.Contains(got, "`ciphers ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-SHA:") {
		t.Errorf("10 suites are spelt out: %s", got)
	}
}
