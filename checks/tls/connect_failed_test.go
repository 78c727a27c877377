package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestConnectFailed(t *testing.T) {
	for _, tc := range []struct {
		kind, stage string
		want        []string
	}{
		{"refused", "connect", []string{"connection refused by 192.0.2.10:443", "ss -ltnp"}},
		{"timeout", "connect", []string{"timed out", "ufw allow 443/tcp"}},
		{"dns", "dns", []string{"DNS failure", "dig +short www.example.com"}},
		{"unreachable", "connect", []string{"unreachable", "ip route get 192.0.2.10"}},
	} {
		f := newFacts(failedConn(&facts.ProbeFailure{Kind: tc.kind, Stage: tc.stage, Message: "x"}))
		fd := want(t, f, "tls.connect-failed", tc.want...)
		if fd.Evidence["failure"] != tc.kind || fd.Subject != "www.example.com:443" {
			t.Errorf("%s: evidence %v subject %q", tc.kind, fd.Evidence, fd.Subject)
		}
		notApplicable(t, f, "tls.handshake-failed")
	}
	// A completed handshake, a timeout during the handshake and an alert
	// are not connection failures.
	notApplicable(t, newFacts(okConn()), "tls.connect-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: "timeout", Stage: "handshake"})), "tls.connect-failed")
	notApplicable(t, newFacts(failedConn(&facts.ProbeFailure{Kind: "alert", Stage: "handshake", Alert: alert(40, "handshake_failure")})), "tls.connect-failed")
}
