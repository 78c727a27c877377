package proto

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestVersionAccepted covers proto.sslv2, proto.sslv3, proto.tls10 and
// proto.tls11: a finding when the version is accepted, nothing when it is
// refused, a gap (never a pass) when it was not tested.
func TestVersionAccepted(t *testing.T) {
	rc4 := facts.AcceptedSuite{Version: facts.VersionSSL30, ID: 0x0005} // TLS_RSA_WITH_RC4_128_SHA
	ssl2 := facts.AcceptedSuite{Version: facts.VersionSSL20, ID24: 0x0700C0}
	for _, tc := range []struct {
		id       string
		idx      int // the version's place in allVersions
		severity string
		ciphers  []facts.AcceptedSuite
		want     []string // in message or fix when accepted
	}{
		{"proto.sslv2", 0, "error", []facts.AcceptedSuite{ssl2}, []string{"accepts SSL 2.0", "SSL_CK_DES_192_EDE3_CBC_WITH_MD5 (DES-CBC3-MD5)", "RFC 6176"}},
		{"proto.sslv3", 1, "error", []facts.AcceptedSuite{rc4}, []string{"accepts SSL 3.0", "TLS_RSA_WITH_RC4_128_SHA (RC4-SHA)", "RFC 7568"}},
		{"proto.tls10", 2, "warning", nil, []string{"accepts TLS 1.0", "RFC 8996"}},
		{"proto.tls11", 3, "warning", nil, []string{"accepts TLS 1.1", "RFC 8996"}},
	} {
		t.Run(tc.id, func(t *testing.T) {
			var o [6]int
			o[4] = acc // TLS 1.2 works throughout
			o[tc.idx] = acc
			got, gaps, _ := runScan(t, scanFacts(facts.SchemeHTTPS, 443, o, tc.ciphers...), tc.id)
			if len(got) != 1 || len(gaps) != 0 {
				t.Fatalf("accepted: want one finding, got %+v (gaps %+v)", got, gaps)
			}
			if got[0].Severity.String() != tc.severity {
				t.Errorf("severity %s, want %s", got[0].Severity, tc.severity)
			}
			for _, s := range append(tc.want, "expected it refused", "ssl_protocols TLSv1.2 TLSv1.3;") {
				if !strings.Contains(got[0].Message+got[0].Fix, s) {
					t.Errorf("lacks %q: %s / %s", s, got[0].Message, got[0].Fix)
				}
			}

			// mqtts: the mosquitto setting.
			got, _, _ = runScan(t, scanFacts(facts.SchemeMQTTS, 8883, o, tc.ciphers...), tc.id)
			if len(got) != 1 || !strings.Contains(got[0].Fix, "tls_version tlsv1.2") {
				t.Errorf("mqtts fix: %+v", got)
			}

			o[tc.idx] = ref
			if got, gaps, na := runScan(t, scanFacts(facts.SchemeHTTPS, 443, o), tc.id); len(got) != 0 || len(gaps) != 0 || na != "" {
				t.Errorf("refused: %+v gaps %+v n/a %q", got, gaps, na)
			}

			o[tc.idx] = unt
			got, gaps, _ = runScan(t, scanFacts(facts.SchemeHTTPS, 443, o), tc.id)
			if len(got) != 0 || len(gaps) != 1 || gaps[0].Reason != "timed out" || gaps[0].What != allVersions[tc.idx].String() {
				t.Errorf("not tested: want a gap with the scan's reason, got %+v gaps %+v", got, gaps)
			}
		})
	}
}

func TestVersionChecksNeedAScan(t *testing.T) {
	for _, id := range []string{"proto.sslv2", "proto.sslv3", "proto.tls10", "proto.tls11", "proto.no-tls13"} {
		f := scanFacts(facts.SchemeHTTPS, 443, [6]int{})
		f.Scan = nil // a probe
		if got, _, na := runScan(t, f, id); len(got) != 0 || na == "" {
			t.Errorf("%s without a scan: %+v (n/a %q)", id, got, na)
		}
	}
}

func versionOf(id string) facts.TLSVersion {
	return map[string]facts.TLSVersion{"proto.sslv2": facts.VersionSSL20, "proto.sslv3": facts.VersionSSL30,
		"proto.tls10": facts.VersionTLS10, "proto.tls11": facts.VersionTLS11}[id]
}
