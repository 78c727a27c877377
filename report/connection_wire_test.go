package report

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// TestConnectionWireAndTries: the record-layer facts of a failure and the
// retry counts reach the public JSON, by name where the facts hold numbers.
func TestConnectionWireAndTries(t *testing.T) {
	c := &facts.Connection{
		Stage: facts.StageHandshake,
		Failure: &facts.ProbeFailure{Kind: facts.FailEOF, Stage: facts.StageHandshake, Message: "closed",
			Wire: &facts.Wire{Bytes: 120, Records: 2, LastRecord: facts.RecordHandshake,
				Handshake:  []facts.HandshakeType{facts.HandshakeServerHello, facts.HandshakeCertificate},
				Partial:    &facts.PartialMessage{Type: facts.HandshakeCertificate, Claimed: 9000, Received: 40},
				PeerClosed: true}},
		Accepted: &facts.Accepted{Tries: 3, TimedOut: 1},
	}
	out, err := json.Marshal(NewConnection(c))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		`"wire":{"bytes":120,"records":2,"last_record":"handshake","handshake":["ServerHello","Certificate"],"partial":{"type":"Certificate","claimed":9000,"received":40},"peer_closed":true}`,
		`"accepted":{"tries":3,"timed_out":1}`,
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("JSON lacks %s:\n%s", want, out)
		}
	}
}
