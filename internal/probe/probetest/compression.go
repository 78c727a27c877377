package probetest

import (
	"bytes"
	"encoding/binary"
	"io"
	"net"
	"testing"
)

// Compressing is a TLS server that "accepts" DEFLATE compression the way a
// server built with zlib and compression enabled does (CRIME): a
// ClientHello offering compression method 1 gets a ServerHello choosing it
// (then the connection is dropped, nothing more is needed to detect it);
// any other ClientHello is served by crypto/tls as TLS(opts) would. No
// OpenSSL here is built with zlib, so a real server cannot show this.
func Compressing(tb testing.TB, opts TLSOptions) *Server {
	cfg := opts.config()
	return serve(tb, func(s *Server, c net.Conn) {
		var hdr [5]byte
		if _, err := io.ReadFull(c, hdr[:]); err != nil {
			return
		}
		body := make([]byte, binary.BigEndian.Uint16(hdr[3:]))
		if _, err := io.ReadFull(c, body); err != nil {
			return
		}
		if offersDeflate(body) {
			c.Write(compressingServerHello())
			return
		}
		replay := &prefixConn{Conn: c, r: io.MultiReader(bytes.NewReader(append(hdr[:], body...)), c)}
		serveTLS(s, replay, cfg, opts)
	})
}

// offersDeflate reads a ClientHello handshake message's compression methods.
func offersDeflate(msg []byte) bool {
	i := 4 + 2 + 32 // header, version, random
	if len(msg) <= i {
		return false
	}
	i += 1 + int(msg[i]) // session id
	if len(msg) < i+2 {
		return false
	}
	i += 2 + int(binary.BigEndian.Uint16(msg[i:])) // cipher suites
	if len(msg) <= i {
		return false
	}
	n := int(msg[i])
	return len(msg) >= i+1+n && bytes.IndexByte(msg[i+1:i+1+n], 1) >= 0
}

// compressingServerHello is a TLS 1.2 ServerHello choosing
// TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 and compression method 1 (DEFLATE).
func compressingServerHello() []byte {
	var b []byte
	b = append(b, 0x03, 0x03)
	b = append(b, make([]byte, 32)...)
	b = append(b, 0)          // session id
	b = append(b, 0xc0, 0x2f) // suite
	b = append(b, 1)          // DEFLATE
	hs := append([]byte{0x02, 0, byte(len(b) >> 8), byte(len(b))}, b...)
	return append([]byte{0x16, 0x03, 0x03, byte(len(hs) >> 8), byte(len(hs))}, hs...)
}

// prefixConn replays bytes already read before the rest of the connection.
type prefixConn struct {
	net.Conn
	r io.Reader
}

func (p *prefixConn) Read(b []byte) (int, error) { return p.r.Read(b) }
