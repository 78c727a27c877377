package tls

import (
	"testing"

	"github.com/tlscheck/tlscheck/internal/facts"
)

func TestCompression(t *testing.T) {
	c := okConn()
	c.Version, c.Compression = facts.VersionTLS10, "DEFLATE"
	want(t, newFacts(c), "tls.compression", "compression DEFLATE", "SSL_OP_NO_COMPRESSION")
	for _, v := range []string{"", "none", "NULL"} {
		c.Compression = v
		none(t, newFacts(c), "tls.compression")
	}
}
