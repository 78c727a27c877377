package scantest

import (
	"crypto/rand"
	"crypto/rsa"
	"encoding/binary"
	"errors"
	"io"
	"math/big"
	"net"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/certgen"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// Weak configures an in-process TLS server that speaks raw records and
// has the weaknesses no current library will serve: SSL 3.0, export
// suites, DHE-1024, compression, Heartbleed, CCS injection, a ROBOT
// oracle, renegotiation without RFC 5746, no TLS_FALLBACK_SCSV, resets on
// large hellos. It answers a ClientHello with ServerHello, Certificate,
// ServerKeyExchange (when the suite needs one) and ServerHelloDone, then
// reacts to what the client sends before the handshake would end. It never
// completes a handshake: nothing it sends is signed or encrypted, which the
// scan never checks.
type Weak struct {
	// MinVersion and MaxVersion bound the versions it accepts (TLS 1.2 at
	// most; default TLS 1.0 to TLS 1.2).
	MinVersion, MaxVersion uint16
	// Suites in the server's order (default TLS_RSA_WITH_AES_128_CBC_SHA).
	Suites []uint16
	// Heartbeat echoes the heartbeat extension; Heartbleed answers a
	// heartbeat request with as many bytes as it claims (else an oversized
	// request is dropped, as RFC 6520 says).
	Heartbeat, Heartbleed bool
	// EarlyCCS accepts a ChangeCipherSpec before the key exchange (CVE-2014-0224);
	// else it answers unexpected_message.
	EarlyCCS bool
	// RobotOracle answers a ClientKeyExchange whose decryption does not start
	// 00 02 with handshake_failure, and any other with bad_record_mac (a
	// strong Bleichenbacher oracle); else every one gets bad_record_mac.
	RobotOracle bool
	// Compression chooses DEFLATE when offered.
	Compression bool
	// NoRenegInfo leaves renegotiation_info out of the ServerHello.
	NoRenegInfo bool
	// NoFallbackSCSV ignores TLS_FALLBACK_SCSV.
	NoFallbackSCSV bool
	// DHBits is the DHE prime's size (default 2048).
	DHBits int
	// SSL2 answers an SSL 2.0 CLIENT-HELLO with a SERVER-HELLO offering
	// SSL_CK_RC4_128_WITH_MD5 and SSL_CK_DES_192_EDE3_CBC_WITH_MD5.
	SSL2 bool
	// ResetAbove resets (TCP RST) a connection whose hello record is
	// larger than this many bytes; 0 never.
	ResetAbove int
}

// WeakServer is a running Weak server.
type WeakServer struct {
	Port int
	// Conns counts the connections accepted.
	Conns atomic.Int64
}

var (
	weakOnce sync.Once
	weakCert *certgen.Cert
)

// weakLeaf is the RSA leaf every Weak server serves, made once.
func weakLeaf() *certgen.Cert {
	weakOnce.Do(func() {
		root := certgen.Root("Scantest Weak Root")
		weakCert = certgen.Leaf("localhost", root, certgen.DNS("localhost"), certgen.IP("127.0.0.1"), certgen.KeyType("rsa2048"))
	})
	return weakCert
}

// StartWeak runs w on a loopback port until the test ends.
func StartWeak(t testing.TB, w Weak) *WeakServer {
	t.Helper()
	if w.MinVersion == 0 {
		w.MinVersion = tlswire.VersionTLS10
	}
	if w.MaxVersion == 0 {
		w.MaxVersion = tlswire.VersionTLS12
	}
	if len(w.Suites) == 0 {
		w.Suites = []uint16{0x002f}
	}
	if w.DHBits == 0 {
		w.DHBits = 2048
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	srv := &WeakServer{Port: ln.Addr().(*net.TCPAddr).Port}
	leaf := weakLeaf()
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			srv.Conns.Add(1)
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer c.Close()
				c.SetDeadline(time.Now().Add(5 * time.Second))
				(&weakConn{w: &w, c: c, leaf: leaf}).serve()
			}()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		wg.Wait()
	})
	return srv
}

type weakConn struct {
	w       *Weak
	c       net.Conn
	leaf    *certgen.Cert
	version uint16
}

func (s *weakConn) alert(desc uint8) {
	s.c.Write(tlswire.Records(tlswire.RecordAlert, max(s.version, tlswire.VersionSSL30), []byte{2, desc}))
}

// readHandshake reads handshake records until one whole message is there.
func readHandshake(r io.Reader, first *tlswire.Record) (typ uint8, body []byte, err error) {
	buf := first.Payload
	for range 16 {
		if len(buf) >= 4 {
			n := int(buf[1])<<16 | int(buf[2])<<8 | int(buf[3])
			if len(buf) >= 4+n {
				return buf[0], buf[4 : 4+n], nil
			}
		}
		rec, err := tlswire.ReadRecord(r)
		if err != nil {
			return 0, nil, err
		}
		if rec.Type != tlswire.RecordHandshake {
			return 0, nil, errors.New("not a handshake record")
		}
		buf = append(buf, rec.Payload...)
	}
	return 0, nil, errors.New("handshake message too long")
}

func (s *weakConn) serve() {
	var peek [1]byte
	if _, err := io.ReadFull(s.c, peek[:]); err != nil {
		return
	}
	if peek[0]&0x80 != 0 {
		if s.w.SSL2 {
			s.sslv2()
		}
		return // SSL 2.0 or nothing: hang up
	}
	r := io.MultiReader(strings.NewReader(string(peek[:])), s.c)
	rec, err := tlswire.ReadRecord(r)
	if err != nil || rec.Type != tlswire.RecordHandshake {
		return
	}
	if s.w.ResetAbove > 0 && 5+len(rec.Payload) > s.w.ResetAbove {
		if tc, ok := s.c.(*net.TCPConn); ok {
			tc.SetLinger(0)
		}
		return
	}
	typ, body, err := readHandshake(r, &rec)
	if err != nil || typ != tlswire.MsgClientHello {
		return
	}
	ch, err := tlswire.ParseClientHello(body)
	if err != nil {
		s.alert(tlswire.AlertDecodeError)
		return
	}
	if !s.hello(ch) {
		return
	}
	s.afterHello(r)
}

// hello answers the ClientHello; false when it refused.
func (s *weakConn) hello(ch *tlswire.ClientHello) bool {
	w := s.w
	v := min(ch.Version, w.MaxVersion)
	if sv := ch.SupportedVersions(); sv != nil {
		v = 0
		for _, x := range sv {
			if x >= w.MinVersion && x <= w.MaxVersion && x > v {
				v = x
			}
		}
	}
	s.version = v
	if v < w.MinVersion {
		s.version = w.MinVersion
		s.alert(tlswire.AlertProtocolVersion)
		return false
	}
	if ch.Offers(tlswire.SuiteFallbackSCSV) && v < w.MaxVersion && !w.NoFallbackSCSV {
		s.alert(tlswire.AlertInappropriateFallback)
		return false
	}
	var suite uint16
	for _, x := range w.Suites {
		if ch.Offers(x) {
			suite = x
			break
		}
	}
	if suite == 0 {
		s.alert(tlswire.AlertHandshakeFailure)
		return false
	}
	var comp uint8
	if w.Compression && slices.Contains(ch.Compression, 1) {
		comp = 1
	}
	var exts []byte
	ext := func(t uint16, data ...byte) {
		exts = binary.BigEndian.AppendUint16(exts, t)
		exts = binary.BigEndian.AppendUint16(exts, uint16(len(data)))
		exts = append(exts, data...)
	}
	if !w.NoRenegInfo && (ch.Has(tlswire.ExtRenegotiationInfo) || ch.Offers(tlswire.SuiteEmptyRenegotiationInfoSCSV)) {
		ext(tlswire.ExtRenegotiationInfo, 0)
	}
	if w.Heartbeat && ch.Has(tlswire.ExtHeartbeat) {
		ext(tlswire.ExtHeartbeat, 1)
	}
	var sh []byte
	sh = binary.BigEndian.AppendUint16(sh, v)
	sh = append(sh, random(32)...)
	sh = append(sh, 32)
	sh = append(sh, random(32)...)
	sh = binary.BigEndian.AppendUint16(sh, suite)
	sh = append(sh, comp)
	if len(exts) > 0 {
		sh = binary.BigEndian.AppendUint16(sh, uint16(len(exts)))
		sh = append(sh, exts...)
	}
	var flight []byte
	flight = append(flight, handshake(tlswire.MsgServerHello, sh)...)
	var cert []byte
	cert = append(cert, u24(len(s.leaf.DER))...)
	cert = append(cert, s.leaf.DER...)
	flight = append(flight, handshake(tlswire.MsgCertificate, append(u24(len(cert)), cert...))...)
	if ske := s.keyExchange(suite, ch); ske != nil {
		flight = append(flight, handshake(tlswire.MsgServerKeyExchange, ske)...)
	}
	flight = append(flight, handshake(tlswire.MsgServerHelloDone, nil)...)
	_, err := s.c.Write(tlswire.Records(tlswire.RecordHandshake, v, flight))
	return err == nil
}

// keyExchange is the ServerKeyExchange body the suite needs, nil for none.
// Its values have the sizes a real server's would; the signature is
// random bytes.
func (s *weakConn) keyExchange(suite uint16, ch *tlswire.ClientHello) []byte {
	name := ztls.CipherSuiteID(suite).String()
	var ske []byte
	vec := func(b []byte) { ske = binary.BigEndian.AppendUint16(ske, uint16(len(b))); ske = append(ske, b...) }
	switch {
	case strings.Contains(name, "_ECDHE_"):
		g := tlswire.GroupSecp256r1
		if slices.Contains(ch.Groups(), tlswire.GroupX25519) {
			g = tlswire.GroupX25519
		}
		share, _ := tlswire.KeyShare(g)
		ske = append(ske, 3, byte(g>>8), byte(g), byte(len(share)))
		ske = append(ske, share...)
	case strings.Contains(name, "_DHE_"):
		bits := s.w.DHBits
		if strings.Contains(name, "EXPORT") {
			bits = 512
		}
		vec(oddOfBits(bits)) // p: of the size, not a prime (the scan reads its size only)
		vec([]byte{2})       // g
		vec(oddOfBits(bits - 8))
	case strings.Contains(name, "_RSA_EXPORT_"):
		vec(oddOfBits(512)) // the 512-bit temporary modulus
		vec([]byte{1, 0, 1})
	default:
		return nil
	}
	if s.version >= tlswire.VersionTLS12 {
		ske = append(ske, 4, 1) // rsa_pkcs1_sha256
	}
	vec(random(256))
	return ske
}

// afterHello reacts to what the client sends after the server's flight,
// for at most 32 records.
func (s *weakConn) afterHello(r io.Reader) {
	var earlyCCS, ccs bool
	var cke []byte
	for range 32 {
		rec, err := tlswire.ReadRecord(r)
		if err != nil {
			return
		}
		switch rec.Type {
		case tlswire.RecordHeartbeat:
			s.heartbeat(rec.Payload)
		case tlswire.RecordChangeCipherSpec:
			switch {
			case cke != nil:
				ccs = true
			case !s.w.EarlyCCS:
				s.alert(tlswire.AlertUnexpectedMessage)
				return
			case earlyCCS:
				// Keys (from an empty master secret) are on: this
				// record, in the clear, fails their MAC.
				s.alert(tlswire.AlertBadRecordMAC)
				return
			default:
				earlyCCS = true
			}
		case tlswire.RecordHandshake:
			if ccs {
				// The encrypted Finished: the ROBOT answer.
				if s.w.RobotOracle && !s.conformant(cke) {
					s.alert(tlswire.AlertHandshakeFailure)
				} else {
					s.alert(tlswire.AlertBadRecordMAC)
				}
				return
			}
			if earlyCCS {
				s.alert(tlswire.AlertBadRecordMAC)
				return
			}
			typ, body, err := readHandshake(r, &rec)
			if err != nil || typ != tlswire.MsgClientKeyExchange {
				s.alert(tlswire.AlertUnexpectedMessage)
				return
			}
			cke = body
		default:
			return
		}
	}
}

// heartbeat answers a heartbeat request.
func (s *weakConn) heartbeat(p []byte) {
	if len(p) < 3 || p[0] != 1 {
		return
	}
	claimed := int(binary.BigEndian.Uint16(p[1:]))
	payload := p[3:]
	if !s.w.Heartbleed {
		if 3+claimed+16 > len(p) {
			return // RFC 6520 4: silently discarded
		}
		payload = payload[:claimed]
	} else {
		// Read past the payload into "memory".
		mem := append(slices.Clone(payload), []byte("secret memory: session keys, passwords, ")...)
		for len(mem) < claimed {
			mem = append(mem, mem...)
		}
		payload = mem[:claimed]
	}
	resp := append([]byte{2, byte(len(payload) >> 8), byte(len(payload))}, payload...)
	resp = append(resp, random(16)...)
	s.c.Write(tlswire.Records(tlswire.RecordHeartbeat, s.version, resp))
}

// conformant decrypts an RSA ClientKeyExchange and says whether the
// plaintext starts 00 02 (all a strong oracle checks).
func (s *weakConn) conformant(cke []byte) bool {
	key, ok := s.leaf.Key.(*rsa.PrivateKey)
	if !ok {
		return false
	}
	ct := cke
	if s.version > tlswire.VersionSSL30 && len(ct) >= 2 {
		ct = ct[2:]
	}
	c := new(big.Int).SetBytes(ct)
	m := new(big.Int).Exp(c, key.D, key.N)
	em := m.FillBytes(make([]byte, key.Size()))
	return em[0] == 0 && em[1] == 2
}

func handshake(typ uint8, body []byte) []byte {
	return append(append([]byte{typ}, u24(len(body))...), body...)
}

func u24(n int) []byte { return []byte{byte(n >> 16), byte(n >> 8), byte(n)} }

func random(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	return b
}

func oddOfBits(bits int) []byte {
	b := random((bits + 7) / 8)
	b[0] |= 0x80
	b[len(b)-1] |= 1
	return b
}

// sslv2 answers an SSL 2.0 CLIENT-HELLO (its first byte read) with a
// SERVER-HELLO.
func (s *weakConn) sslv2() {
	kinds := []byte{0x01, 0x00, 0x80, 0x07, 0x00, 0xc0}
	msg := []byte{4, 0, 1} // SERVER-HELLO, no session hit, X.509 certificate
	msg = binary.BigEndian.AppendUint16(msg, tlswire.VersionSSL20)
	msg = binary.BigEndian.AppendUint16(msg, uint16(len(s.leaf.DER)))
	msg = binary.BigEndian.AppendUint16(msg, uint16(len(kinds)))
	msg = binary.BigEndian.AppendUint16(msg, 16) // connection id length
	msg = append(msg, s.leaf.DER...)
	msg = append(msg, kinds...)
	msg = append(msg, random(16)...)
	s.c.Write(append([]byte{0x80 | byte(len(msg)>>8), byte(len(msg))}, msg...))
}
