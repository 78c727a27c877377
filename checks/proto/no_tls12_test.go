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
