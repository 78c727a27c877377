package proto

import (
	"context"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/facts"
)

func run(t *testing.T, c *facts.Connection) ([]checks.Finding, string) {
	t.Helper()
	sel, _ := checks.ParseSelector("proto.no-tls12")
	for _, r := range checks.Run(context.Background(), &facts.Facts{Now: certgen.Epoch, Connection: c}, sel) {
		if r.Check.ID == "proto.no-tls12" {
			return r.Findings, r.NotApplicable
		}
	}
	t.Fatal("proto.no-tls12 not registered")
	return nil, ""
}

func conn(version facts.TLSVersion) *facts.Connection {
	return &facts.Connection{Target: "127.0.0.1:4433", Host: "127.0.0.1", Port: 4433, Address: "127.0.0.1:4433",
		Stage: facts.StageDone, Version: version, OfferedMax: facts.VersionTLS13, CipherSuite: "TLS_RSA_WITH_AES_128_CBC_SHA"}
}

func TestNoTLS12(t *testing.T) {
	got, _ := run(t, conn(facts.VersionTLS10))
	if len(got) != 1 || got[0].Severity != checks.Error {
		t.Fatalf("TLS 1.0 negotiated: got %+v", got)
	}
	for _, s := range []string{"negotiated TLS 1.0 although we offered up to TLS 1.3", "ssl_protocols TLSv1.2 TLSv1.3;"} {
		if !strings.Contains(got[0].Message+got[0].Fix, s) {
			t.Errorf("finding lacks %q: %+v", s, got[0])
		}
	}
	mq := conn(facts.VersionTLS11)
	mq.Scheme, mq.Port = "mqtts", 8883
	if got, _ := run(t, mq); len(got) != 1 || !strings.Contains(got[0].Fix, "tls_version tlsv1.2") {
		t.Errorf("mosquitto fix: %+v", got)
	}

	// A failed handshake whose broader retry found only legacy versions.
	failed := &facts.Connection{Target: "old:443", Host: "old", Port: 443, Stage: facts.StageHandshake,
		Failure:  &facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: &facts.Alert{Code: facts.AlertProtocolVersion, Name: "protocol_version", Received: true}},
		Accepted: &facts.Accepted{Versions: []facts.TLSVersion{facts.VersionTLS10}, Suites: []string{"TLS_RSA_WITH_3DES_EDE_CBC_SHA"}}}
	if got, _ := run(t, failed); len(got) != 1 || !strings.Contains(got[0].Message, "accepts only TLS 1.0 (with TLS_RSA_WITH_3DES_EDE_CBC_SHA)") {
		t.Errorf("legacy-only retry: %+v", got)
	}

	// Negative cases.
	for _, v := range []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13} {
		if got, na := run(t, conn(v)); len(got) != 0 || na != "" {
			t.Errorf("%s: %+v (n/a %q)", v, got, na)
		}
	}
	failed.Accepted.Versions = []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS12}
	if got, _ := run(t, failed); len(got) != 0 {
		t.Errorf("accepts TLS 1.2: %+v", got)
	}
	only10 := conn(facts.VersionTLS10)
	only10.OfferedMax = facts.VersionTLS10
	if got, na := run(t, only10); len(got) != 0 || na == "" {
		t.Errorf("we offered only TLS 1.0: %+v", got)
	}
	if _, na := run(t, nil); na == "" {
		t.Error("no connection: want not applicable")
	}
}

// TestNoTLS12Scan: under a scan the check judges the enumerated versions
// once, whatever the full handshake negotiated, and a version not tested is
// a gap, never a refusal.
func TestNoTLS12Scan(t *testing.T) {
	for _, tc := range []struct {
		name     string
		outcomes [6]int
		findings int
		gaps     int
		na       bool
	}{
		{"legacy only", [6]int{ref, acc, acc, acc, ref, ref}, 1, 0, false},
		{"TLS 1.2", [6]int{ref, ref, acc, acc, acc, ref}, 0, 0, false},
		{"TLS 1.3 only", [6]int{ref, ref, ref, ref, ref, acc}, 0, 0, false},
		{"TLS 1.3 untested, TLS 1.2 refused", [6]int{ref, ref, acc, acc, ref, unt}, 0, 1, false},
		{"both untested", [6]int{ref, ref, acc, ref, unt, unt}, 0, 2, false},
		{"TLS 1.2 accepted, 1.3 untested", [6]int{ref, ref, ref, ref, acc, unt}, 0, 0, false},
		{"nothing accepted", [6]int{ref, ref, ref, ref, ref, ref}, 0, 0, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := scanFacts(facts.SchemeHTTPS, 443, tc.outcomes)
			// The full handshake negotiated TLS 1.0: the probe branch alone
			// would report it; under a scan it must not report twice.
			f.Connection.Version, f.Connection.OfferedMax = facts.VersionTLS10, facts.VersionTLS13
			got, gaps, na := runScan(t, f, "proto.no-tls12")
			if len(got) != tc.findings || len(gaps) != tc.gaps || (na != "") != tc.na {
				t.Fatalf("got %+v gaps %+v n/a %q", got, gaps, na)
			}
			if tc.findings == 1 {
				checkContains(t, got[0].Message+got[0].Fix, "accepts only SSL 3.0, TLS 1.0, TLS 1.1; expected TLS 1.2 or 1.3", "ssl_protocols TLSv1.2 TLSv1.3;")
			}
		})
	}
}

func checkContains(t *testing.T, s string, subs ...string) {
	t.Helper()
	for _, sub := range subs {
		if !strings.Contains(s, sub) {
			t.Errorf("%q lacks %q", s, sub)
		}
	}
}
