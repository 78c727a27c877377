package proto

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// The cases of "proto.tls10" are in TestVersionAccepted (sslv2_test.go); this
// one checks that the finding is about that version alone.
func TestTLS10Alone(t *testing.T) {
	o := [6]int{acc, acc, acc, acc, acc, acc}
	got, _, _ := runScan(t, scanFacts(facts.SchemeHTTPS, 443, o), "proto.tls10")
	if len(got) != 1 || got[0].Evidence["version"] != versionOf("proto.tls10").String() {
		t.Errorf("got %+v", got)
	}
}
