package proto

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// The cases of "proto.sslv3" are in TestVersionAccepted (sslv2_test.go); this
// one checks that the finding is about that version alone.
func TestSSLv3Alone(t *testing.T) {
	o := [6]int{acc, acc, acc, acc, acc, acc}
	got, _, _ := runScan(t, scanFacts(facts.SchemeHTTPS, 443, o), "proto.sslv3")
	if len(got) != 1 || got[0].Evidence["version"] != versionOf("proto.sslv3").String() {
		t.Errorf("got %+v", got)
	}
}
