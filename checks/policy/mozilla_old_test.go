package policy

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

const oldID = "policy.mozilla-old"

// The old profile accepts 3DES, static RSA, CBC, TLS 1.0 and DH 1024.
func TestOldCompliant(t *testing.T) {
	if got, na := judgeWith(t, oldID, "mozilla-old", oldServer(), nil); len(got) != 0 || na != "" {
		t.Fatalf("old server: %+v %q", got, na)
	}
}

func TestOldDeviations(t *testing.T) {
	s := oldServer()
	s.ServerOrder[facts.VersionTLS12] = false // nginx ssl_prefer_server_ciphers off
	s.Versions[1].Offered = true              // SSL 3.0
	s.Versions[0].Offered = true              // SSL 2.0, with RC4-MD5
	s.Ciphers = append(s.Ciphers, facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: 0x010080})
	serve(s, "p256", 400) // beside the RSA chain
	got, _ := judgeWith(t, oldID, "mozilla-old", s, nil)
	k := kinds(got)
	if o := k[SuiteOrder]; !strings.Contains(o.Message, "TLS 1.2: the server follows the client's order") ||
		!strings.Contains(o.Fix, "ssl_prefer_server_ciphers on;") || !strings.Contains(o.Fix, "DES-CBC3-SHA;` in this order") {
		t.Errorf("order: %+v", o)
	}
	if v := k[ExtraVersions]; v.Evidence["observed"] != "SSL 2.0, SSL 3.0" {
		t.Errorf("SSL 2.0 and 3.0: %+v", v)
	}
	if x := k[ExtraSuites]; x.Evidence["observed"] != "RC4-MD5 (SSL 2.0)" {
		t.Errorf("SSL 2.0 suite: %+v", x)
	}
	if c := k[CertificateKey]; !strings.Contains(c.Message, "ECDSA P-256 key; the policy allows RSA keys only") ||
		!strings.Contains(c.Fix, "rsa_keygen_bits:2048") {
		t.Errorf("certificate: %+v", c)
	}
	if l := k[CertLifetime]; !strings.Contains(l.Message, "valid 400 days") {
		t.Errorf("lifetime: %+v", l)
	}
	// The old policy allows no ECDSA certificate, so it requires no ECDHE-ECDSA suite.
	if m, ok := k[MissingSuites]; ok {
		t.Errorf("missing suites: %+v", m)
	}
	if len(got) != 5 {
		t.Errorf("want 5 deviations, got %d: %+v", len(got), got)
	}
}

// Suites out of Mozilla's order, under server preference.
func TestOldOrder(t *testing.T) {
	s := oldServer()
	var v12 []int
	for i, a := range s.Ciphers {
		if a.Version == facts.VersionTLS12 {
			v12 = append(v12, i)
		}
	}
	first, last := v12[0], v12[len(v12)-1]
	s.Ciphers[first], s.Ciphers[last] = s.Ciphers[last], s.Ciphers[first] // 3DES first
	got, _ := judgeWith(t, oldID, "mozilla-old", s, nil)
	if k := kinds(got); len(got) != 1 || !strings.Contains(k[SuiteOrder].Message, "TLS 1.2: the server prefers DES-CBC3-SHA") {
		t.Errorf("order: %+v", got)
	}
}
