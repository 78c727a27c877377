package tlswire

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
	"crypto/hmac"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"io"

	"golang.org/x/crypto/chacha20poly1305"
)

// TLS13Flight is what a TLS 1.3 server sends under its handshake keys, up
// to its CertificateVerify: what the scan reads to learn the certificate a
// set of signature algorithms reaches, the ALPN protocol and the stapled
// OCSP response. No handshake is finished.
type TLS13Flight struct {
	Hello              *ServerHello
	ALPN               string
	Certificates       [][]byte
	OCSP               []byte // the leaf's status_request entry extension
	CertificateRequest bool
	// EarlyData: EncryptedExtensions carried early_data (only with a PSK).
	EarlyData bool
	// Ticket: a NewSessionTicket came (FinishTLS13); MaxEarlyData is its
	// early_data extension's max_early_data_size (0: no early data).
	Ticket       bool
	MaxEarlyData uint32
	Alert        *Alert
}

// ReadTLS13 sends h (which must offer TLS 1.3 with key shares for groups
// KeyShare can finish) on rw and reads the server's encrypted flight up to
// its CertificateVerify.
func ReadTLS13(rw io.ReadWriter, h *Hello) (*TLS13Flight, error) {
	return readTLS13(rw, h, false)
}

// FinishTLS13 goes further than ReadTLS13: it reads up to the server's
// Finished, sends ours (with an empty Certificate when one was asked for),
// and reads the NewSessionTickets that follow, until one arrives or the
// connection's deadline passes. The server's certificate is not verified:
// the scan only reads what the server offers.
func FinishTLS13(rw io.ReadWriter, h *Hello) (*TLS13Flight, error) {
	return readTLS13(rw, h, true)
}

func readTLS13(rw io.ReadWriter, h *Hello, finish bool) (*TLS13Flight, error) {
	msg, err := h.Message()
	if err != nil {
		return nil, err
	}
	if _, err := rw.Write(Records(RecordHandshake, VersionTLS10, msg)); err != nil {
		return nil, err
	}
	out := &TLS13Flight{}
	transcript := append([]byte(nil), msg...)
	var hs []byte
	var ks *keySchedule
	var dec *recordDecrypter
	var certContext []byte
	for range 64 {
		rec, err := ReadRecord(rw)
		if err != nil {
			return out, err
		}
		switch {
		case rec.Type == RecordAlert && len(rec.Payload) >= 2:
			out.Alert = &Alert{Level: rec.Payload[0], Description: rec.Payload[1]}
			return out, nil
		case rec.Type == RecordChangeCipherSpec:
			continue
		case rec.Type == RecordHandshake && dec == nil:
			hs = append(hs, rec.Payload...)
			if len(hs) < 4 {
				continue
			}
			n := int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3])
			if len(hs) < 4+n {
				continue
			}
			if hs[0] != MsgServerHello {
				return out, fmt.Errorf("tlswire: expected a ServerHello, got message %d", hs[0])
			}
			sh, err := ParseServerHello(hs[4 : 4+n])
			if err != nil {
				return out, err
			}
			out.Hello = sh
			if sh.Retry || sh.Version != VersionTLS13 {
				return out, errors.New("tlswire: no TLS 1.3 ServerHello with our key share")
			}
			transcript = append(transcript, hs[:4+n]...)
			hs = hs[4+n:]
			ks, err = handshakeKeys(sh, transcript)
			if err != nil {
				return out, err
			}
			dec = ks.server
		case rec.Type == RecordApplicationData && dec != nil:
			typ, plain, err := dec.open(rec)
			if err != nil {
				return out, err
			}
			if typ == RecordAlert && len(plain) >= 2 {
				out.Alert = &Alert{Level: plain[0], Description: plain[1]}
				return out, nil
			}
			if typ != RecordHandshake {
				continue
			}
			hs = append(hs, plain...)
			for len(hs) >= 4 {
				n := int(hs[1])<<16 | int(hs[2])<<8 | int(hs[3])
				if n > MaxFlight {
					return out, errors.New("tlswire: handshake message over 1 MiB")
				}
				if len(hs) < 4+n {
					break
				}
				typ, body := hs[0], hs[4:4+n]
				if typ == MsgCertificateRequest && len(body) > 0 && int(body[0]) < len(body) {
					certContext = append([]byte(nil), body[1:1+int(body[0])]...)
				}
				done := out.message13(typ, body)
				if typ == MsgNewSessionTicket {
					return out, nil
				}
				if typ == MsgFinished && finish {
					transcript = append(transcript, hs[:4+n]...)
					hs = hs[4+n:]
					if dec, err = ks.finish(rw, transcript, out.CertificateRequest, certContext); err != nil {
						return out, err
					}
					continue
				}
				if done && !finish {
					return out, nil
				}
				if !finish || typ != MsgFinished {
					transcript = append(transcript, hs[:4+n]...)
				}
				hs = hs[4+n:]
			}
		default:
			return out, fmt.Errorf("tlswire: unexpected record type %d", rec.Type)
		}
	}
	return out, errors.New("tlswire: too many records")
}

// message13 files one decrypted handshake message; done once the server's
// certificate has been vouched for (CertificateVerify) or Finished came.
func (f *TLS13Flight) message13(typ uint8, body []byte) (done bool) {
	switch typ {
	case 8: // EncryptedExtensions
		if len(body) < 2 {
			return false
		}
		p := body[2:]
		for len(p) >= 4 {
			t, l := binary.BigEndian.Uint16(p), int(binary.BigEndian.Uint16(p[2:]))
			if 4+l > len(p) {
				break
			}
			d := p[4 : 4+l]
			switch t {
			case ExtALPN:
				if len(d) >= 3 && int(d[2])+3 <= len(d) {
					f.ALPN = string(d[3 : 3+int(d[2])])
				}
			case ExtEarlyData:
				f.EarlyData = true
			}
			p = p[4+l:]
		}
	case MsgCertificateRequest:
		f.CertificateRequest = true
	case MsgCertificate:
		f.Certificates, f.OCSP = parseCertificate13(body)
	case 15, MsgFinished: // CertificateVerify, Finished
		return true
	case MsgNewSessionTicket:
		f.Ticket = true
		// lifetime(4) age_add(4) nonce<1> ticket<2> extensions<2>
		if len(body) < 9 {
			return false
		}
		p := body[8:]
		if len(p) < 1+int(p[0])+2 {
			return false
		}
		p = p[1+int(p[0]):]
		tl := int(binary.BigEndian.Uint16(p))
		if len(p) < 2+tl+2 {
			return false
		}
		p = p[2+tl+2:]
		for len(p) >= 4 {
			t, l := binary.BigEndian.Uint16(p), int(binary.BigEndian.Uint16(p[2:]))
			if 4+l > len(p) {
				break
			}
			if t == ExtEarlyData && l == 4 {
				f.MaxEarlyData = binary.BigEndian.Uint32(p[4:])
			}
			p = p[4+l:]
		}
	}
	return false
}

func parseCertificate13(b []byte) (certs [][]byte, ocsp []byte) {
	if len(b) < 1 || len(b) < 1+int(b[0])+3 {
		return nil, nil
	}
	b = b[1+int(b[0]):]
	n := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
	b = b[3:]
	if n < len(b) {
		b = b[:n]
	}
	for len(b) >= 3 {
		l := int(b[0])<<16 | int(b[1])<<8 | int(b[2])
		if 3+l+2 > len(b) {
			break
		}
		certs = append(certs, b[3:3+l])
		b = b[3+l:]
		el := int(binary.BigEndian.Uint16(b))
		if 2+el > len(b) {
			break
		}
		exts := b[2 : 2+el]
		if len(certs) == 1 {
			for len(exts) >= 4 {
				t, l := binary.BigEndian.Uint16(exts), int(binary.BigEndian.Uint16(exts[2:]))
				if 4+l > len(exts) {
					break
				}
				if t == ExtStatusRequest && l > 4 && exts[4] == 1 {
					ocsp = exts[8 : 4+l]
				}
				exts = exts[4+l:]
			}
		}
		b = b[2+el:]
	}
	return certs, ocsp
}

// recordDecrypter opens the server's handshake records.
type recordDecrypter struct {
	aead cipher.AEAD
	iv   []byte
	seq  uint64
}

func (d *recordDecrypter) open(rec Record) (uint8, []byte, error) {
	nonce := make([]byte, len(d.iv))
	copy(nonce, d.iv)
	for i := 0; i < 8; i++ {
		nonce[len(nonce)-1-i] ^= byte(d.seq >> (8 * i))
	}
	d.seq++
	hdr := []byte{rec.Type, byte(rec.Version >> 8), byte(rec.Version), byte(len(rec.Payload) >> 8), byte(len(rec.Payload))}
	plain, err := d.aead.Open(nil, nonce, rec.Payload, hdr)
	if err != nil {
		return 0, nil, errors.New("tlswire: a TLS 1.3 record did not decrypt")
	}
	i := len(plain) - 1
	for i >= 0 && plain[i] == 0 {
		i--
	}
	if i < 0 {
		return 0, nil, errors.New("tlswire: a TLS 1.3 record without a content type")
	}
	return plain[i], plain[:i], nil
}

// keySchedule is one connection's TLS 1.3 secrets (RFC 8446 7.1).
type keySchedule struct {
	hash      func() hash.Hash
	keyLen    int
	newAEAD   func(key []byte) (cipher.AEAD, error)
	handshake []byte // handshake secret
	client    []byte // client handshake traffic secret
	server    *recordDecrypter
}

// handshakeKeys runs the key schedule of RFC 8446 7.1 up to the handshake
// traffic keys.
func handshakeKeys(sh *ServerHello, transcript []byte) (*keySchedule, error) {
	ks := &keySchedule{}
	gcm := func(key []byte) (cipher.AEAD, error) {
		b, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		return cipher.NewGCM(b)
	}
	switch sh.Suite {
	case 0x1301:
		ks.hash, ks.keyLen, ks.newAEAD = sha256.New, 16, gcm
	case 0x1302:
		ks.hash, ks.keyLen, ks.newAEAD = sha512.New384, 32, gcm
	case 0x1303:
		ks.hash, ks.keyLen, ks.newAEAD = sha256.New, 32, chacha20poly1305.New
	default:
		return nil, fmt.Errorf("tlswire: TLS 1.3 suite %#04x is not one tlscheck decrypts", sh.Suite)
	}
	share := sh.Extensions[ExtKeyShare]
	if len(share) < 4 {
		return nil, errors.New("tlswire: ServerHello without a key share")
	}
	n := int(binary.BigEndian.Uint16(share[2:]))
	if len(share) < 4+n {
		return nil, errors.New("tlswire: truncated key share")
	}
	shared, err := sharedSecret(sh.Group, share[4:4+n])
	if err != nil {
		return nil, err
	}
	zero := make([]byte, ks.hash().Size())
	early, err := hkdf.Extract(ks.hash, zero, nil)
	if err != nil {
		return nil, err
	}
	derived, err := deriveSecret(ks.hash, early, "derived", nil)
	if err != nil {
		return nil, err
	}
	if ks.handshake, err = hkdf.Extract(ks.hash, shared, derived); err != nil {
		return nil, err
	}
	server, err := deriveSecret(ks.hash, ks.handshake, "s hs traffic", transcript)
	if err != nil {
		return nil, err
	}
	if ks.client, err = deriveSecret(ks.hash, ks.handshake, "c hs traffic", transcript); err != nil {
		return nil, err
	}
	ks.server, err = ks.keys(server)
	return ks, err
}

// keys makes the record protection of a traffic secret.
func (ks *keySchedule) keys(secret []byte) (*recordDecrypter, error) {
	key, err := expandLabel(ks.hash, secret, "key", nil, ks.keyLen)
	if err != nil {
		return nil, err
	}
	iv, err := expandLabel(ks.hash, secret, "iv", nil, 12)
	if err != nil {
		return nil, err
	}
	aead, err := ks.newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &recordDecrypter{aead: aead, iv: iv}, nil
}

// finish sends the client's flight (an empty Certificate when asked for,
// then Finished) and returns the protection of the server's application
// records. transcript runs to the server's Finished.
func (ks *keySchedule) finish(w io.Writer, transcript []byte, certRequested bool, certContext []byte) (*recordDecrypter, error) {
	derived, err := deriveSecret(ks.hash, ks.handshake, "derived", nil)
	if err != nil {
		return nil, err
	}
	master, err := hkdf.Extract(ks.hash, make([]byte, ks.hash().Size()), derived)
	if err != nil {
		return nil, err
	}
	serverApp, err := deriveSecret(ks.hash, master, "s ap traffic", transcript)
	if err != nil {
		return nil, err
	}
	enc, err := ks.keys(ks.client)
	if err != nil {
		return nil, err
	}
	var flight []byte
	if certRequested {
		body := append([]byte{byte(len(certContext))}, certContext...)
		body = append(body, 0, 0, 0) // no certificates
		msg := append([]byte{MsgCertificate, 0, 0, byte(len(body))}, body...)
		transcript = append(transcript, msg...)
		flight = append(flight, msg...)
	}
	finishedKey, err := expandLabel(ks.hash, ks.client, "finished", nil, ks.hash().Size())
	if err != nil {
		return nil, err
	}
	th := ks.hash()
	th.Write(transcript)
	mac := hmac.New(ks.hash, finishedKey)
	mac.Write(th.Sum(nil))
	verify := mac.Sum(nil)
	flight = append(flight, MsgFinished, 0, 0, byte(len(verify)))
	flight = append(flight, verify...)
	out := []byte{RecordChangeCipherSpec, 3, 3, 0, 1, 1} // middlebox compatibility (RFC 8446 D.4)
	out = append(out, enc.seal(RecordHandshake, flight)...)
	if _, err := w.Write(out); err != nil {
		return nil, err
	}
	return ks.keys(serverApp)
}

// seal protects one record of type typ.
func (d *recordDecrypter) seal(typ uint8, payload []byte) []byte {
	nonce := make([]byte, len(d.iv))
	copy(nonce, d.iv)
	for i := 0; i < 8; i++ {
		nonce[len(nonce)-1-i] ^= byte(d.seq >> (8 * i))
	}
	d.seq++
	inner := append(append([]byte(nil), payload...), typ)
	n := len(inner) + d.aead.Overhead()
	hdr := []byte{RecordApplicationData, 3, 3, byte(n >> 8), byte(n)}
	return d.aead.Seal(hdr, nonce, inner, hdr)
}

func expandLabel(h func() hash.Hash, secret []byte, label string, context []byte, length int) ([]byte, error) {
	full := "tls13 " + label
	info := make([]byte, 0, 4+len(full)+len(context))
	info = binary.BigEndian.AppendUint16(info, uint16(length))
	info = append(info, byte(len(full)))
	info = append(info, full...)
	info = append(info, byte(len(context)))
	info = append(info, context...)
	return hkdf.Expand(h, secret, string(info), length)
}

func deriveSecret(h func() hash.Hash, secret []byte, label string, transcript []byte) ([]byte, error) {
	th := h()
	th.Write(transcript)
	return expandLabel(h, secret, label, th.Sum(nil), th.Size())
}
