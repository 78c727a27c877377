package tlswire

import (
	"slices"
	"testing"
)

func TestParseClientHelloRoundTrip(t *testing.T) {
	h := &Hello{Version: VersionTLS13, Suites: []uint16{0x1301, 0xc02f}, ServerName: "example.com",
		Groups: []uint16{GroupX25519, GroupSecp256r1}, KeyShares: []uint16{GroupX25519},
		Heartbeat: true, SecureRenegotiation: true, Compression: []uint8{1, 0}}
	msg, err := h.Message()
	if err != nil {
		t.Fatal(err)
	}
	ch, err := ParseClientHello(msg[4:])
	if err != nil {
		t.Fatal(err)
	}
	if ch.Version != VersionTLS12 || !slices.Equal(ch.Suites, h.Suites) || !slices.Equal(ch.Compression, h.Compression) ||
		len(ch.SessionID) != 32 || len(ch.Random) != 32 {
		t.Errorf("parsed %+v", ch)
	}
	if !slices.Equal(ch.SupportedVersions(), []uint16{VersionTLS13, VersionTLS12, VersionTLS11, VersionTLS10}) {
		t.Errorf("supported_versions %x", ch.SupportedVersions())
	}
	if !slices.Equal(ch.Groups(), h.Groups) || !ch.Has(ExtHeartbeat) || !ch.Has(ExtRenegotiationInfo) || !ch.Has(ExtKeyShare) {
		t.Errorf("extensions %v", ch.Extensions)
	}
	if _, err := ParseClientHello(msg[4:20]); err == nil {
		t.Error("a truncated hello parsed")
	}
}
