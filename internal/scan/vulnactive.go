package scan

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/rsa"
	"crypto/x509"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"math/big"
	"net"
	"slices"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// reaction is how a server reacted to what a test sent: the first record
// it answered with, or how the connection ended.
type reaction struct {
	rec     *tlswire.Record
	closed  bool // EOF or reset without a record
	timeout bool
}

// String names the reaction, the way ROBOT compares them.
func (r reaction) String() string {
	switch {
	case r.rec != nil && r.rec.Type == tlswire.RecordAlert && len(r.rec.Payload) >= 2:
		return "alert " + facts.AlertCode(r.rec.Payload[1]).String()
	case r.rec != nil:
		return "record of type " + itoa(int(r.rec.Type))
	case r.timeout:
		return "no answer"
	}
	return "connection closed"
}

func itoa(n int) string { return big.NewInt(int64(n)).String() }

// await reads the server's next record within wait.
func await(c net.Conn, wait time.Duration) reaction {
	c.SetReadDeadline(time.Now().Add(wait))
	rec, err := tlswire.ReadRecord(c)
	switch {
	case err == nil:
		return reaction{rec: &rec}
	case isTimeout(err):
		return reaction{timeout: true}
	}
	return reaction{closed: true}
}

// heartbleed sends, right after the ServerHelloDone and unencrypted as the
// public testers do, a heartbeat request that claims 16384 bytes of payload
// and carries none, then a well-formed one with a marker. A server that
// answers the first with more bytes than were sent leaks its memory; a
// patched one drops it (RFC 6520 4) and echoes the marker.
func (s *scanner) heartbleed(ctx context.Context, e *enumerated) facts.VulnResult {
	v := e.legacy()
	switch {
	case v == 0:
		return notApplicable(facts.VulnHeartbleed, "no version with heartbeats (TLS 1.2 or older) is accepted")
	case v == facts.VersionSSL30:
		return notTested(facts.VulnHeartbleed, "not run: SSL 3.0, the only version of TLS 1.2 or older accepted, has no extensions to offer heartbeats with")
	case e.heartbeat == nil || !*e.heartbeat:
		// Every implementation that answers heartbeats announces the
		// extension when offered it; Heartbleed needs one that answers.
		return facts.VulnResult{Tested: true, Evidence: map[string]any{"heartbeat_extension": false}}
	}
	var res facts.VulnResult
	res.Reason = "the connection ended before the ServerHelloDone"
	_, err := s.exchange(ctx, s.legacyHello(e, v, nil), func(c net.Conn, f *tlswire.Flight) {
		if !f.HelloDone || f.Hello == nil {
			return
		}
		res = heartbeatProbe(c, f.Hello.Version, s.vulnWait())
	})
	if err != nil && res.Reason != "" {
		res.Reason += ": " + err.Error()
	}
	return res
}

const heartbeatClaim = 1 << 14

func heartbeatProbe(c net.Conn, version uint16, wait time.Duration) facts.VulnResult {
	marker := make([]byte, 16)
	rand.Read(marker)
	bad := []byte{1, heartbeatClaim >> 8, heartbeatClaim & 0xff}
	good := append([]byte{1, 0, byte(len(marker))}, marker...)
	good = append(good, make([]byte, 16)...) // padding
	msg := append(tlswire.Records(tlswire.RecordHeartbeat, version, bad), tlswire.Records(tlswire.RecordHeartbeat, version, good)...)
	ev := map[string]any{"heartbeat_extension": true, "claimed_bytes": heartbeatClaim, "sent_bytes": 0}
	if _, err := c.Write(msg); err != nil {
		return facts.VulnResult{Reason: "the heartbeat could not be sent: " + err.Error()}
	}
	// At most 8 records or 64 KiB, within the wait.
	c.SetReadDeadline(time.Now().Add(wait))
	read := 0
	for range 8 {
		rec, err := tlswire.ReadRecord(c)
		if err != nil {
			if isTimeout(err) {
				ev["response"] = "no answer"
			} else {
				ev["response"] = "connection closed"
			}
			return facts.VulnResult{Tested: true, Evidence: ev}
		}
		read += len(rec.Payload)
		switch rec.Type {
		case tlswire.RecordAlert:
			ev["response"] = reaction{rec: &rec}.String()
			return facts.VulnResult{Tested: true, Evidence: ev}
		case tlswire.RecordHeartbeat:
			p := rec.Payload
			if len(p) < 3 || p[0] != 2 {
				continue
			}
			n := int(binary.BigEndian.Uint16(p[1:]))
			if n == len(marker) && len(p) >= 3+n && bytes.Equal(p[3:3+n], marker) {
				ev["response"] = "the marker echoed; the oversized request dropped"
				return facts.VulnResult{Tested: true, Evidence: ev}
			}
			// A long response spans records: read on to its claimed end.
			got := len(p) - 3
			for range 8 {
				if got >= n {
					break
				}
				more, err := tlswire.ReadRecord(c)
				if err != nil || more.Type != tlswire.RecordHeartbeat {
					break
				}
				got += len(more.Payload)
			}
			leaked := min(n, got)
			ev["response"] = "heartbeat response"
			ev["leaked_bytes"] = leaked
			ev["leak_sample"] = hex.EncodeToString(p[3 : 3+min(len(p)-3, 64)])
			return facts.VulnResult{Tested: true, Vulnerable: true, Evidence: ev}
		}
		if read > 1<<16 {
			break
		}
	}
	ev["response"] = "no heartbeat response"
	return facts.VulnResult{Tested: true, Evidence: ev}
}

// ccsInjection sends two ChangeCipherSpec records right after the
// ServerHelloDone (CVE-2014-0224), the decision rule of nmap's
// ssl-ccs-injection: a patched server refuses the first with a fatal
// unexpected_message alert; a vulnerable one takes it, switches to keys
// from an empty master secret and fails the second on its MAC (any other
// alert, or a record that is no alert). A close without an alert is a
// refusal too; silence tells nothing.
func (s *scanner) ccsInjection(ctx context.Context, e *enumerated) facts.VulnResult {
	v := e.legacy()
	if v == 0 {
		return notApplicable(facts.VulnCCSInjection, "no version of TLS 1.2 or older is accepted")
	}
	res := notTested(facts.VulnCCSInjection, "the connection ended before the ServerHelloDone")
	_, err := s.exchange(ctx, s.legacyHello(e, v, nil), func(c net.Conn, f *tlswire.Flight) {
		if !f.HelloDone || f.Hello == nil {
			return
		}
		ccs := tlswire.Records(tlswire.RecordChangeCipherSpec, f.Hello.Version, []byte{1})
		if _, err := c.Write(append(slices.Clone(ccs), ccs...)); err != nil {
			res.Reason = "the ChangeCipherSpec could not be sent: " + err.Error()
			return
		}
		r := await(c, s.vulnWait())
		ev := map[string]any{"version": facts.TLSVersion(f.Hello.Version), "response": r.String()}
		switch {
		case r.timeout:
			res.Reason = "no answer to an early ChangeCipherSpec"
		case r.rec != nil && r.rec.Type == tlswire.RecordAlert && len(r.rec.Payload) >= 2 &&
			r.rec.Payload[1] == tlswire.AlertUnexpectedMessage:
			res = facts.VulnResult{Tested: true, Evidence: ev}
		case r.rec != nil:
			res = facts.VulnResult{Tested: true, Vulnerable: true, Evidence: ev}
		default:
			res = facts.VulnResult{Tested: true, Evidence: ev}
		}
	})
	if err != nil && !res.Tested {
		res.Reason += ": " + err.Error()
	}
	return res
}

// robotVector is one of the five ClientKeyExchange plaintexts of the ROBOT
// paper (Böck, Somorovsky, Young 2018), each k bytes for a k-byte modulus.
type robotVector struct {
	name string
	make func(k int, version uint16) []byte
}

// nonzero returns n random bytes, none zero (PKCS#1 v1.5 padding).
func nonzero(n int) []byte {
	b := make([]byte, n)
	rand.Read(b)
	for i := range b {
		for b[i] == 0 {
			var one [1]byte
			rand.Read(one[:])
			b[i] = one[0]
		}
	}
	return b
}

func pms(version uint16) []byte {
	b := make([]byte, 48)
	rand.Read(b[2:])
	binary.BigEndian.PutUint16(b, version)
	return b
}

var robotVectors = []robotVector{
	{"correct", func(k int, v uint16) []byte {
		return slices.Concat([]byte{0, 2}, nonzero(k-51), []byte{0}, pms(v))
	}},
	{"wrong-first-bytes", func(k int, v uint16) []byte {
		return slices.Concat([]byte{0x41, 0x17}, nonzero(k-51), []byte{0}, pms(v))
	}},
	{"zero-in-wrong-place", func(k int, v uint16) []byte {
		return slices.Concat([]byte{0, 2}, nonzero(k-51), []byte{0x11}, pms(v)[2:], []byte{0, 0x11})
	}},
	{"no-zero-separator", func(k int, v uint16) []byte {
		return slices.Concat([]byte{0, 2}, nonzero(k-51), []byte{0x11}, nonzero(48))
	}},
	{"wrong-version", func(k int, v uint16) []byte {
		return slices.Concat([]byte{0, 2}, nonzero(k-51), []byte{0}, pms(0x0202))
	}},
}

// robot looks for a Bleichenbacher oracle with the ROBOT paper's five
// ClientKeyExchange messages, one connection each, on the newest version
// with an RSA key exchange suite, following robot-detect's rules: first the
// full flow (ClientKeyExchange, ChangeCipherSpec, a garbage Finished); when
// all five reactions are the same, the shortened flow (ClientKeyExchange
// only); same again means no oracle. Different reactions are checked once
// more (inconsistent ones say nothing); the oracle is weak when the three
// malformed paddings draw the same reaction, else strong. At most 15
// connections, 10 for a server without an oracle. The five connections of
// a round run side by side.
func (s *scanner) robot(ctx context.Context, e *enumerated) facts.VulnResult {
	var v facts.TLSVersion
	var rsaSuites []uint16
	for _, ver := range e.accepted() {
		if ver > facts.VersionTLS12 {
			continue
		}
		for _, id := range e.suiteIDs(ver) {
			if c := classifySuite(id); c.rsaKx && !c.export {
				rsaSuites = append(rsaSuites, id)
			}
		}
		if len(rsaSuites) > 0 {
			v = ver
			break
		}
	}
	if v == 0 {
		return notApplicable(facts.VulnROBOT, "no RSA key exchange suite is accepted")
	}
	ev := map[string]any{"version": v, "suite": rsaSuites[0], "suite_name": suiteName(rsaSuites[0])}
	conns := 0
	// react is the longest a server took to react to a full flow: the
	// shortened flow waits ten times that (at least 100 ms, at most a fifth
	// of vulnWait), since a server with an oracle there reacts to the
	// ClientKeyExchange as fast as it reacts to a Finished, and a sound one
	// waits for ever. The short wait also keeps a single-threaded server
	// (openssl s_server serves the five one after the other) fast.
	var react time.Duration
	var reactMu sync.Mutex
	round := func(full bool) ([]string, error) {
		wait := s.vulnWait()
		if !full {
			wait /= 5
			if react > 0 {
				wait = min(max(10*react, 100*time.Millisecond), wait)
			}
		}
		out := make([]string, len(robotVectors))
		errs := make([]error, len(robotVectors))
		var wg sync.WaitGroup
		for i, vec := range robotVectors {
			wg.Add(1)
			conns++
			go func() {
				defer wg.Done()
				var took time.Duration
				out[i], took, errs[i] = s.robotOnce(ctx, e, v, rsaSuites[:1], vec, full, wait)
				reactMu.Lock()
				react = max(react, took)
				reactMu.Unlock()
			}()
		}
		wg.Wait()
		for _, err := range errs {
			if err != nil {
				return out, err // the first says enough
			}
		}
		return out, nil
	}
	same := func(r []string) bool {
		for _, x := range r {
			if x != r[0] {
				return false
			}
		}
		return true
	}
	named := func(r []string) map[string]string {
		m := map[string]string{}
		for i, vec := range robotVectors {
			m[vec.name] = r[i]
		}
		return m
	}
	fail := func(err error) facts.VulnResult {
		return notTested(facts.VulnROBOT, "a ClientKeyExchange could not be sent: "+err.Error())
	}
	full := true
	r, err := round(true)
	if err != nil {
		return fail(err)
	}
	if same(r) {
		full = false
		ev["responses_standard"] = named(r)
		r, err = round(false)
		if err != nil {
			return fail(err)
		}
		if same(r) {
			ev["responses"] = named(r)
			ev["flow"] = "shortened"
			ev["connections"] = conns
			return facts.VulnResult{Tested: true, Evidence: ev}
		}
	}
	flow := map[bool]string{true: "standard", false: "shortened"}[full]
	ev["flow"] = flow
	ev["responses"] = named(r)
	again, err := round(full)
	ev["connections"] = conns
	if err != nil {
		return fail(err)
	}
	if !slices.Equal(r, again) {
		ev["responses_again"] = named(again)
		res := notTested(facts.VulnROBOT, "the server reacted inconsistently to the same messages")
		res.Evidence = ev
		return res
	}
	ev["oracle"] = "strong"
	if r[1] == r[2] && r[2] == r[3] {
		ev["oracle"] = "weak"
	}
	return facts.VulnResult{Tested: true, Vulnerable: true, Evidence: ev}
}

// robotOnce sends one ROBOT ClientKeyExchange and says how the server
// reacted, and how fast (0 when it did not within wait).
func (s *scanner) robotOnce(ctx context.Context, e *enumerated, v facts.TLSVersion, suites []uint16, vec robotVector,
	full bool, wait time.Duration) (string, time.Duration, error) {
	var out string
	var took time.Duration
	var failure error = errors.New("no ServerHelloDone")
	_, err := s.exchange(ctx, s.legacyHello(e, v, suites), func(c net.Conn, f *tlswire.Flight) {
		if !f.HelloDone || f.Hello == nil || len(f.Certificates) == 0 || !slices.Contains(suites, f.Hello.Suite) {
			return
		}
		cert, err := x509.ParseCertificate(f.Certificates[0])
		if err != nil {
			failure = err
			return
		}
		pub, ok := cert.PublicKey.(*rsa.PublicKey)
		if !ok {
			failure = errors.New("the certificate's key is not RSA")
			return
		}
		k := pub.Size()
		if k < 64 {
			failure = errors.New("RSA modulus too small")
			return
		}
		m := new(big.Int).SetBytes(vec.make(k, uint16(v)))
		ct := new(big.Int).Exp(m, big.NewInt(int64(pub.E)), pub.N).FillBytes(make([]byte, k))
		var body []byte
		if f.Hello.Version > tlswire.VersionSSL30 {
			body = binary.BigEndian.AppendUint16(body, uint16(k))
		}
		body = append(body, ct...)
		ver := f.Hello.Version
		msg := tlswire.Records(tlswire.RecordHandshake, ver, slices.Concat([]byte{tlswire.MsgClientKeyExchange, byte(len(body) >> 16), byte(len(body) >> 8), byte(len(body))}, body))
		if full {
			fin := make([]byte, 40)
			rand.Read(fin)
			msg = slices.Concat(msg, tlswire.Records(tlswire.RecordChangeCipherSpec, ver, []byte{1}),
				tlswire.Records(tlswire.RecordHandshake, ver, fin))
		}
		if _, err := c.Write(msg); err != nil && !errors.Is(err, io.EOF) {
			failure = err
			return
		}
		failure = nil
		sent := time.Now()
		r := await(c, wait)
		if !r.timeout {
			took = time.Since(sent)
		}
		out = r.String()
	})
	if failure != nil {
		if err != nil {
			return "", 0, fmt.Errorf("%w (%w)", failure, err)
		}
		return "", 0, failure
	}
	return out, took, nil
}
