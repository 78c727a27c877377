// The connection that records bytes: one dial, preamble and handshake.

package probe

import (
	"context"
	"crypto/x509/pkix"
	"encoding/asn1"
	"errors"
	"fmt"
	"io"
	"net"
	"sync"
	"time"

	ztls "github.com/zmap/zcrypto/tls"
	zx509 "github.com/zmap/zcrypto/x509"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// primaryMaxVersion is the highest version the first handshake offers.
const primaryMaxVersion = facts.VersionTLS13

// primarySuites is what the first handshake offers for TLS 1.0-1.2, strongest
// first: AEAD with forward secrecy, then CBC, DHE, static RSA and 3DES, so
// that an old server still completes a handshake we can describe. RC4 and
// the unimplemented legacy suites are left to the retries (legacy.go).
var primarySuites = []uint16{
	ztls.TLS_AES_128_GCM_SHA256, ztls.TLS_AES_256_GCM_SHA384, ztls.TLS_CHACHA20_POLY1305_SHA256,
	ztls.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256, ztls.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
	ztls.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384, ztls.TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
	ztls.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256, ztls.TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	ztls.TLS_DHE_RSA_WITH_AES_128_GCM_SHA256, ztls.TLS_DHE_RSA_WITH_AES_256_GCM_SHA384,
	ztls.TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256,
	ztls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256, ztls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256,
	ztls.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA, ztls.TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA,
	ztls.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA, ztls.TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA,
	ztls.TLS_DHE_RSA_WITH_AES_128_CBC_SHA256, ztls.TLS_DHE_RSA_WITH_AES_256_CBC_SHA256,
	ztls.TLS_DHE_RSA_WITH_AES_128_CBC_SHA, ztls.TLS_DHE_RSA_WITH_AES_256_CBC_SHA,
	ztls.TLS_RSA_WITH_AES_128_GCM_SHA256, ztls.TLS_RSA_WITH_AES_256_GCM_SHA384,
	ztls.TLS_RSA_WITH_AES_128_CBC_SHA256, ztls.TLS_RSA_WITH_AES_256_CBC_SHA256,
	ztls.TLS_RSA_WITH_AES_128_CBC_SHA, ztls.TLS_RSA_WITH_AES_256_CBC_SHA,
	ztls.TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA, ztls.TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA,
	ztls.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
}

var emptyRoots = zx509.NewCertPool()

// attemptSpec varies one connection: SNI, and for the retries the offer.
type attemptSpec struct {
	sni     string
	primary bool // the main connection: client certificate, post-handshake wait
	// Retry offers (zero: the primary offer).
	minVersion, maxVersion uint16
	suites                 []uint16 // may hold suites zcrypto does not implement
}

// attempt is one connection: dial, preamble, handshake.
type attempt struct {
	raw       net.Conn // a *cancelConn: the context's cancellation outlasts every deadline set on it
	rec       *recordingConn
	tls       *ztls.Conn
	stopCtx   func() bool
	stage     facts.Stage
	failure   *facts.ProbeFailure
	plaintext *facts.Plaintext
	preamble  map[string]string
	nats      *facts.NATSInfo // what a NATS server announced, in the preamble or where TLS was expected
	timings   facts.Timings
	log       *ztls.ServerHandshake

	mu            sync.Mutex
	certReq       bool
	acceptableCAs []string
	sentCert      string // subject of the client certificate sent
	sentIssuer    string // and its issuer
	peerChain     [][]byte

	pending []byte // application bytes read while waiting after a TLS 1.3 handshake
	// ticket: a NewSessionTicket arrived; awaiting: awaitVerdict is reading.
	ticket, awaiting bool
	afterHandshake   facts.PostHandshake
	// recordsAtFinished: the server's records when the handshake ended.
	recordsAtFinished int
	// cutByTimeout: the handshake had less than the handshake timeout, what
	// remained of the probe's overall timeout.
	cutByTimeout bool
}

func (a *attempt) close() {
	if a.stopCtx != nil {
		a.stopCtx()
		a.stopCtx = nil
	}
	if a.raw != nil {
		a.raw.Close()
	}
}

// cancelled reports whether the probe's context cancelled the connection: a
// timeout then says nothing about the server.
func (a *attempt) cancelled() bool {
	c, ok := a.raw.(*cancelConn)
	return ok && c.cancelled()
}

func (p *prober) attempt(ctx context.Context, spec attemptSpec) *attempt {
	a := &attempt{stage: facts.StageDNS}
	conn, fail := p.dial(ctx, a)
	if fail != nil {
		a.failure = fail
		return a
	}
	watched, stop := watch(ctx, conn)
	a.raw, a.stopCtx = watched, stop
	conn = watched

	a.stage = facts.StagePreamble
	t0 := time.Now()
	preambleStart := t0
	preambleDeadline, _ := p.until(p.cfg.HandshakeTimeout)
	conn.SetDeadline(preambleDeadline)
	if fail := p.preamble(conn, a, spec); fail != nil {
		a.timings.Preamble = ms(time.Since(t0))
		a.failure = fail
		return a
	}
	if p.target.StartTLS != "" {
		a.timings.Preamble = ms(time.Since(t0))
	}

	a.stage = facts.StageHandshake
	t0 = time.Now()
	deadline, cut := p.until(p.cfg.HandshakeTimeout)
	if a.nats != nil && a.nats.HandshakeFirst {
		// The wait for an INFO that never came was the start of the
		// handshake with a handshake_first server: one handshake timeout
		// covers both.
		deadline, cut = p.until(time.Until(preambleStart.Add(p.cfg.HandshakeTimeout)))
	}
	a.cutByTimeout = cut
	conn.SetDeadline(deadline)
	a.rec = &recordingConn{Conn: conn}
	a.tls = ztls.Client(a.rec, p.tlsConfig(spec, a))
	err := a.tls.Handshake()
	a.timings.Handshake = ms(time.Since(t0))
	a.log = a.tls.GetHandshakeLog()
	if err != nil {
		a.failure = p.handshakeFailure(err, a)
		return a
	}
	a.recordsAtFinished = a.rec.records()
	if spec.primary && a.tls.ConnectionState().Version == ztls.VersionTLS13 && a.certReq {
		p.awaitVerdict(a)
	}
	if a.failure == nil {
		a.stage = facts.StageDone
	}
	conn.SetDeadline(time.Time{})
	return a
}

// Bounds of the wait for a TLS 1.3 server's verdict on our client
// certificate: a few round trips of this server, never less than the floor
// nor more than the ceiling. The floor covers a loopback server on a busy
// machine, whose verdict waits on its own signature checks: 25 ms read a
// rejection as silence when the machine was loaded.
const (
	verdictRoundTrips = 4
	verdictFloor      = 100 * time.Millisecond
	verdictCeiling    = time.Second
)

// verdictWait is how long to wait for the verdict: verdictRoundTrips times
// the round trip measured from the ClientHello to the server's first
// bytes, bounded by the floor, the ceiling and the handshake timeout.
func (p *prober) verdictWait(a *attempt) time.Duration {
	wait := verdictRoundTrips * a.rec.firstRoundTrip()
	wait = max(wait, verdictFloor)
	wait = min(wait, verdictCeiling, p.cfg.HandshakeTimeout)
	return wait
}

// awaitVerdict: a TLS 1.3 server checks the client certificate after our
// Finished, so the handshake "succeeds" and the rejection (certificate_required,
// bad_certificate, unknown_ca, or a plain close) arrives on the first read
// (RFC 8446 4.4.2.4). Acceptance shows as a NewSessionTicket (the ticket
// cache ends the wait as it arrives), application data, or a clean
// close_notify; a silent server is given verdictWait.
func (p *prober) awaitVerdict(a *attempt) {
	a.mu.Lock()
	a.awaiting = true
	ticket := a.ticket
	a.mu.Unlock()
	defer func() {
		a.mu.Lock()
		a.awaiting = false
		a.mu.Unlock()
	}()
	if ticket {
		a.afterHandshake = facts.PostTicket
		return
	}
	a.raw.SetReadDeadline(time.Now().Add(p.verdictWait(a)))
	buf := make([]byte, 4096)
	n, err := a.tls.Read(buf)
	a.pending = append(a.pending, buf[:n]...)
	a.mu.Lock()
	ticket = a.ticket
	a.mu.Unlock()
	switch {
	case ticket:
		a.afterHandshake = facts.PostTicket
		return
	case n > 0:
		a.afterHandshake = facts.PostData
		return
	case err == nil || isTimeout(err):
		a.afterHandshake = facts.PostSilent
		return
	case errors.Is(err, io.EOF) && !a.rec.closedByPeer():
		// zcrypto ends a read with io.EOF on a close_notify alert, or on
		// the end of the TCP stream, which the recording connection has
		// not seen: a close_notify, a clean close and no rejection.
		a.afterHandshake = facts.PostCloseNotify
		return
	case errors.Is(err, io.EOF) && a.rec.records() > a.recordsAtFinished:
		// A record came after our Finished, then the end of the stream,
		// and zcrypto returned no alert: a NewSessionTicket it kept no
		// state for (or a close_notify read with the end of the stream).
		// The server accepted us.
		a.afterHandshake = facts.PostRecord
		return
	}
	f := p.handshakeFailure(err, a)
	if f.Kind == facts.FailTimeout {
		return
	}
	f.ClosedAfterFinished = true
	f.Message = "the server closed the connection after the handshake: " + f.Message
	a.failure = f
}

// ticketSignal is a ClientSessionCache that keeps nothing: its Put says a
// NewSessionTicket arrived, which a TLS 1.3 server sends once it accepted
// our Finished and our client certificate, and ends the wait for a verdict.
type ticketSignal struct{ a *attempt }

func (t ticketSignal) Get(string) (*ztls.ClientSessionState, bool) { return nil, false }

func (t ticketSignal) Put(_ string, s *ztls.ClientSessionState) {
	if s == nil {
		return
	}
	t.a.mu.Lock()
	defer t.a.mu.Unlock()
	t.a.ticket = true
	if t.a.awaiting && t.a.raw != nil {
		t.a.raw.SetReadDeadline(time.Now())
	}
}

func (p *prober) tlsConfig(spec attemptSpec, a *attempt) *ztls.Config {
	cfg := &ztls.Config{
		ServerName:         spec.sni,
		InsecureSkipVerify: true,       // the checks judge the chain, not the probe
		RootCAs:            emptyRoots, // zcrypto still builds chains: keep it off the system store
		MinVersion:         ztls.VersionTLS10,
		MaxVersion:         uint16(primaryMaxVersion),
		CipherSuites:       primarySuites,
		// Without ForceSuites zcrypto filters the offer through a table
		// without the DHE suites; with it, the list goes out as given and
		// the suites zcrypto implements (DHE included) complete.
		ForceSuites:                   true,
		NextProtos:                    p.cfg.ALPN,
		ForceSessionTicketExt:         true,
		SignedCertificateTimestampExt: true,
		ExtendedMasterSecret:          true,
		VerifyPeerCertificate: func(raw [][]byte, _ []zx509.CertificateChain) error {
			a.mu.Lock()
			defer a.mu.Unlock()
			a.peerChain = cloneChain(raw)
			return nil
		},
		GetClientCertificate: func(info *ztls.CertificateRequestInfo) (*ztls.Certificate, error) {
			a.mu.Lock()
			defer a.mu.Unlock()
			a.certReq = true
			a.acceptableCAs = dnNames(info.AcceptableCAs)
			if p.cfg.ClientKey == nil || (!spec.primary && spec.maxVersion != 0) {
				return &ztls.Certificate{}, nil
			}
			cert := &ztls.Certificate{PrivateKey: clientSigner(p.cfg.ClientKey)}
			for _, c := range p.cfg.ClientCerts {
				cert.Certificate = append(cert.Certificate, c.Raw)
			}
			a.sentCert = p.cfg.ClientCerts[0].Subject.String()
			a.sentIssuer = p.cfg.ClientCerts[0].Issuer.String()
			return cert, nil
		},
	}
	if spec.primary && p.cfg.ClientKey != nil {
		cfg.ClientSessionCache = ticketSignal{a}
	}
	if spec.maxVersion != 0 {
		cfg.MinVersion, cfg.MaxVersion = spec.minVersion, spec.maxVersion
	}
	if spec.suites != nil {
		cfg.CipherSuites = spec.suites
	}
	return cfg
}

func cloneChain(raw [][]byte) [][]byte {
	out := make([][]byte, len(raw))
	for i, der := range raw {
		out[i] = append([]byte(nil), der...)
	}
	return out
}

// chain returns the certificates the server sent, in order: from the
// verification callback, else from the handshake log (kept even when the
// handshake failed after the Certificate message).
func (a *attempt) chain() [][]byte {
	a.mu.Lock()
	defer a.mu.Unlock()
	if len(a.peerChain) > 0 {
		return a.peerChain
	}
	if a.log == nil || a.log.ServerCertificates == nil {
		return nil
	}
	sc := a.log.ServerCertificates
	if len(sc.Certificate.Raw) == 0 {
		return nil
	}
	out := [][]byte{sc.Certificate.Raw}
	for _, c := range sc.Chain {
		out = append(out, c.Raw)
	}
	return cloneChain(out)
}

// dnNames turns the DER distinguished names of a CertificateRequest into
// RFC 2253 strings ("CN=Client CA,O=Example").
func dnNames(ders [][]byte) []string {
	var out []string
	for _, der := range ders {
		var rdn pkix.RDNSequence
		if rest, err := asn1.Unmarshal(der, &rdn); err != nil || len(rest) > 0 {
			out = append(out, fmt.Sprintf("(unparsable name, %d bytes)", len(der)))
			continue
		}
		var name pkix.Name
		name.FillFromRDNSequence(&rdn)
		out = append(out, name.String())
	}
	return out
}

// recordingConn keeps the first bytes the server sent after the preamble, so
// that a failed handshake can tell a plaintext banner from garbage, and
// follows the stream at the record layer (wire.go).
type recordingConn struct {
	net.Conn
	mu      sync.Mutex
	first   []byte
	n       int
	wire    wireLog
	peerEOF bool // the server closed the TCP connection
	// sent is when our first bytes (the ClientHello) went out, answered
	// when the first reply came: one round trip plus the server's work.
	sent, answered time.Time
}

const recordMax = 512

func (r *recordingConn) Read(b []byte) (int, error) {
	n, err := r.Conn.Read(b)
	r.mu.Lock()
	if n > 0 {
		if room := recordMax - len(r.first); room > 0 {
			r.first = append(r.first, b[:min(n, room)]...)
		}
		if r.answered.IsZero() {
			r.answered = time.Now()
		}
		r.n += n
		r.wire.feed(b[:n])
	}
	if errors.Is(err, io.EOF) {
		r.peerEOF = true
	}
	r.mu.Unlock()
	return n, err
}

func (r *recordingConn) Write(b []byte) (int, error) {
	r.mu.Lock()
	if r.sent.IsZero() {
		r.sent = time.Now()
	}
	r.mu.Unlock()
	return r.Conn.Write(b)
}

// firstRoundTrip is the time from our ClientHello to the server's first
// bytes (0 when unknown).
func (r *recordingConn) firstRoundTrip() time.Duration {
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.sent.IsZero() || r.answered.IsZero() {
		return 0
	}
	return r.answered.Sub(r.sent)
}

func (r *recordingConn) records() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.wire.records
}

func (r *recordingConn) closedByPeer() bool {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.peerEOF
}

func (r *recordingConn) firstBytes() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]byte(nil), r.first...)
}

func (r *recordingConn) total() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.n
}

// wireFacts is what the record layer showed, for a failure.
func (r *recordingConn) wireFacts() *facts.Wire {
	r.mu.Lock()
	defer r.mu.Unlock()
	w := &facts.Wire{
		Bytes: r.n, Records: r.wire.records, LastRecord: facts.RecordType(r.wire.lastType),
		Handshake: append([]facts.HandshakeType(nil), r.wire.messages...), Partial: r.wire.partial(),
		CloseNotify: r.wire.closeNotify, Warnings: append([]facts.AlertCode(nil), r.wire.warnings...),
		PeerClosed: r.peerEOF,
	}
	return w
}

// certificateMessage is the body of an unencrypted Certificate message
// that arrived whole, or nil.
func (r *recordingConn) certificateMessage() []byte {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.wire.certificate
}
