// Package scan finds everything a server accepts: protocol versions, cipher
// suites per version and their order, key exchange groups, DH sizes, every
// certificate chain, the features a ServerHello shows, and the
// vulnerabilities that follow. It speaks TLS through internal/tlswire with
// hellos of its own and stops reading as soon as the answer is known; a
// single full handshake (internal/probe) adds what only a finished
// handshake shows (the TLS 1.3 chain, tickets, stapling, the application).
//
// Connections run side by side, at most Config.MaxConnections at once. The
// work is shaped so that each connection answers one question: one hello per
// version, then one per accepted suite (the server's next choice once the
// ones found are withdrawn), one to tell the server's order from the
// client's, and one per accepted group.
package scan

import (
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/tlscheck/tlscheck/internal/clients"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// Config says what to scan and how hard.
type Config struct {
	// Probe is the target and the settings of the one full handshake
	// (client certificate, ALPN, timeouts, SNI). Probe.Timeout bounds that
	// handshake only; Timeout bounds the scan.
	Probe probe.Config
	// MaxConnections is how many connections may be open at once (default 8).
	MaxConnections int
	// Delay is the least time between two connection starts (rate-limited
	// servers); 0 means none.
	Delay time.Duration
	// Timeout bounds the whole scan (default 60 s).
	Timeout time.Duration
	// Progress, when set, is called after each connection with the count
	// so far, from the scan's goroutines (it must be safe for that).
	Progress func(connections int)
	// SkipVulns leaves out the vulnerability tests that need their own
	// connections (those derived from the enumeration always run).
	SkipVulns bool

	// vulnWait, when set, replaces defaultVulnWait (tests).
	vulnWait time.Duration
}

const (
	defaultMaxConnections = 8
	defaultScanTimeout    = 60 * time.Second
)

// Scan runs the scan. The error is non-nil only when it cannot run (a bad
// target); what the network did is in the Facts: Connection is the full
// handshake's, Scan the enumeration's.
func Scan(ctx context.Context, cfg Config) (*facts.Facts, error) {
	if cfg.MaxConnections <= 0 {
		cfg.MaxConnections = defaultMaxConnections
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultScanTimeout
	}
	op, err := probe.NewOpener(cfg.Probe)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, cfg.Timeout)
	defer cancel()
	s := &scanner{cfg: cfg, op: op, sni: op.ServerName(), sem: make(chan struct{}, cfg.MaxConnections),
		res: &facts.Scan{ServerOrder: map[facts.TLSVersion]bool{}}}

	// The full handshake runs beside the enumeration.
	var f *facts.Facts
	var probeErr error
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		pc := cfg.Probe
		pc.SkipExtras, pc.SkipRetry = true, true
		s.acquire(ctx)
		f, probeErr = probe.Probe(ctx, pc)
		s.release()
		s.connected(withPhase(ctx, phaseHandshake))
	}()
	t0 := time.Now()
	s.enumerate(withPhase(ctx, phaseEnumeration))
	debugf("enumeration took %s", time.Since(t0))
	// What needs the enumeration's answers, side by side.
	var after sync.WaitGroup
	after.Add(2)
	go func() {
		defer after.Done()
		t0 := time.Now()
		s.features(withPhase(ctx, phaseFeatures))
		debugf("features took %s", time.Since(t0))
	}()
	go func() {
		defer after.Done()
		t0 := time.Now()
		s.vulns(withPhase(ctx, phaseVulns))
		debugf("vulnerability tests took %s", time.Since(t0))
	}()
	after.Wait()
	wg.Wait()
	if probeErr != nil {
		return nil, probeErr
	}
	s.finish(f)
	// Clients are simulated against what the server accepts; with nothing
	// accepted (or nothing tested) every one would "fail" for a reason
	// the proto checks already give once.
	accepted := false
	for _, v := range s.res.Versions {
		accepted = accepted || v.Offered
	}
	if accepted {
		s.res.Clients = clients.Simulate(s.res, clients.Chains(s.res))
	} else {
		s.res.Untested = append(s.res.Untested, facts.Untested{What: "client simulation", Reason: "the server accepted no protocol version"})
	}
	s.res.Stats = facts.ScanStats{Connections: int(s.conns.Load()), DurationMS: float64(time.Since(start).Microseconds()) / 1000,
		ByPhase: s.byPhase}
	f.Scan = s.res
	return f, nil
}

// scanner is one scan's shared state.
type scanner struct {
	cfg   Config
	op    *probe.Opener
	sni   string
	sem   chan struct{}
	conns atomic.Int64

	delayMu   sync.Mutex
	nextStart time.Time

	mu  sync.Mutex
	res *facts.Scan
	// chains by leaf DER, in the order met.
	chains []*facts.ServedChain
	// hellos: what ServerHellos of TLS 1.2 and older showed.
	renegInfo, heartbeat, ticketExt *bool
	compression                     *uint8
	ocsp                            *bool
	byPhase                         map[string]int
	// largeLimit is the most suites a hello may offer, once the server
	// has refused a large one (0: no limit).
	largeLimit int
	// firstFailure is the failure of the first connection, when it failed
	// before TLS (refused, plaintext): nothing else can work.
	firstFailure *facts.ProbeFailure
}

func (s *scanner) acquire(ctx context.Context) bool {
	select {
	case s.sem <- struct{}{}:
	case <-ctx.Done():
		return false
	}
	if s.cfg.Delay > 0 {
		s.delayMu.Lock()
		wait := time.Until(s.nextStart)
		s.nextStart = time.Now().Add(max(wait, 0) + s.cfg.Delay)
		s.delayMu.Unlock()
		if wait > 0 {
			select {
			case <-time.After(wait):
			case <-ctx.Done():
				<-s.sem
				return false
			}
		}
	}
	return true
}

func (s *scanner) release() { <-s.sem }

// phaseKey marks a context with the part of the scan a connection serves.
type phaseKey struct{}

// Phases of a scan, as ScanStats.ByPhase counts connections.
const (
	phaseHandshake   = "handshake"   // the one full handshake (internal/probe)
	phaseEnumeration = "enumeration" // versions, suites, order, groups
	phaseFeatures    = "features"    // resumption, HSTS, TLS 1.3 chains and tickets
	phaseVulns       = "vulnerabilities"
)

func withPhase(ctx context.Context, phase string) context.Context {
	return context.WithValue(ctx, phaseKey{}, phase)
}

// connected counts a connection made, under the phase ctx carries.
func (s *scanner) connected(ctx context.Context) {
	phase, _ := ctx.Value(phaseKey{}).(string)
	s.mu.Lock()
	if s.byPhase == nil {
		s.byPhase = map[string]int{}
	}
	s.byPhase[phase]++
	s.mu.Unlock()
	n := s.conns.Add(1)
	if s.cfg.Progress != nil {
		s.cfg.Progress(int(n))
	}
}

// errGaveUp ends an exchange that did not run (the scan's time is up, or
// the target cannot be reached at all).
var errGaveUp = errors.New("no connection")

// exchange opens a connection, sends the hello and reads the server's
// flight. then, when not nil, runs on the open connection after the flight
// (the vulnerability tests continue the handshake there).
func (s *scanner) exchange(ctx context.Context, hello []byte, then func(c net.Conn, f *tlswire.Flight)) (*tlswire.Flight, error) {
	if !s.acquire(ctx) {
		return nil, errGaveUp
	}
	defer s.release()
	s.mu.Lock()
	dead := s.firstFailure != nil
	s.mu.Unlock()
	if dead {
		return nil, errGaveUp
	}
	c, fail := s.op.Open(ctx)
	s.connected(ctx)
	if fail != nil {
		s.mu.Lock()
		switch fail.Kind {
		case facts.FailDNS, facts.FailRefused, facts.FailUnreachable, facts.FailPlaintext, facts.FailPreamble:
			if s.firstFailure == nil {
				s.firstFailure = fail
			}
		}
		s.mu.Unlock()
		return nil, fmt.Errorf("%w: %s", errGaveUp, fail.Message)
	}
	defer c.Close()
	t0 := time.Now()
	defer func() {
		if d := time.Since(t0); d > 100*time.Millisecond {
			debugf("a slow exchange: %s", d)
		}
	}()
	if _, err := c.Write(hello); err != nil {
		return nil, err
	}
	f, err := tlswire.ReadFlight(c)
	if err == nil && then != nil {
		then(c, f)
	}
	s.note(f)
	return f, err
}

// note keeps what any flight shows: the chain, and the ServerHello's
// extensions.
func (s *scanner) note(f *tlswire.Flight) {
	if f == nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if h := f.Hello; h != nil && !h.Retry && h.Version <= tlswire.VersionTLS12 {
		yes := func(b bool) *bool { return &b }
		s.renegInfo = yes(h.Has(tlswire.ExtRenegotiationInfo) || s.renegInfo != nil && *s.renegInfo)
		s.heartbeat = yes(h.Has(tlswire.ExtHeartbeat) || s.heartbeat != nil && *s.heartbeat)
		s.ticketExt = yes(h.Has(tlswire.ExtSessionTicket) || s.ticketExt != nil && *s.ticketExt)
		if s.compression == nil || h.Compression != 0 {
			c := h.Compression
			s.compression = &c
		}
		if f.HelloDone {
			s.ocsp = yes(len(f.OCSP) > 0 || s.ocsp != nil && *s.ocsp)
		}
	}
	if len(f.Certificates) > 0 && f.Hello != nil {
		s.addChain(f.Certificates, facts.TLSVersion(f.Hello.Version))
	}
	if f.SSL2 != nil && len(f.SSL2.Certificate) > 0 {
		s.addChain([][]byte{f.SSL2.Certificate}, facts.VersionSSL20)
	}
}

// addChain files a served chain under its leaf. Callers hold s.mu.
func (s *scanner) addChain(raw [][]byte, v facts.TLSVersion) {
	for _, c := range s.chains {
		if string(c.Raw[0]) == string(raw[0]) {
			if !slices.Contains(c.Versions, v) {
				c.Versions = append(c.Versions, v)
			}
			return
		}
	}
	kt := "unknown"
	if cert, err := x509.ParseCertificate(raw[0]); err == nil {
		kt = keyType(cert)
	}
	cp := make([][]byte, len(raw))
	for i := range raw {
		cp[i] = append([]byte(nil), raw[i]...)
	}
	s.chains = append(s.chains, &facts.ServedChain{KeyType: kt, Raw: cp, Versions: []facts.TLSVersion{v}})
}

func keyType(c *x509.Certificate) string {
	switch c.PublicKeyAlgorithm {
	case x509.RSA:
		return "RSA"
	case x509.ECDSA:
		return "ECDSA"
	case x509.Ed25519:
		return "Ed25519"
	case x509.DSA:
		return "DSA"
	}
	return c.PublicKeyAlgorithm.String()
}

// untested records a part of the scan that did not run.
func (s *scanner) untested(what, why string) {
	s.mu.Lock()
	s.res.Untested = append(s.res.Untested, facts.Untested{What: what, Reason: why})
	s.mu.Unlock()
}

// debugf prints when TLSCHECK_SCAN_DEBUG is set, for whoever tunes the scan.
func debugf(format string, args ...any) {
	if os.Getenv("TLSCHECK_SCAN_DEBUG") != "" {
		fmt.Fprintf(os.Stderr, "scan: "+format+"\n", args...)
	}
}
