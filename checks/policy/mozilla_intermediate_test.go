package policy

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

const intermediateID = "policy.mozilla-intermediate"

func judgeIntermediate(t *testing.T, s *facts.Scan, c *facts.Connection) map[Kind]checks.Finding {
	t.Helper()
	got, _ := judgeWith(t, intermediateID, "mozilla-intermediate", s, c)
	return kinds(got)
}

// An RSA-only server need not offer the ECDSA suites.
func TestIntermediateCompliant(t *testing.T) {
	if got, _ := judgeWith(t, intermediateID, "mozilla-intermediate", intermediateRSAServer(), nil); len(got) != 0 {
		t.Fatalf("intermediate RSA server: %+v", got)
	}
	s := modernServer() // TLS 1.2 missing
	if k := judgeIntermediate(t, s, nil); len(k) != 1 || k[MissingVersions].Evidence["observed"] != "TLS 1.2" {
		t.Errorf("TLS 1.3-only under intermediate: %+v", k)
	}
}

// The old server judged as intermediate.
func TestIntermediateOldServer(t *testing.T) {
	k := judgeIntermediate(t, oldServer(), nil)
	want := []Kind{ExtraVersions, ExtraSuites, SuiteOrder, DHSize}
	if len(k) != len(want) {
		t.Errorf("want %v, got %+v", want, k)
	}
	for _, w := range want {
		if _, ok := k[w]; !ok {
			t.Errorf("missing %s deviation", w)
		}
	}
	if got := k[ExtraVersions].Evidence["observed"]; got != "TLS 1.0, TLS 1.1" {
		t.Errorf("extra versions: %q", got)
	}
	if obs := k[ExtraSuites].Evidence["observed"]; !strings.Contains(obs, "DES-CBC3-SHA") || !strings.Contains(obs, "AES128-SHA") {
		t.Errorf("extra suites: %q", obs)
	}
	if d := k[DHSize]; d.Evidence["observed"] != "1024 bits" || !strings.Contains(d.Fix, "ssl_dhparam") {
		t.Errorf("DH: %+v", d)
	}
	if o := k[SuiteOrder]; !strings.Contains(o.Message, "imposes its own order") || !strings.Contains(o.Fix, "ssl_prefer_server_ciphers off;") {
		t.Errorf("order: %+v", o)
	}
}

func TestIntermediateMissingSuitesAndGroups(t *testing.T) {
	s := intermediateRSAServer()
	var kept []facts.AcceptedSuite
	chacha, _ := suites.ByOpenSSLName("ECDHE-RSA-CHACHA20-POLY1305")
	for _, a := range s.Ciphers {
		if a.ID != chacha.ID {
			kept = append(kept, a)
		}
	}
	s.Ciphers = kept
	s.Groups = []facts.GroupResult{{ID: 23, Bits: 256}, {ID: 24, Bits: 384}, {ID: 25, Bits: 521}, {ID: 0x11EC, Bits: 253}}
	nc := &facts.Connection{Target: "nats://n:4222", Scheme: facts.SchemeNATS, Host: "n", Port: 4222}
	k := judgeIntermediate(t, s, nc)
	if len(k) != 2 {
		t.Errorf("want missing suites and groups, got %+v", k)
	}
	m := k[MissingSuites]
	if m.Evidence["observed"] != "ECDHE-RSA-CHACHA20-POLY1305 (TLS 1.2)" ||
		!strings.Contains(m.Fix, "cipher_suites: [TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256") {
		t.Errorf("missing suites: %+v", m)
	}
	// secp521r1 is extra, x25519 missing; the ML-KEM hybrid is no deviation.
	g := k[Groups]
	if !strings.Contains(g.Message, "accepts secp521r1 and lacks x25519") || !strings.Contains(g.Fix, "curve_preferences: [X25519, CurveP256, CurveP384]") {
		t.Errorf("groups: %+v", g)
	}
}
