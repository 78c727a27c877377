package cipher

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestWeak(t *testing.T) {
	v10, v12, v13 := facts.VersionTLS10, facts.VersionTLS12, facts.VersionTLS13
	for _, tc := range []struct {
		name     string
		scheme   facts.Scheme
		port     int
		accepted map[facts.TLSVersion][]uint16
		subjects []string // one finding per version with weak suites
		want     []string
		not      []string
	}{
		{"RC4 and 3DES on two versions", facts.SchemeHTTPS, 443,
			map[facts.TLSVersion][]uint16{v10: {rsaRC4SHA, rsa3DES}, v12: {ecdheAES128GC, rsa3DES}, v13: {tls13AES128}},
			[]string{"srv:443 TLS 1.0", "srv:443 TLS 1.2"},
			[]string{"TLS_RSA_WITH_RC4_128_SHA (RC4-SHA) [RC4]", "TLS_RSA_WITH_3DES_EDE_CBC_SHA (DES-CBC3-SHA) [3DES]",
				// the fix keeps the forward-secret suite the server has
				"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;", "Crossbar.io"},
			[]string{"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (", "TLS_AES_128_GCM_SHA256"}},
		{"NULL, EXPORT, anonymous over mqtts", facts.SchemeMQTTS, 8883,
			map[facts.TLSVersion][]uint16{v12: {rsaNullSHA, expRC4MD5, adhRC4MD5}},
			[]string{"srv:8883 TLS 1.2"},
			[]string{"TLS_RSA_WITH_NULL_SHA (NULL-SHA) [NULL]", "TLS_RSA_EXPORT_WITH_RC4_40_MD5 (EXP-RC4-MD5) [EXPORT, RC4, MD5-MAC]",
				"TLS_DH_anon_WITH_RC4_128_MD5 (ADH-RC4-MD5) [anonymous, RC4, MD5-MAC]",
				// nothing worth keeping: the recommended list
				"`ciphers ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"},
			nil},
		{"NATS gets Go names", facts.SchemeNATS, 4222,
			map[facts.TLSVersion][]uint16{v12: {ecdheAES128GC, ecdheChaCha, rsa3DES}},
			[]string{"srv:4222 TLS 1.2"},
			[]string{`cipher_suites: ["TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256"]`},
			[]string{"3DES_EDE_CBC_SHA\"]"}},
		{"strong suites only", facts.SchemeHTTPS, 443,
			map[facts.TLSVersion][]uint16{v12: {ecdheAES128GC, rsaAES128, dheAES128GCM}, v13: {tls13AES128}}, nil, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, gaps, _ := runCheck(t, scan(tc.scheme, tc.port, tc.accepted), "cipher.weak")
			if len(got) != len(tc.subjects) || len(gaps) != 0 {
				t.Fatalf("got %+v gaps %+v", got, gaps)
			}
			var all string
			for i, fd := range got {
				if fd.Subject != tc.subjects[i] || fd.Severity.String() != "error" {
					t.Errorf("finding %d: subject %q severity %s", i, fd.Subject, fd.Severity)
				}
				all += fd.Message + "\n" + fd.Fix + "\n"
			}
			for _, s := range tc.want {
				if !strings.Contains(all, s) {
					t.Errorf("lacks %q:\n%s", s, all)
				}
			}
			for _, s := range tc.not {
				if strings.Contains(all, s) {
					t.Errorf("names %q:\n%s", s, all)
				}
			}
		})
	}
}

// TestWeakNotTested: a version the scan could not test, or whose suites it
// stopped enumerating, is a gap; what was found is still reported.
func TestWeakNotTested(t *testing.T) {
	f := scan(facts.SchemeHTTPS, 443, map[facts.TLSVersion][]uint16{facts.VersionTLS12: {rsaRC4SHA}})
	f.Scan.Versions[2].Tested = false // TLS 1.0
	f.Scan.Untested = []facts.Untested{{What: "TLS 1.0", Reason: "timed out"}, {What: "TLS 1.2 suites", Reason: "the enumeration stopped: reset"}}
	got, gaps, _ := runCheck(t, f, "cipher.weak")
	if len(got) != 1 || len(gaps) != 2 {
		t.Fatalf("got %+v gaps %+v", got, gaps)
	}
	if gaps[0].What != "TLS 1.0 suites" || gaps[0].Reason != "timed out" || gaps[1].What != "TLS 1.2 suites" || !strings.Contains(gaps[1].Reason, "reset") {
		t.Errorf("gaps %+v", gaps)
	}
	f.Scan = nil
	if _, _, na := runCheck(t, f, "cipher.weak"); na == "" {
		t.Error("without a scan: want not applicable")
	}
}

// TestWeakSSL2: SSL 2.0 cipher kinds are named from the SSL 2.0 table.
func TestWeakSSL2(t *testing.T) {
	f := scan(facts.SchemeHTTPS, 443, map[facts.TLSVersion][]uint16{facts.VersionTLS12: {ecdheAES128GC}})
	f.Scan.Versions[0].Offered = true
	f.Scan.Ciphers = append(f.Scan.Ciphers, facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: 0x020080})
	got, _, _ := runCheck(t, f, "cipher.weak")
	if len(got) != 1 || !strings.Contains(got[0].Message, "SSL_CK_RC4_128_EXPORT40_WITH_MD5 (EXP-RC4-MD5) [EXPORT, RC4, MD5-MAC]") {
		t.Errorf("got %+v", got)
	}
}

// TestWeakNoEnumeration: a scan whose enumeration failed says so, for
// every cipher check, instead of passing.
func TestWeakNoEnumeration(t *testing.T) {
	f := scan(facts.SchemeHTTPS, 443, nil)
	f.Scan.Versions = nil
	f.Scan.Untested = []facts.Untested{{What: "enumeration", Reason: "connection refused"}}
	for _, id := range []string{"cipher.weak", "cipher.no-forward-secrecy", "cipher.cbc-preferred"} {
		got, gaps, _ := runCheck(t, f, id)
		if len(got) != 0 || len(gaps) != 1 || gaps[0].Reason != "connection refused" {
			t.Errorf("%s: got %+v gaps %+v", id, got, gaps)
		}
	}
}
