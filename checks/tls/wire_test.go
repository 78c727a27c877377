package tls

import (
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// The diagnosis words what was seen on the wire, not "sent nothing" or "not
// TLS" (issue 9, item 18).
func TestDiagnosisFromWire(t *testing.T) {
	sh := []facts.HandshakeType{facts.HandshakeServerHello}
	hs := facts.StageHandshake

	// A ServerHello, then a stall.
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: hs, Wire: &facts.Wire{Bytes: 47, Records: 1, LastRecord: facts.RecordHandshake, Handshake: sh}})
	fd := want(t, newFacts(c), "tls.handshake-failed", "began the TLS handshake and stalled", "its ServerHello (47 bytes in 1 TLS record)", "Certificate through Finished")
	if strings.Contains(fd.Message, "sent nothing") || strings.Contains(fd.Fix, "--starttls") {
		t.Errorf("finding: %+v", fd)
	}

	// STARTTLS accepted, then silence: --starttls was in use.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: hs, Wire: &facts.Wire{}})
	c.StartTLS = facts.StartTLSSMTP
	fd = want(t, newFacts(c), "tls.handshake-failed", "agreed to smtp STARTTLS, then sent no ServerHello")
	if strings.Contains(fd.Fix, "--starttls smtp") {
		t.Errorf("fix suggests the flag in use: %s", fd.Fix)
	}

	// A Certificate message claimed at 10 MB and never sent.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailOversized, Stage: hs, Message: "x",
		Wire: &facts.Wire{Bytes: 56, Records: 2, Handshake: []facts.HandshakeType{facts.HandshakeServerHello, facts.HandshakeCertificate},
			Partial: &facts.PartialMessage{Type: facts.HandshakeCertificate, Claimed: 10_000_000}}})
	fd = want(t, newFacts(c), "tls.handshake-failed", "Certificate message claims 10000000 bytes", "0 bytes of it arrived", "Go's crypto/tls 256 KiB", "OpenSSL", "about 100 KiB")
	if strings.Contains(fd.Message, "not TLS") {
		t.Errorf("finding: %+v", fd)
	}

	// close_notify and warning alerts are alerts.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailEOF, Stage: hs, Wire: &facts.Wire{Bytes: 54, Records: 2, Handshake: sh, CloseNotify: true, LastRecord: facts.RecordAlert}})
	fd = want(t, newFacts(c), "tls.handshake-failed", "sent close_notify and closed the connection", "after it sent its ServerHello")
	if strings.Contains(fd.Message, "without an alert") || strings.Contains(fd.Message, "without a TLS alert") || strings.Contains(fd.Message, "expected a ServerHello") {
		t.Errorf("finding: %+v", fd)
	}
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailEOF, Stage: hs, Wire: &facts.Wire{Bytes: 54, Records: 2, Handshake: sh, Warnings: []facts.AlertCode{facts.AlertUserCanceled}, PeerClosed: true}})
	fd = want(t, newFacts(c), "tls.handshake-failed", "sent the warning alert user_canceled (90) and closed the connection")
	if strings.Contains(fd.Message, "without an alert") || strings.Contains(fd.Message, "without a TLS alert") {
		t.Errorf("finding: %+v", fd)
	}

	// Retries that all timed out found nothing because they learned nothing.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailAlert, Stage: hs, Alert: alert(facts.AlertHandshakeFailure, "handshake_failure")})
	c.Accepted = &facts.Accepted{Tries: 3, TimedOut: 3}
	fd = want(t, newFacts(c), "tls.handshake-failed", "all timed out, 3 of 3")
	if strings.Contains(fd.Message, "found nothing") {
		t.Errorf("finding: %+v", fd)
	}

	// Without wire facts (saved facts from before), the wording is unchanged.
	c = failedConn(&facts.ProbeFailure{Kind: facts.FailTimeout, Stage: hs})
	want(t, newFacts(c), "tls.handshake-failed", "sent nothing within")
}
