package cipher

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNoForwardSecrecy(t *testing.T) {
	v11, v12, v13 := facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13
	for _, tc := range []struct {
		name     string
		accepted map[facts.TLSVersion][]uint16
		subjects []string
		want     []string
	}{
		{"static RSA beside ECDHE", map[facts.TLSVersion][]uint16{v12: {ecdheAES128GC, rsaAES128GCM, rsaAES128}, v13: {tls13AES128}},
			[]string{"srv:443 TLS 1.2"},
			[]string{"2 suite(s) with a static key exchange: TLS_RSA_WITH_AES_128_GCM_SHA256 (AES128-GCM-SHA256), TLS_RSA_WITH_AES_128_CBC_SHA (AES128-SHA)",
				"ssl_ciphers ECDHE-RSA-AES128-GCM-SHA256;"}},
		{"per version", map[facts.TLSVersion][]uint16{v11: {rsaAES128}, v12: {rsaAES128}},
			[]string{"srv:443 TLS 1.1", "srv:443 TLS 1.2"}, nil},
		// anonymous DH is ephemeral (cipher.weak reports it), NULL key exchange too.
		{"DHE, ECDHE, anonymous, TLS 1.3", map[facts.TLSVersion][]uint16{v12: {dheAES128GCM, ecdheAES128, adhRC4MD5}, v13: {tls13AES128}}, nil, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _, _ := runCheck(t, scan(facts.SchemeHTTPS, 443, tc.accepted), "cipher.no-forward-secrecy")
			if len(got) != len(tc.subjects) {
				t.Fatalf("got %+v", got)
			}
			for i, fd := range got {
				if fd.Subject != tc.subjects[i] || fd.Severity.String() != "warning" {
					t.Errorf("finding %d: %q %s", i, fd.Subject, fd.Severity)
				}
			}
			for _, s := range tc.want {
				if !strings.Contains(got[0].Message+" "+got[0].Fix, s) {
					t.Errorf("lacks %q: %s / %s", s, got[0].Message, got[0].Fix)
				}
			}
		})
	}
	f := scan(facts.SchemeHTTPS, 443, map[facts.TLSVersion][]uint16{v12: {ecdheAES128GC}})
	f.Scan.Versions[5].Tested = false
	if got, gaps, _ := runCheck(t, f, "cipher.no-forward-secrecy"); len(got) != 0 || len(gaps) != 1 || gaps[0].What != "TLS 1.3 suites" {
		t.Errorf("TLS 1.3 not tested: %+v gaps %+v", got, gaps)
	}
}
