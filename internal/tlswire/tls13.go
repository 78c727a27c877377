package tlswire

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/hkdf"
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
	Alert     *Alert
}

// ReadTLS13 sends h (which must offer TLS 1.3 with key shares for groups
// KeyShare can finish) on rw and reads the server's encrypted flight up to
// its CertificateVerify or Finished.
func ReadTLS13(rw io.ReadWriter, h *Hello) (*TLS13Flight, error) {
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
	var dec *recordDecrypter
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
			dec, err = handshakeKeys(sh, transcript)
			if err != nil {
				return out, err
			}
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
				done := out.message13(hs[0], hs[4:4+n])
				hs = hs[4+n:]
				if done {
					return out, nil
				}
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

// handshakeKeys runs the key schedule of RFC 8446 7.1 up to the server's
// handshake traffic keys.
func handshakeKeys(sh *ServerHello, transcript []byte) (*recordDecrypter, error) {
	var newHash func() hash.Hash
	var keyLen int
	var newAEAD func(key []byte) (cipher.AEAD, error)
	gcm := func(key []byte) (cipher.AEAD, error) {
		b, err := aes.NewCipher(key)
		if err != nil {
			return nil, err
		}
		return cipher.NewGCM(b)
	}
	switch sh.Suite {
	case 0x1301:
		newHash, keyLen, newAEAD = sha256.New, 16, gcm
	case 0x1302:
		newHash, keyLen, newAEAD = sha512.New384, 32, gcm
	case 0x1303:
		newHash, keyLen, newAEAD = sha256.New, 32, chacha20poly1305.New
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
	size := newHash().Size()
	zero := make([]byte, size)
	early, err := hkdf.Extract(newHash, zero, nil)
	if err != nil {
		return nil, err
	}
	derived, err := deriveSecret(newHash, early, "derived", nil)
	if err != nil {
		return nil, err
	}
	handshake, err := hkdf.Extract(newHash, shared, derived)
	if err != nil {
		return nil, err
	}
	server, err := deriveSecret(newHash, handshake, "s hs traffic", transcript)
	if err != nil {
		return nil, err
	}
	key, err := expandLabel(newHash, server, "key", nil, keyLen)
	if err != nil {
		return nil, err
	}
	iv, err := expandLabel(newHash, server, "iv", nil, 12)
	if err != nil {
		return nil, err
	}
	aead, err := newAEAD(key)
	if err != nil {
		return nil, err
	}
	return &recordDecrypter{aead: aead, iv: iv}, nil
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
