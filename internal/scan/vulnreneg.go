package scan

import (
	"context"
	"crypto/aes"
	"crypto/cipher"
	"crypto/ecdh"
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"crypto/sha512"
	"encoding/binary"
	"errors"
	"fmt"
	"hash"
	"net"
	"slices"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// clientRenegotiation completes a TLS 1.2 handshake with a minimal client
// of our own (ECDHE over X25519 or P-256 with AES-GCM: no TLS library lets
// a client start a renegotiation) and then sends a new ClientHello under
// encryption, with RFC 5746's verify data when the server supports it. A
// ServerHello back means the server accepts client-initiated
// renegotiation; an alert or a close means it refuses. One connection.
func (s *scanner) clientRenegotiation(ctx context.Context, e *enumerated) (facts.VulnResult, *bool) {
	if !slices.Contains(e.accepted(), facts.VersionTLS12) {
		if e.legacy() != 0 {
			return notTested(facts.VulnClientReneg, "not run: the renegotiation client speaks TLS 1.2 only, which the server does not accept"), nil
		}
		return notApplicable(facts.VulnClientReneg, "the server accepts no version with renegotiation"), nil
	}
	var suites []uint16
	for _, id := range e.suiteIDs(facts.VersionTLS12) {
		if classifySuite(id).ecdheGCM {
			suites = append(suites, id)
		}
	}
	if len(suites) == 0 {
		return notTested(facts.VulnClientReneg, "not run: the renegotiation client implements ECDHE with AES-GCM only, "+
			"and the server accepts none of those suites"), nil
	}
	var res facts.VulnResult
	var accepted *bool
	err := s.withConn(ctx, func(c net.Conn) error {
		cl := &tls12Client{c: c, sni: s.sni, wait: s.vulnWait()}
		if err := cl.handshake(suites); err != nil {
			return fmt.Errorf("the TLS 1.2 handshake failed: %w", err)
		}
		answer, ok, err := cl.renegotiate()
		if err != nil {
			return err
		}
		accepted = &ok
		res = facts.VulnResult{Tested: true, Vulnerable: ok, Evidence: map[string]any{
			"suite": cl.suite, "suite_name": suiteName(cl.suite), "secure_renegotiation": cl.secure, "answer": answer}}
		return nil
	})
	if err != nil {
		return notTested(facts.VulnClientReneg, err.Error()), nil
	}
	return res, accepted
}

// withConn runs f on a connection of its own, within the scan's limits.
func (s *scanner) withConn(ctx context.Context, f func(net.Conn) error) error {
	if !s.acquire(ctx) {
		return errGaveUp
	}
	defer s.release()
	c, fail := s.op.Open(ctx)
	s.connected(ctx)
	if fail != nil {
		return errors.New(fail.Message)
	}
	defer c.Close()
	return f(c)
}

// tls12Client is just enough of a TLS 1.2 client to finish one handshake
// and start another: ECDHE (X25519, P-256), AES-GCM, the TLS 1.2 PRF. It
// does not verify the server's certificate or signature; nothing it sends
// matters beyond the handshake.
type tls12Client struct {
	c          net.Conn
	sni        string
	wait       time.Duration // for the server's answer to a renegotiation
	suite      uint16
	secure     bool // the server sent renegotiation_info
	transcript []byte
	hs         []byte // handshake bytes read, not yet split into messages
	newHash    func() hash.Hash
	ms         []byte
	clientVD   []byte
	cw, sw     cipher.AEAD
	civ, siv   []byte
	cseq, sseq uint64
	encrypted  bool // the server's records are encrypted
}

const tls12 = tlswire.VersionTLS12

func (t *tls12Client) hello(suites []uint16, reneg []byte) ([]byte, error) {
	h := &tlswire.Hello{Version: tls12, Suites: suites, ServerName: t.sni,
		Groups: []uint16{tlswire.GroupX25519, tlswire.GroupSecp256r1}}
	if reneg == nil {
		h.SecureRenegotiation = true
	} else if t.secure {
		h.Extra = []tlswire.Extension{{Type: tlswire.ExtRenegotiationInfo, Data: append([]byte{byte(len(reneg))}, reneg...)}}
	}
	return h.Message()
}

// next returns the next handshake message (type and whole message).
func (t *tls12Client) next() (uint8, []byte, error) {
	for range 64 {
		if len(t.hs) >= 4 {
			n := int(t.hs[1])<<16 | int(t.hs[2])<<8 | int(t.hs[3])
			if n > tlswire.MaxFlight {
				return 0, nil, errors.New("handshake message too long")
			}
			if len(t.hs) >= 4+n {
				msg := t.hs[:4+n]
				t.hs = t.hs[4+n:]
				return msg[0], msg, nil
			}
		}
		typ, p, err := t.read()
		if err != nil {
			return 0, nil, err
		}
		switch typ {
		case tlswire.RecordHandshake:
			t.hs = append(t.hs, p...)
		case tlswire.RecordAlert:
			if len(p) >= 2 {
				return 0, nil, fmt.Errorf("alert %s", facts.AlertCode(p[1]))
			}
			return 0, nil, errors.New("malformed alert")
		case tlswire.RecordChangeCipherSpec:
			if t.encrypted || t.sw == nil {
				return 0, nil, errors.New("unexpected ChangeCipherSpec")
			}
			t.encrypted = true
		}
	}
	return 0, nil, errors.New("too many records")
}

// read reads one record, decrypting it once the server's keys are on.
func (t *tls12Client) read() (uint8, []byte, error) {
	rec, err := tlswire.ReadRecord(t.c)
	if err != nil {
		return 0, nil, err
	}
	if !t.encrypted {
		return rec.Type, rec.Payload, nil
	}
	p := rec.Payload
	if len(p) < 8+16 {
		return 0, nil, errors.New("encrypted record too short")
	}
	nonce := slices.Concat(t.siv, p[:8])
	ad := additional(t.sseq, rec.Type, len(p)-8-16)
	plain, err := t.sw.Open(nil, nonce, p[8:], ad)
	if err != nil {
		return 0, nil, errors.New("a record from the server does not decrypt")
	}
	t.sseq++
	return rec.Type, plain, nil
}

func additional(seq uint64, typ uint8, n int) []byte {
	ad := binary.BigEndian.AppendUint64(nil, seq)
	ad = append(ad, typ)
	ad = binary.BigEndian.AppendUint16(ad, tls12)
	return binary.BigEndian.AppendUint16(ad, uint16(n))
}

// sealed is payload as an encrypted record.
func (t *tls12Client) sealed(typ uint8, payload []byte) []byte {
	explicit := binary.BigEndian.AppendUint64(nil, t.cseq)
	out := t.cw.Seal(slices.Clone(explicit), slices.Concat(t.civ, explicit), payload, additional(t.cseq, typ, len(payload)))
	t.cseq++
	return tlswire.Records(typ, tls12, out)
}

func (t *tls12Client) handshake(suites []uint16) error {
	ch, err := t.hello(suites, nil)
	if err != nil {
		return err
	}
	clientRandom := ch[6:38]
	t.transcript = slices.Clone(ch)
	if _, err := t.c.Write(tlswire.Records(tlswire.RecordHandshake, tlswire.VersionTLS10, ch)); err != nil {
		return err
	}
	var sh *tlswire.ServerHello
	var curve ecdh.Curve
	var serverPub []byte
	for done := false; !done; {
		typ, msg, err := t.next()
		if err != nil {
			return err
		}
		t.transcript = append(t.transcript, msg...)
		body := msg[4:]
		switch typ {
		case tlswire.MsgServerHello:
			if sh, err = tlswire.ParseServerHello(body); err != nil {
				return err
			}
			if sh.Version != tls12 || !slices.Contains(suites, sh.Suite) {
				return fmt.Errorf("the server chose %s with suite 0x%04X", facts.TLSVersion(sh.Version), sh.Suite)
			}
			t.suite, t.secure = sh.Suite, sh.Has(tlswire.ExtRenegotiationInfo)
		case tlswire.MsgServerKeyExchange:
			g, ok := tlswire.ECDHEParams(body)
			if !ok || len(body) < 4 || len(body) < 4+int(body[3]) {
				return errors.New("malformed ServerKeyExchange")
			}
			switch g {
			case tlswire.GroupX25519:
				curve = ecdh.X25519()
			case tlswire.GroupSecp256r1:
				curve = ecdh.P256()
			default:
				return fmt.Errorf("the server chose group %d", g)
			}
			serverPub = body[4 : 4+int(body[3])]
		case tlswire.MsgCertificateRequest:
			return errors.New("the server asks for a client certificate")
		case tlswire.MsgServerHelloDone:
			done = true
		}
	}
	if sh == nil || curve == nil {
		return errors.New("no ServerHello or ServerKeyExchange")
	}
	priv, err := curve.GenerateKey(rand.Reader)
	if err != nil {
		return err
	}
	peer, err := curve.NewPublicKey(serverPub)
	if err != nil {
		return err
	}
	pms, err := priv.ECDH(peer)
	if err != nil {
		return err
	}
	pub := priv.PublicKey().Bytes()
	cke := slices.Concat([]byte{tlswire.MsgClientKeyExchange, 0, 0, byte(len(pub) + 1), byte(len(pub))}, pub)
	t.transcript = append(t.transcript, cke...)

	keyLen := 16
	t.newHash = sha256.New
	if classifySuite(t.suite).gcmSHA384 {
		keyLen, t.newHash = 32, sha512.New384
	}
	t.ms = prf(t.newHash, pms, "master secret", slices.Concat(clientRandom, sh.Random), 48)
	kb := prf(t.newHash, t.ms, "key expansion", slices.Concat(sh.Random, clientRandom), 2*keyLen+8)
	if t.cw, err = gcm(kb[:keyLen]); err != nil {
		return err
	}
	if t.sw, err = gcm(kb[keyLen : 2*keyLen]); err != nil {
		return err
	}
	t.civ, t.siv = kb[2*keyLen:2*keyLen+4], kb[2*keyLen+4:2*keyLen+8]

	t.clientVD = prf(t.newHash, t.ms, "client finished", t.sum(), 12)
	fin := slices.Concat([]byte{tlswire.MsgFinished, 0, 0, 12}, t.clientVD)
	t.transcript = append(t.transcript, fin...)
	out := slices.Concat(tlswire.Records(tlswire.RecordHandshake, tls12, cke),
		tlswire.Records(tlswire.RecordChangeCipherSpec, tls12, []byte{1}), t.sealed(tlswire.RecordHandshake, fin))
	if _, err := t.c.Write(out); err != nil {
		return err
	}
	want := prf(t.newHash, t.ms, "server finished", t.sum(), 12)
	for range 4 {
		typ, msg, err := t.next()
		if err != nil {
			return err
		}
		if typ == tlswire.MsgNewSessionTicket {
			continue
		}
		if typ != tlswire.MsgFinished || !t.encrypted || !hmac.Equal(msg[4:], want) {
			return errors.New("the server's Finished does not verify")
		}
		return nil
	}
	return errors.New("no Finished from the server")
}

func (t *tls12Client) sum() []byte {
	h := t.newHash()
	h.Write(t.transcript)
	return h.Sum(nil)
}

// renegotiate sends a new ClientHello under encryption and reads the
// server's answer: a ServerHello (accepted), an alert or a close
// (refused).
func (t *tls12Client) renegotiate() (answer string, accepted bool, err error) {
	ch, err := t.hello([]uint16{t.suite}, t.clientVD)
	if err != nil {
		return "", false, err
	}
	if _, err := t.c.Write(t.sealed(tlswire.RecordHandshake, ch)); err != nil {
		return "", false, err
	}
	t.c.SetReadDeadline(time.Now().Add(t.wait))
	for range 16 {
		typ, p, err := t.read()
		switch {
		case isTimeout(err):
			return "", false, errors.New("no answer to a renegotiation ClientHello")
		case err != nil:
			return "connection closed", false, nil
		case typ == tlswire.RecordAlert && len(p) >= 2:
			return "alert " + facts.AlertCode(p[1]).String(), false, nil
		case typ == tlswire.RecordHandshake && len(p) >= 1 && p[0] == tlswire.MsgServerHello:
			return "ServerHello", true, nil
		}
		// Application data or a HelloRequest: read on.
	}
	return "", false, errors.New("no answer to a renegotiation ClientHello")
}

func gcm(key []byte) (cipher.AEAD, error) {
	b, err := aes.NewCipher(key)
	if err != nil {
		return nil, err
	}
	return cipher.NewGCM(b)
}

// prf is the TLS 1.2 PRF (RFC 5246 5): P_hash(secret, label + seed).
func prf(h func() hash.Hash, secret []byte, label string, seed []byte, n int) []byte {
	seed = slices.Concat([]byte(label), seed)
	mac := hmac.New(h, secret)
	mac.Write(seed)
	a := mac.Sum(nil)
	var out []byte
	for len(out) < n {
		mac.Reset()
		mac.Write(a)
		mac.Write(seed)
		out = mac.Sum(out)
		mac.Reset()
		mac.Write(a)
		a = mac.Sum(nil)
	}
	return out[:n]
}
