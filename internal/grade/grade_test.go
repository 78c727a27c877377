package grade

import (
	"crypto/x509"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

var everyVersion = []facts.TLSVersion{facts.VersionSSL20, facts.VersionSSL30, facts.VersionTLS10,
	facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13}

var tls13Suites = []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}

// server describes a scan by hand.
type server struct {
	suites  map[facts.TLSVersion][]string // OpenSSL names (IANA names for TLS 1.3)
	key     string                        // certgen key type of the leaf
	dhBits  int                           // of every DHE suite
	hsts    *string
	vulns   []facts.VulnID // tested and vulnerable
	clients []facts.ClientResult
	ssl2    []uint32 // SSL 2.0 cipher kinds accepted
}

func str(s string) *string { return &s }

func lookup(t *testing.T, name string) suites.Suite {
	if s, ok := suites.ByOpenSSLName(name); ok {
		return s
	}
	for _, s := range suites.All() {
		if s.Name == name {
			return s
		}
	}
	t.Fatalf("unknown suite %s", name)
	return suites.Suite{}
}

func (sv server) facts(t *testing.T) *facts.Facts {
	t.Helper()
	s := &facts.Scan{ServerOrder: map[facts.TLSVersion]bool{}}
	for _, v := range everyVersion {
		offered := len(sv.suites[v]) > 0 || v == facts.VersionSSL20 && len(sv.ssl2) > 0
		s.Versions = append(s.Versions, facts.VersionResult{Version: v, Offered: offered, Tested: true})
		if v == facts.VersionSSL20 {
			for _, k := range sv.ssl2 {
				s.Ciphers = append(s.Ciphers, facts.AcceptedSuite{Version: v, ID24: k})
			}
		}
		for _, name := range sv.suites[v] {
			st := lookup(t, name)
			a := facts.AcceptedSuite{Version: v, ID: st.ID, KeyType: st.KeyType}
			if st.Kx == "DHE" {
				a.DHBits = sv.dhBits
			}
			s.Ciphers = append(s.Ciphers, a)
		}
	}
	for _, id := range []uint16{29, 23, 24} {
		g, _ := suites.GroupByID(id)
		s.Groups = append(s.Groups, facts.GroupResult{ID: id, Bits: g.Bits})
	}
	root := certgen.Root("Grade Root", certgen.KeyType(sv.key))
	sig := x509.SHA256WithRSA
	if sv.key[0] == 'p' {
		sig = x509.ECDSAWithSHA256
	}
	leaf := certgen.Leaf("example.test", root, certgen.KeyType(sv.key), certgen.SigAlg(sig))
	s.Certs = []facts.ServedChain{{KeyType: "RSA", Raw: [][]byte{leaf.DER, root.DER}}}
	yes, none := true, uint8(0)
	s.Features.SecureRenegotiation, s.Features.Compression, s.Features.HSTS = &yes, &none, sv.hsts
	for _, id := range []facts.VulnID{facts.VulnHeartbleed, facts.VulnCCSInjection, facts.VulnROBOT, facts.VulnRenegotiation} {
		r := facts.VulnResult{ID: id, Tested: true}
		for _, v := range sv.vulns {
			r.Vulnerable = r.Vulnerable || v == id
		}
		s.Vulns = append(s.Vulns, r)
	}
	s.Clients = sv.clients
	return &facts.Facts{Now: certgen.Epoch, Scan: s}
}

// modern: TLS 1.2 with ECDHE-ECDSA AEAD suites and TLS 1.3, an ECDSA
// P-256 key, X25519/P-256/P-384, HSTS for two years.
func modern() server {
	return server{key: "p256", hsts: str("max-age=63072000; includeSubDomains"), suites: map[facts.TLSVersion][]string{
		facts.VersionTLS12: {"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-ECDSA-CHACHA20-POLY1305"},
		facts.VersionTLS13: tls13Suites,
	}}
}

// rsaModern is modern with an RSA-2048 key and ECDHE-RSA suites.
func rsaModern(extra12 ...string) server {
	sv := modern()
	sv.key = "rsa2048"
	sv.suites = map[facts.TLSVersion][]string{
		facts.VersionTLS12: append([]string{"ECDHE-RSA-AES128-GCM-SHA256", "ECDHE-RSA-AES256-GCM-SHA384"}, extra12...),
		facts.VersionTLS13: tls13Suites,
	}
	return sv
}

func finding(id string) checks.Finding { return checks.Finding{ID: id, Severity: checks.Error} }

func TestGrades(t *testing.T) {
	noHSTS := modern()
	noHSTS.hsts = nil // mqtts://: HSTS does not apply, so no A+ and no A-
	emptyHSTS := modern()
	emptyHSTS.hsts = str("")
	shortHSTS := modern()
	shortHSTS.hsts = str("max-age=86400")

	tls10 := modern()
	tls10.suites[facts.VersionTLS10] = []string{"ECDHE-ECDSA-AES128-SHA"}
	tls10.suites[facts.VersionTLS11] = []string{"ECDHE-ECDSA-AES128-SHA"}

	ssl3 := server{key: "rsa2048", hsts: str("max-age=63072000"), suites: map[facts.TLSVersion][]string{
		facts.VersionSSL30: {"AES128-SHA"},
		facts.VersionTLS10: {"AES128-SHA"},
		facts.VersionTLS12: {"ECDHE-RSA-AES128-GCM-SHA256", "AES128-SHA"},
	}}

	heartbleed := modern()
	heartbleed.vulns = []facts.VulnID{facts.VulnHeartbleed}

	dhe := rsaModern("DHE-RSA-AES128-GCM-SHA256")
	dhe.dhBits = 1024
	dhe512 := rsaModern("DHE-RSA-AES128-GCM-SHA256")
	dhe512.dhBits = 512

	staticRSA := server{key: "rsa2048", hsts: str("max-age=63072000"), suites: map[facts.TLSVersion][]string{
		facts.VersionTLS12: {"AES128-GCM-SHA256", "AES256-GCM-SHA384"},
	}}
	chrome := rsaModern("AES128-GCM-SHA256")
	chrome.clients = []facts.ClientResult{{Name: "Chrome 120", Connects: true, Version: facts.VersionTLS12, Suite: lookup(t, "AES128-GCM-SHA256").ID}}

	ssl2 := server{key: "rsa2048", ssl2: []uint32{0x010080}, suites: map[facts.TLSVersion][]string{ // RC4-MD5
		facts.VersionTLS12: {"ECDHE-RSA-AES256-GCM-SHA384"},
	}}

	for _, tc := range []struct {
		name     string
		sv       server
		findings []checks.Finding
		grade    string
		score    int
		reasons  []string // rule IDs' details that must appear in Reasons
	}{
		// protocol 100; key exchange 100 (P-256 key, 253- to 384-bit
		// curves); cipher (256→100 + 128→80)/2 = 90; 30+30+36 = 96 → A,
		// no cap, HSTS ≥ 6 months → A+.
		{"modern with HSTS", modern(), nil, APlus, 96, []string{"raised to A+: HSTS max-age=63072000"}},
		{"modern without HSTS (not https)", noHSTS, nil, A, 96, nil},
		{"https without HSTS", emptyHSTS, nil, AMinus, 96, []string{"capped at A-: no Strict-Transport-Security header"}},
		{"short HSTS", shortHSTS, nil, A, 96, nil},
		// protocol (100+90)/2 = 95: 28.5 + 30 + 36 = 94.5 → 95; capped at B.
		{"TLS 1.0 and 1.1", tls10, nil, B, 95, []string{"capped at B: TLS 1.0 and TLS 1.1 accepted"}},
		// protocol (100+80)/2 = 90, key exchange 90 (RSA 2048), cipher 80
		// (128 bits only): 27 + 27 + 32 = 86 → A; SSL 3.0 caps at C.
		{"SSL 3.0", ssl3, nil, C, 86, []string{"capped at C: SSL 3.0 accepted", "capped at B: TLS 1.0 accepted", "capped at A-: TLS 1.3 not accepted"}},
		// 30 + 27 + 36 = 93; RC4 with TLS 1.2 caps at C.
		{"RC4", rsaModern("RC4-SHA"), nil, C, 93, []string{"capped at C: RC4 accepted with TLS 1.1 or newer: RC4-SHA"}},
		// key exchange min(90 RSA 2048, 80 DH 1024) = 80: 30 + 24 + 36 = 90 → A, capped at B.
		{"DH 1024", dhe, nil, B, 90, []string{"capped at B: DH groups of 1024 bits"}},
		// key exchange 40 (DH 512): 30 + 12 + 36 = 78 → B; F.
		{"DH 512", dhe512, nil, F, 78, []string{"grade F: DH groups of 512 bits"}},
		// protocol (100+0)/2 = 50, key exchange 90, cipher (100+80)/2 = 90:
		// 15 + 27 + 36 = 78 → B; SSL 2.0 makes it F.
		{"SSL 2.0", ssl2, nil, F, 78, []string{"grade F: SSL 2.0 accepted", "capped at B: RC4 accepted with TLS 1.0 or older: RC4-MD5"}},
		{"Heartbleed", heartbleed, nil, F, 96, []string{"grade F: vulnerable to Heartbleed"}},
		// TLS 1.2 only, static RSA: 30 + 27 + 36 = 93; no forward secrecy caps at B.
		{"no forward secrecy", staticRSA, nil, B, 93, []string{"capped at B: no suite with forward secrecy accepted", "capped at A-: TLS 1.3 not accepted"}},
		{"a current client without forward secrecy", chrome, nil, B, 93, []string{"current clients negotiate suites without forward secrecy: Chrome 120 (TLS_RSA_WITH_AES_128_GCM_SHA256)"}},
		{"untrusted", modern(), []checks.Finding{finding("chain.untrusted-root")}, T, 96, []string{"grade T (not trusted): the certificate is not trusted (chain.untrusted-root)"}},
		{"expired", modern(), []checks.Finding{finding("cert.expired")}, T, 96, nil},
		{"name mismatch", modern(), []checks.Finding{finding("host.mismatch")}, M, 96, []string{"grade M (name mismatch)"}},
		{"untrusted and mismatch", modern(), []checks.Finding{finding("host.mismatch"), finding("chain.untrusted-root")}, T, 96, nil},
		// Findings of other checks do not touch the grade.
		{"other findings", modern(), []checks.Finding{finding("cert.cn-only")}, APlus, 96, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := tc.sv.facts(t)
			Apply(f, tc.findings)
			g := f.Scan.Grade
			if g == nil {
				t.Fatal("no grade")
			}
			if g.Grade != tc.grade || g.Score != tc.score {
				t.Errorf("got %s (%d), want %s (%d); reasons:\n%s", g.Grade, g.Score, tc.grade, tc.score, strings.Join(g.Reasons, "\n"))
			}
			all := strings.Join(g.Reasons, "\n")
			for _, r := range tc.reasons {
				if !strings.Contains(all, r) {
					t.Errorf("reasons lack %q:\n%s", r, all)
				}
			}
			if !strings.HasPrefix(g.Reasons[0], "score ") {
				t.Errorf("first reason is not the score: %q", g.Reasons[0])
			}
		})
	}
}

func TestLetterThresholds(t *testing.T) {
	for score, want := range map[int]string{100: A, 80: A, 79: B, 65: B, 64: C, 50: C, 49: D, 35: D, 34: E, 20: E, 19: F, 0: F} {
		if got := letterFor(score); got != want {
			t.Errorf("letterFor(%d) = %s, want %s", score, got, want)
		}
	}
}

func TestNothingToGrade(t *testing.T) {
	f := &facts.Facts{Scan: &facts.Scan{}}
	Apply(f, nil)
	if f.Scan.Grade != nil || f.Scan.Policy != nil {
		t.Errorf("empty scan: %+v %+v", f.Scan.Grade, f.Scan.Policy)
	}
	Apply(&facts.Facts{}, nil) // no scan: no panic
}

func TestPolicyVerdict(t *testing.T) {
	f := modern().facts(t)
	f.Options.Policy = "mozilla-intermediate"
	Apply(f, []checks.Finding{
		{ID: "policy.mozilla-intermediate", Subject: "protocol versions beyond the policy"},
		{ID: "policy.mozilla-modern", Subject: "not this policy"},
	})
	v := f.Scan.Policy
	if v == nil || v.Name != "mozilla-intermediate" || v.Compliant || len(v.Deviations) != 1 || v.Deviations[0] != "protocol versions beyond the policy" {
		t.Errorf("verdict: %+v", v)
	}
	Apply(f, nil)
	if v := f.Scan.Policy; v == nil || !v.Compliant || len(v.Deviations) != 0 {
		t.Errorf("compliant verdict: %+v", v)
	}
}
