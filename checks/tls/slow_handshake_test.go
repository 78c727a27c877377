package tls

import (
	"crypto/rsa"
	"math/big"
	"testing"
)

func TestSlowHandshake(t *testing.T) {
	c := okConn()
	c.Timings.Handshake = 812
	want(t, newFacts(c), "tls.slow-handshake", "took 812 ms", "at most 500 ms")
	// An RSA 4096 leaf is named as the likely cause. The check reads only
	// the size of the served leaf's key, so the facts carry a 4096-bit
	// modulus instead of a key that takes seconds to generate.
	rsa4096 := newFacts(c)
	leaf := rsa4096.Certs[0].X509
	leaf.PublicKey = &rsa.PublicKey{N: new(big.Int).SetBit(big.NewInt(1), 4095, 1), E: 65537}
	want(t, rsa4096, "tls.slow-handshake", "RSA 4096", "ECDSA P-256")
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
