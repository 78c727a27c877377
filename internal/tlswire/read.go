package tlswire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Record is one TLS record as read.
type Record struct {
	Type    uint8
	Version uint16
	Payload []byte
}

// ErrNotTLS is returned when the first bytes are not a TLS record (an HTTP
// reply, a banner).
var ErrNotTLS = errors.New("tlswire: the server's answer is not TLS")

// MaxRecord bounds a record's payload: 2^14 plus the expansion RFC 5246
// allows, and a little more for broken servers.
const MaxRecord = 1<<14 + 2048 + 256

// ReadRecord reads one record.
func ReadRecord(r io.Reader) (Record, error) {
	var hdr [5]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return Record{}, err
	}
	if hdr[0] < 20 || hdr[0] > 24 || hdr[1] != 3 && !(hdr[1] == 0 && hdr[2] == 0) {
		return Record{Payload: append([]byte(nil), hdr[:]...)}, ErrNotTLS
	}
	n := int(binary.BigEndian.Uint16(hdr[3:]))
	if n > MaxRecord {
		return Record{}, fmt.Errorf("tlswire: record of %d bytes", n)
	}
	rec := Record{Type: hdr[0], Version: binary.BigEndian.Uint16(hdr[1:3]), Payload: make([]byte, n)}
	if _, err := io.ReadFull(r, rec.Payload); err != nil {
		return rec, err
	}
	return rec, nil
}

// Alert is a TLS alert.
type Alert struct {
	Level       uint8
	Description uint8
}

// Alert descriptions the scan decides on.
const (
	AlertCloseNotify            uint8 = 0
	AlertUnexpectedMessage      uint8 = 10
	AlertBadRecordMAC           uint8 = 20
	AlertHandshakeFailure       uint8 = 40
	AlertIllegalParameter       uint8 = 47
	AlertDecodeError            uint8 = 50
	AlertDecryptError           uint8 = 51
	AlertProtocolVersion        uint8 = 70
	AlertInsufficientSecurity   uint8 = 71
	AlertInternalError          uint8 = 80
	AlertInappropriateFallback  uint8 = 86
	AlertNoRenegotiation        uint8 = 100
	AlertUnrecognizedName       uint8 = 112
	AlertNoApplicationProtocol  uint8 = 120
	AlertUnsupportedExtension   uint8 = 110
	AlertCertificateRequired    uint8 = 116
	AlertMissingExtension       uint8 = 109
	AlertUnknownPSKIdentity     uint8 = 115
	AlertBadCertificateStatus   uint8 = 113
	AlertRecordOverflow         uint8 = 22
	AlertDecompressionFailure   uint8 = 30
	AlertUserCanceled           uint8 = 90
	AlertExportRestriction      uint8 = 60
	AlertAccessDenied           uint8 = 49
	AlertUnknownCA              uint8 = 48
	AlertBadCertificate         uint8 = 42
	AlertUnsupportedCertificate uint8 = 43
)

// hrrRandom marks a ServerHello that is a HelloRetryRequest (RFC 8446 4.1.3).
var hrrRandom = []byte{
	0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
	0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
}

// ServerHello is a parsed ServerHello or HelloRetryRequest.
type ServerHello struct {
	LegacyVersion uint16
	// Version is the negotiated version: supported_versions when present,
	// else LegacyVersion.
	Version     uint16
	Random      []byte
	SessionID   []byte
	Suite       uint16
	Compression uint8
	// Retry marks a HelloRetryRequest.
	Retry bool
	// Group is the key_share group (ServerHello) or the group asked for
	// (HelloRetryRequest); 0 when absent.
	Group      uint16
	Extensions map[uint16][]byte
	// ExtensionOrder keeps the order the server sent them in.
	ExtensionOrder []uint16
}

// Has reports whether the server sent extension t.
func (s *ServerHello) Has(t uint16) bool {
	_, ok := s.Extensions[t]
	return ok
}

// ALPN returns the protocol the server selected, "" when none.
func (s *ServerHello) ALPN() string {
	d := s.Extensions[ExtALPN]
	if len(d) < 3 || int(d[2])+3 > len(d) {
		return ""
	}
	return string(d[3 : 3+int(d[2])])
}

// HeartbeatMode returns the heartbeat extension's mode and whether it was
// sent.
func (s *ServerHello) HeartbeatMode() (uint8, bool) {
	d, ok := s.Extensions[ExtHeartbeat]
	if !ok || len(d) < 1 {
		return 0, ok
	}
	return d[0], true
}

// ParseServerHello reads a ServerHello body (without the 4-byte header).
func ParseServerHello(b []byte) (*ServerHello, error) {
	if len(b) < 38 {
		return nil, errors.New("tlswire: ServerHello too short")
	}
	s := &ServerHello{LegacyVersion: binary.BigEndian.Uint16(b), Random: b[2:34], Extensions: map[uint16][]byte{}}
	s.Version = s.LegacyVersion
	s.Retry = bytes.Equal(s.Random, hrrRandom)
	sidLen := int(b[34])
	p := b[35:]
	if len(p) < sidLen+3 {
		return nil, errors.New("tlswire: ServerHello truncated")
	}
	s.SessionID = p[:sidLen]
	p = p[sidLen:]
	s.Suite = binary.BigEndian.Uint16(p)
	s.Compression = p[2]
	p = p[3:]
	if len(p) < 2 {
		return s, nil
	}
	n := int(binary.BigEndian.Uint16(p))
	p = p[2:]
	if n > len(p) {
		return nil, errors.New("tlswire: ServerHello extensions truncated")
	}
	p = p[:n]
	for len(p) >= 4 {
		t, l := binary.BigEndian.Uint16(p), int(binary.BigEndian.Uint16(p[2:]))
		if 4+l > len(p) {
			return nil, errors.New("tlswire: ServerHello extension truncated")
		}
		s.Extensions[t] = p[4 : 4+l]
		s.ExtensionOrder = append(s.ExtensionOrder, t)
		p = p[4+l:]
	}
	if d := s.Extensions[ExtSupportedVersions]; len(d) == 2 {
		s.Version = binary.BigEndian.Uint16(d)
	}
	if d := s.Extensions[ExtKeyShare]; len(d) >= 2 {
		s.Group = binary.BigEndian.Uint16(d)
	}
	return s, nil
}

// Flight is what a server sent in answer to a ClientHello, up to the point
// where the scan has its answer: the ServerHelloDone (TLS 1.2 and older),
// the ServerHello (TLS 1.3, where the rest is encrypted), a
// HelloRetryRequest, an alert, or the end of the connection.
type Flight struct {
	Hello        *ServerHello
	SSL2         *SSL2ServerHello
	Certificates [][]byte // TLS 1.2 and older: the Certificate message
	// CertificateTooLarge: the Certificate message exceeded MaxFlight.
	CertificateTooLarge bool
	OCSP                []byte // CertificateStatus body (stapled OCSP response)
	ServerKeyExchange   []byte // body
	CertificateRequest  bool
	HelloDone           bool
	Alert               *Alert
	// Records and Bytes count what was read.
	Records, Bytes int
	// NotTLS holds the first bytes when the answer was not TLS.
	NotTLS []byte
}

// MaxFlight bounds the handshake bytes a flight may hold.
const MaxFlight = 1 << 20

// ReadFlight reads records until the flight says what the scan needs. The
// error is the read error that ended it early (a timeout, a reset, EOF);
// the flight holds whatever arrived before.
func ReadFlight(r io.Reader) (*Flight, error) {
	f := &Flight{}
	var hs []byte // handshake bytes not yet parsed into messages
	first := true
	for {
		if first {
			// An SSL 2.0 server answers in its own record format.
			var peek [1]byte
			if _, err := io.ReadFull(r, peek[:]); err != nil {
				return f, err
			}
			first = false
			if peek[0]&0x80 != 0 {
				s2, err := readSSL2ServerHello(r, peek[0])
				f.SSL2 = s2
				return f, err
			}
			r = io.MultiReader(bytes.NewReader(peek[:]), r)
		}
		rec, err := ReadRecord(r)
		if err == ErrNotTLS {
			f.NotTLS = rec.Payload
			return f, err
		}
		if err != nil {
			return f, err
		}
		f.Records++
		f.Bytes += 5 + len(rec.Payload)
		switch rec.Type {
		case RecordAlert:
			if len(rec.Payload) >= 2 {
				f.Alert = &Alert{Level: rec.Payload[0], Description: rec.Payload[1]}
			} else {
				f.Alert = &Alert{Level: 2}
			}
			return f, nil
		case RecordHandshake:
			hs = append(hs, rec.Payload...)
			if len(hs) > MaxFlight {
				f.CertificateTooLarge = true
				return f, errors.New("tlswire: server flight over 1 MiB")
			}
			for len(hs) >= 4 {
				n := int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3])
				if n > MaxFlight {
					f.CertificateTooLarge = hs[0] == MsgCertificate
					return f, fmt.Errorf("tlswire: handshake message of %d bytes", n)
				}
				if len(hs) < 4+n {
					break
				}
				typ, body := hs[0], hs[4:4+n]
				hs = hs[4+n:]
				done, err := f.message(typ, body)
				if err != nil || done {
					return f, err
				}
			}
		case RecordChangeCipherSpec, RecordApplicationData:
			// TLS 1.3 after the ServerHello: encrypted from here on.
			if f.Hello != nil {
				return f, nil
			}
			return f, errors.New("tlswire: encrypted record before the ServerHello")
		default:
			// Heartbeat and others: ignore.
		}
	}
}

// message files one handshake message; done says the flight is complete.
func (f *Flight) message(typ uint8, body []byte) (done bool, err error) {
	switch typ {
	case MsgServerHello:
		sh, err := ParseServerHello(body)
		if err != nil {
			return true, err
		}
		f.Hello = sh
		return sh.Retry || sh.Version >= VersionTLS13, nil
	case MsgCertificate:
		f.Certificates = parseCertificateList(body)
	case MsgServerKeyExchange:
		f.ServerKeyExchange = body
	case MsgCertificateStatus:
		if len(body) > 4 && body[0] == 1 {
			f.OCSP = body[4:]
		}
	case MsgCertificateRequest:
		f.CertificateRequest = true
	case MsgServerHelloDone:
		f.HelloDone = true
		return true, nil
	}
	return false, nil
}

func parseCertificateList(b []byte) [][]byte {
	if len(b) < 3 {
		return nil
	}
	n := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	b = b[3:]
	if n < len(b) {
		b = b[:n]
	}
	var out [][]byte
	for len(b) >= 3 {
		l := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
		if 3+l > len(b) {
			break
		}
		out = append(out, b[3:3+l])
		b = b[3+l:]
	}
	return out
}

// ECDHEParams reads the named curve of an ECDHE ServerKeyExchange.
func ECDHEParams(ske []byte) (group uint16, ok bool) {
	if len(ske) < 4 || ske[0] != 3 {
		return 0, false
	}
	return binary.BigEndian.Uint16(ske[1:]), true
}

// DHEParams reads a finite-field DHE ServerKeyExchange: the prime and the
// generator.
func DHEParams(ske []byte) (p, g []byte, ok bool) {
	read := func(b []byte) ([]byte, []byte, bool) {
		if len(b) < 2 {
			return nil, nil, false
		}
		n := int(binary.BigEndian.Uint16(b))
		if len(b) < 2+n {
			return nil, nil, false
		}
		return b[2 : 2+n], b[2+n:], true
	}
	p, rest, ok := read(ske)
	if !ok {
		return nil, nil, false
	}
	g, _, ok = read(rest)
	return p, g, ok
}

// DHBits is the size of a DHE prime in bits.
func DHBits(p []byte) int {
	for len(p) > 0 && p[0] == 0 {
		p = p[1:]
	}
	if len(p) == 0 {
		return 0
	}
	bits := len(p) * 8
	for m := byte(0x80); p[0]&m == 0; m >>= 1 {
		bits--
	}
	return bits
}

// RSAParams reads an export RSA ServerKeyExchange: the temporary key's
// modulus size in bits.
func RSAParams(ske []byte) (modulusBits int, ok bool) {
	if len(ske) < 2 {
		return 0, false
	}
	n := int(binary.BigEndian.Uint16(ske))
	if len(ske) < 2+n {
		return 0, false
	}
	return DHBits(ske[2 : 2+n]), true
}
