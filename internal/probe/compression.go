package probe

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"io"
	"strconv"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// zcrypto only ever offers the null compression method, so TLS compression
// (CRIME) is detected with a ClientHello of our own: TLS 1.2, common suites,
// compression methods DEFLATE and null. The ServerHello's choice is read and
// the connection dropped; no handshake is completed.

// compressionProbe reports the compression method a server picks when
// offered DEFLATE ("none", "deflate", "method N"), and false when it did not
// answer with a ServerHello (TLS 1.3 only, an alert, a timeout).
func (p *prober) compressionProbe(ctx context.Context, sni string) (string, bool) {
	a := &attempt{stage: facts.StageDNS}
	conn, fail := p.dial(ctx, a)
	if fail != nil {
		return "", false
	}
	defer conn.Close()
	watched, stop := watch(ctx, conn)
	defer stop()
	conn = watched
	a.raw = watched
	deadline, _ := p.until(p.cfg.HandshakeTimeout)
	conn.SetDeadline(deadline)
	if fail := p.preamble(conn, a, attemptSpec{sni: sni}); fail != nil {
		return "", false
	}
	if _, err := conn.Write(compressionHello(sni)); err != nil {
		return "", false
	}
	m, ok := serverHelloCompression(conn)
	if !ok {
		return "", false
	}
	return compressionName(m), true
}

func compressionName(m byte) string {
	switch m {
	case 0:
		return "none"
	case 1:
		return "deflate"
	}
	return "method " + strconv.Itoa(int(m))
}

// compressionSuites are widely supported TLS 1.2 suites, so that any TLS
// 1.2 server can answer.
var compressionSuites = []uint16{
	0xc02f, 0xc030, 0xc02b, 0xc02c, 0xcca8, 0xcca9, 0x009e, 0x009f,
	0xc013, 0xc014, 0xc009, 0xc00a, 0x0033, 0x0039, 0x002f, 0x0035, 0x009c, 0x009d, 0x000a,
}

// compressionHello builds a TLS 1.2 ClientHello record offering DEFLATE.
func compressionHello(sni string) []byte {
	var body []byte
	body = append(body, 0x03, 0x03) // client_version TLS 1.2
	random := make([]byte, 32)
	rand.Read(random)
	body = append(body, random...)
	body = append(body, 0) // empty session id
	body = binary.BigEndian.AppendUint16(body, uint16(2*len(compressionSuites)))
	for _, s := range compressionSuites {
		body = binary.BigEndian.AppendUint16(body, s)
	}
	body = append(body, 2, 1, 0) // compression methods: DEFLATE, null

	var ext []byte
	addExt := func(typ uint16, data []byte) {
		ext = binary.BigEndian.AppendUint16(ext, typ)
		ext = binary.BigEndian.AppendUint16(ext, uint16(len(data)))
		ext = append(ext, data...)
	}
	if sni != "" {
		var sn []byte
		sn = binary.BigEndian.AppendUint16(sn, uint16(len(sni)+3))
		sn = append(sn, 0) // host_name
		sn = binary.BigEndian.AppendUint16(sn, uint16(len(sni)))
		sn = append(sn, sni...)
		addExt(0x0000, sn)
	}
	addExt(0x000a, []byte{0, 6, 0x00, 0x1d, 0x00, 0x17, 0x00, 0x18}) // groups: x25519, P-256, P-384
	addExt(0x000b, []byte{1, 0})                                     // ec_point_formats: uncompressed
	sigalgs := []uint16{0x0403, 0x0503, 0x0603, 0x0804, 0x0805, 0x0806, 0x0401, 0x0501, 0x0601, 0x0201, 0x0203}
	var sa []byte
	sa = binary.BigEndian.AppendUint16(sa, uint16(2*len(sigalgs)))
	for _, s := range sigalgs {
		sa = binary.BigEndian.AppendUint16(sa, s)
	}
	addExt(0x000d, sa)
	addExt(0xff01, []byte{0}) // renegotiation_info, empty
	body = binary.BigEndian.AppendUint16(body, uint16(len(ext)))
	body = append(body, ext...)

	hs := []byte{0x01, byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}
	hs = append(hs, body...)
	rec := []byte{0x16, 0x03, 0x01, byte(len(hs) >> 8), byte(len(hs))}
	return append(rec, hs...)
}

// serverHelloCompression reads the first handshake record and returns the
// ServerHello's compression_method.
func serverHelloCompression(r io.Reader) (byte, bool) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil || hdr[0] != 0x16 {
		return 0, false // an alert, or not TLS
	}
	n := int(binary.BigEndian.Uint16(hdr[3:]))
	if n < 4 || n > 1<<14+2048 {
		return 0, false
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(r, msg); err != nil || msg[0] != 0x02 {
		return 0, false
	}
	// type(1) length(3) version(2) random(32) session_id(1+len) suite(2) compression(1)
	i := 4 + 2 + 32
	if len(msg) < i+1 {
		return 0, false
	}
	i += 1 + int(msg[i])
	i += 2
	if len(msg) <= i {
		return 0, false
	}
	return msg[i], true
}
