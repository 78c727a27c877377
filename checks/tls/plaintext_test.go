package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func plainConn(kind facts.PlaintextKind, first string) *facts.Connection {
	c := failedConn(&facts.ProbeFailure{Kind: facts.FailPlaintext, Stage: facts.StageHandshake, Message: "not TLS"})
	c.Plaintext = &facts.Plaintext{Kind: kind, First: first}
	return c
}

func TestPlaintext(t *testing.T) {
	for _, tc := range []struct {
		kind      facts.PlaintextKind
		first     string
		offersTLS bool
		want      []string
	}{
		{facts.PlaintextHTTP, "HTTP/1.1 400 Bad Request", false, []string{"plaintext HTTP reply", "tlscheck probe https://www.example.com", "listen 443 ssl;"}},
		{facts.PlaintextSMTP, "220 mail.example.com ESMTP Postfix", false, []string{"SMTP greeting", "--starttls smtp www.example.com:443"}},
		{facts.PlaintextIMAP, "* OK IMAP4rev1", false, []string{"--starttls imap"}},
		{facts.PlaintextMQTT, "\x20\x02\x00\x00", false, []string{"plain MQTT listener", "mqtts://www.example.com:8883", "listener 8883"}},
		{facts.PlaintextNATSInfo, `INFO {"server_id":"x","version":"2.9.20","tls_required":true}`, true, []string{"NATS INFO line", "tlscheck probe nats://www.example.com:443"}},
		{facts.PlaintextNATSInfo, `INFO {"server_id":"x","version":"2.9.20","max_payload":1048576}`, false, []string{"without TLS", `tls { cert_file:`}},
	} {
		c := plainConn(tc.kind, tc.first)
		c.NATS = &facts.NATSInfo{ServerID: "x", Version: "2.9.20", TLSRequired: tc.offersTLS}
		f := newFacts(c)
		fd := want(t, f, "tls.plaintext", tc.want...)
		if fd.Evidence["protocol"] != tc.kind.String() {
			t.Errorf("%s: evidence %v", tc.kind, fd.Evidence)
		}
		// A recognised plaintext protocol is tls.plaintext only.
		notApplicable(t, f, "tls.handshake-failed")
	}
	// The typed INFO flags decide, whatever the excerpt shows; the
	// preamble's labels are for people and are not read.
	c := plainConn(facts.PlaintextNATSInfo, `INFO {"server_id":"NDJWE4...`)
	c.NATS = &facts.NATSInfo{ServerID: "NDJWE4", TLSAvailable: true}
	want(t, newFacts(c), "tls.plaintext", "nats://")
	c.NATS = nil
	c.Preamble = map[string]string{"tls_available": "true"}
	want(t, newFacts(c), "tls.plaintext", "without TLS")

	notApplicable(t, newFacts(okConn()), "tls.plaintext")
	// Unrecognised bytes are not a plaintext protocol but a failed handshake.
	garbage := plainConn("unknown", "\x00\x01garbage")
	notApplicable(t, newFacts(garbage), "tls.plaintext")
	want(t, newFacts(garbage), "tls.handshake-failed", "not TLS")
}
