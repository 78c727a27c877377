package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/certgen"
)

func TestSlowHandshake(t *testing.T) {
	c := okConn()
	c.Timings.Handshake = 812
	want(t, newFacts(c), "tls.slow-handshake", "took 812 ms", "at most 500 ms")
	// An RSA 4096 leaf is named as the likely cause.
	want(t, newFacts(c, certgen.KeyType("rsa4096")), "tls.slow-handshake", "RSA 4096", "ECDSA P-256")
	// Within the default budget, and within a raised one.
	c.Timings.Handshake = 499
	none(t, newFacts(c), "tls.slow-handshake")
	c.Timings.Handshake = 812
	f := newFacts(c)
	f.Options.HandshakeBudgetMS = 1000
	none(t, f, "tls.slow-handshake")
	f.Options.HandshakeBudgetMS = 100
	want(t, f, "tls.slow-handshake", "at most 100 ms")
}
