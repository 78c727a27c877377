package tlswire

import (
	"crypto/rand"
	"encoding/binary"
	"errors"
	"io"
)

// SSL2Kinds are the SSL 2.0 cipher kinds (3-byte codes) a detection hello
// offers: every kind SSL 2.0 defined.
var SSL2Kinds = []uint32{
	0x010080, // SSL_CK_RC4_128_WITH_MD5
	0x020080, // SSL_CK_RC4_128_EXPORT40_WITH_MD5
	0x030080, // SSL_CK_RC2_128_CBC_WITH_MD5
	0x040080, // SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5
	0x050080, // SSL_CK_IDEA_128_CBC_WITH_MD5
	0x060040, // SSL_CK_DES_64_CBC_WITH_MD5
	0x0700c0, // SSL_CK_DES_192_EDE3_CBC_WITH_MD5
}

// SSL2ClientHello returns an SSL 2.0 CLIENT-HELLO record offering kinds.
func SSL2ClientHello(kinds []uint32) []byte {
	var w builder
	w.u8(1) // CLIENT-HELLO
	w.u16(VersionSSL20)
	w.u16(uint16(3 * len(kinds)))
	w.u16(0)  // session id length
	w.u16(16) // challenge length
	for _, k := range kinds {
		w.u8(byte(k >> 16))
		w.u8(byte(k >> 8))
		w.u8(byte(k))
	}
	var challenge [16]byte
	rand.Read(challenge[:])
	w.bytes(challenge[:])
	n := len(w.b)
	return append([]byte{0x80 | byte(n>>8), byte(n)}, w.b...)
}

// SSL2ServerHello is an SSL 2.0 SERVER-HELLO.
type SSL2ServerHello struct {
	Version     uint16
	Certificate []byte
	Kinds       []uint32 // the cipher kinds the server accepts
}

// readSSL2ServerHello reads the rest of an SSL 2.0 record whose first byte
// (with the high bit set: a 2-byte header) was b0.
func readSSL2ServerHello(r io.Reader, b0 byte) (*SSL2ServerHello, error) {
	var b1 [1]byte
	if _, err := io.ReadFull(r, b1[:]); err != nil {
		return nil, err
	}
	n := int(b0&0x7f)<<8 | int(b1[0])
	if n < 11 {
		return nil, errors.New("tlswire: SSL 2.0 record too short")
	}
	msg := make([]byte, n)
	if _, err := io.ReadFull(r, msg); err != nil {
		return nil, err
	}
	if msg[0] != 4 {
		return nil, errors.New("tlswire: SSL 2.0 answer is not a SERVER-HELLO")
	}
	s := &SSL2ServerHello{Version: binary.BigEndian.Uint16(msg[3:])}
	certLen := int(binary.BigEndian.Uint16(msg[5:]))
	specLen := int(binary.BigEndian.Uint16(msg[7:]))
	p := msg[11:]
	if len(p) < certLen+specLen {
		return s, errors.New("tlswire: SSL 2.0 SERVER-HELLO truncated")
	}
	s.Certificate = p[:certLen]
	specs := p[certLen : certLen+specLen]
	for len(specs) >= 3 {
		s.Kinds = append(s.Kinds, uint32(specs[0])<<16|uint32(specs[1])<<8|uint32(specs[2]))
		specs = specs[3:]
	}
	return s, nil
}
