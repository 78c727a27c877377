package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestConnectFailed(t *testing.T) {
	for _, tc := range []struct {
		kind  facts.FailureKind
		stage facts.Stage
		want  []string
	}{
		{facts.FailRefused, facts.StageConnect, []string{"connection refused by 192.0.2.10:443", "ss -ltnp"}},
		{facts.FailTimeout, facts.StageConnect, []string{"timed out", "ufw allow 443/tcp"}},
		{facts.FailDNS, facts.StageDNS, []string{"DNS failure", "dig +short www.example.com"}},
		{facts.FailUnreachable, facts.StageConnect, []string{"unreachable", "ip route get 192.0.2.10"}},
	} {
		f := newFacts(failedConn(&facts.ProbeFailure{Kind: tc.kind, Stage: tc.stage, Message: "x"}))
		fd := want(t, f, "tls.connect-failed", tc.want...)
		if fd.Evidence["failure"] != tc.kind.String() || fd.Subject != "www.example.com:443" {
			t.Errorf("%s: evidence %v subject %q", tc.kind, fd.Evidence, fd.Subject)
		}
		notApplicable(t, f, "tls.handshake-failed")
	}
	// A completed handshake, a timeout during the handshake and an alert
	// are not connection failures.
	notApplicable(t, newFacts(okConn()), "tls.connect-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: facts.StageHandshake})), "tls.connect-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: facts.StageHandshake, Alert: alert(facts.AlertHandshakeFailure, "handshake_failure")})), "tls.connect-failed")
}
