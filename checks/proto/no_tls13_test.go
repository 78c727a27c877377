package proto

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestNoTLS13(t *testing.T) {
	for _, tc := range []struct {
		name     string
		scheme   facts.Scheme
		port     int
		tls13    int
		findings int
		gaps     int
		want     []string
	}{
		{"refused over https", facts.SchemeHTTPS, 443, ref, 1, 0, []string{"does not accept TLS 1.3 (alert protocol_version)", "it accepts TLS 1.2", "ssl_protocols TLSv1.2 TLSv1.3;"}},
		{"refused over nats", facts.SchemeNATS, 4222, ref, 1, 0, []string{"proxy"}},
		{"accepted", facts.SchemeHTTPS, 443, acc, 0, 0, nil},
		{"not tested", facts.SchemeHTTPS, 443, unt, 0, 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, gaps, _ := runScan(t, scanFacts(tc.scheme, tc.port, [6]int{ref, ref, ref, ref, acc, tc.tls13}), "proto.no-tls13")
			if len(got) != tc.findings || len(gaps) != tc.gaps {
				t.Fatalf("got %+v gaps %+v", got, gaps)
			}
			for _, s := range tc.want {
				if !strings.Contains(got[0].Message+got[0].Fix, s) {
					t.Errorf("lacks %q: %s / %s", s, got[0].Message, got[0].Fix)
				}
			}
			if tc.findings == 1 && got[0].Severity.String() != "info" {
				t.Errorf("severity %s", got[0].Severity)
			}
		})
	}
}

// TestNoEnumeration: with no version results at all (the enumeration
// failed), every version check reports the gap with the scan's reason.
func TestNoEnumeration(t *testing.T) {
	f := scanFacts(facts.SchemeHTTPS, 443, [6]int{})
	f.Scan.Versions = nil
	f.Scan.Untested = []facts.Untested{{What: "enumeration", Reason: "connection refused"}}
	for _, id := range []string{"proto.sslv2", "proto.sslv3", "proto.tls10", "proto.tls11", "proto.no-tls12", "proto.no-tls13"} {
		got, gaps, _ := runScan(t, f, id)
		if len(got) != 0 || len(gaps) == 0 || gaps[0].Reason != "connection refused" {
			t.Errorf("%s: got %+v gaps %+v", id, got, gaps)
		}
	}
}

// TestCrossbarProtocolsFix: Crossbar.io (wss://) has no protocol option;
// the fix says where the minimum is set instead.
func TestCrossbarProtocolsFix(t *testing.T) {
	got, _, _ := runScan(t, scanFacts(facts.SchemeWSS, 8080, [6]int{ref, ref, acc, acc, acc, acc}), "proto.tls10")
	if len(got) != 1 || !strings.Contains(got[0].Fix, "Crossbar.io") || !strings.Contains(got[0].Fix, "MinProtocol = TLSv1.2") {
		t.Errorf("got %+v", got)
	}
}
