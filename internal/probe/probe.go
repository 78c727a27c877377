// Package probe connects to a TLS server the way a client would (HTTPS, WSS,
// MQTT, NATS with its plaintext INFO, STARTTLS protocols, mutual TLS) and
// records what happened on the wire into facts.Facts. With internal/load it
// is the only code that touches the network.
//
// Probe never judges: it does not verify the chain and it returns an error
// only when it cannot run at all. Every network outcome (DNS failure, refusal,
// timeout, plaintext, alert, garbage) is recorded in Facts.Connection for the
// tls.* checks to explain.
//
// The files follow a probe's phases: attempt.go is one connection (dial.go,
// the plaintext preamble of preamble.go, a handshake over a connection that
// records the server's first bytes), classify.go names what went wrong,
// record.go copies what the first attempt saw into facts.Connection, nosni.go
// and legacy.go are the second handshake without SNI and the broader retry,
// compression.go and appcheck.go the extra checks. starttls.go is the table
// of STARTTLS protocols.
package probe

import (
	"context"
	"crypto"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Config says what to probe and how.
type Config struct {
	Target     string // host, host:port, [v6]:port, or a URL (https://, wss://, mqtts://, nats://, tls://, smtp://, ...)
	StartTLS   string // force a STARTTLS protocol (--starttls)
	ServerName string // --servername; "" = the host unless it is an IP
	NoSNI      bool   // --no-sni
	ALPN       []string
	// Client certificate for mutual TLS (--cert/--key, PEM or PKCS#12,
	// loaded by the caller through internal/load).
	ClientCerts []*x509.Certificate
	ClientKey   crypto.Signer
	// The trust anchors (from --ca or the system) are not here: the caller
	// puts them into Facts.Roots, since probe does not verify, checks do.
	ConnectTimeout   time.Duration // default 5s
	HandshakeTimeout time.Duration // default 5s
	// Timeout bounds the whole probe (--timeout, default 10s): every stage
	// (DNS, connect, preamble, handshake, application check, the no-SNI and
	// compression handshakes, the broader retries) gets what remains of it.
	Timeout   time.Duration
	IPVersion int // 0 any, 4 or 6
	// Resolver looks up the host (nil: net.DefaultResolver); tests give one
	// that never leaves the machine.
	Resolver  *net.Resolver
	AppCheck  bool // --app-check
	SkipNoSNI bool // do not make the second handshake without SNI
	// SkipRetry disables the broader legacy retries after a protocol_version
	// or handshake_failure alert (Connection.Accepted stays nil).
	SkipRetry bool
	// SkipExtras makes only the main handshake: no compression probe and
	// no handshake without SNI (the scan learns both from its own hellos).
	SkipExtras bool
	Now        time.Time     // the clock for Facts.Now
	Options    facts.Options // Hosts is filled with the target host when empty
}

const (
	defaultTimeout        = 5 * time.Second
	defaultOverallTimeout = 10 * time.Second
)

// Probe connects to cfg.Target and records the exchange. The error is non-nil
// only when the probe cannot run at all (bad target or flags); network
// outcomes are in the returned Facts.Connection.
func Probe(ctx context.Context, cfg Config) (*facts.Facts, error) {
	t, err := ParseTarget(cfg.Target, cfg.StartTLS)
	if err != nil {
		return nil, err
	}
	switch cfg.IPVersion {
	case 0, 4, 6:
	default:
		return nil, fmt.Errorf("IP version must be 4 or 6, not %d", cfg.IPVersion)
	}
	if (cfg.ClientKey == nil) != (len(cfg.ClientCerts) == 0) {
		if cfg.ClientKey == nil {
			return nil, errors.New("a client certificate needs its private key (hint: --key)")
		}
		return nil, errors.New("a client key needs its certificate (hint: --cert)")
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = defaultTimeout
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = defaultTimeout
	}
	if cfg.Timeout <= 0 {
		cfg.Timeout = defaultOverallTimeout
	}
	if ctx == nil {
		ctx = context.Background()
	}

	f := &facts.Facts{Now: cfg.Now, Options: cfg.Options}
	if len(f.Options.Hosts) == 0 {
		f.Options.Hosts = []string{t.Host}
	}
	if f.Options.Purpose == "" {
		f.Options.Purpose = facts.PurposeServer
	}
	p := &prober{cfg: cfg, target: t}
	f.Connection = p.run(ctx)
	for i, der := range p.servedChain {
		c := &facts.Cert{Raw: der, Source: facts.Source{File: t.Address(), Index: i, Role: facts.RoleServed}}
		if parsed, err := x509.ParseCertificate(der); err == nil {
			c.X509 = parsed
		}
		f.Certs = append(f.Certs, c)
	}
	return f, nil
}

// prober holds one probe's state: the address chosen on the first dial is
// reused by the no-SNI handshake and the retries.
type prober struct {
	cfg         Config
	target      Target
	addr        string // IP:port that accepted the first connection
	servedChain [][]byte
	// natsTLSFirst: the NATS server sent no INFO before TLS (handshake_first),
	// so later connections do not wait for one.
	natsTLSFirst bool
	// deadline ends the whole probe (Config.Timeout).
	deadline time.Time
}

// serverName is the SNI to send: --servername, else the host unless it is an
// IP literal (RFC 6066 3 forbids IP addresses in server_name).
func (p *prober) serverName() string {
	if p.cfg.NoSNI {
		return ""
	}
	if p.cfg.ServerName != "" {
		return p.cfg.ServerName
	}
	if p.target.IsIP() {
		return ""
	}
	return p.target.Host
}

func (p *prober) run(ctx context.Context) *facts.Connection {
	start := time.Now()
	// One deadline for the whole probe: the connections watch ctx
	// (cancel.go), so no stage's own deadline can outlast it.
	ctx, cancel := context.WithDeadline(ctx, start.Add(p.cfg.Timeout))
	defer cancel()
	p.deadline, _ = ctx.Deadline()
	t := p.target
	c := &facts.Connection{
		Target:     RedactTarget(p.cfg.Target),
		Scheme:     t.Scheme,
		Host:       t.Host,
		Port:       t.Port,
		SNI:        p.serverName(),
		StartTLS:   t.StartTLS,
		Stage:      facts.StageDNS,
		OfferedMax: primaryMaxVersion,
	}
	if len(p.cfg.ALPN) > 0 {
		c.OfferedALPN = append([]string(nil), p.cfg.ALPN...)
	}
	a := p.attempt(ctx, attemptSpec{sni: c.SNI, primary: true})
	defer a.close()
	p.record(c, a)
	// The application check runs on the same connection, before the extra
	// handshakes, so that servers with a short login timeout (NATS) answer.
	if p.cfg.AppCheck && c.Stage == facts.StageDone && a.tls != nil && ctx.Err() == nil {
		c.App = p.appCheck(a)
		c.Stage = facts.StageApp
	}
	a.close()
	p.extras(ctx, c)
	// A Certificate message too large for zcrypto, encrypted (TLS 1.3):
	// offer TLS 1.2, whose Certificate message is readable on the wire, to
	// read the chain anyway.
	if c.Failure != nil && c.Failure.Kind == facts.FailOversized && len(p.servedChain) == 0 && ctx.Err() == nil {
		retry := p.attempt(ctx, attemptSpec{sni: c.SNI, minVersion: uint16(facts.VersionTLS10), maxVersion: uint16(facts.VersionTLS12)})
		p.servedChain = retry.chain()
		retry.close()
	}
	// A broader offer tells what the server does accept.
	if !p.cfg.SkipRetry && a.retryWorthy() && ctx.Err() == nil {
		acc, chain := p.legacyScan(ctx, c.SNI)
		c.Accepted = acc
		if len(p.servedChain) == 0 && len(chain) > 0 {
			p.servedChain = chain
		}
	}
	// Total is the whole probe, the extra handshakes and retries included.
	c.Timings.Total = ms(time.Since(start))
	return c
}

// extras makes the handshakes that only add to a completed first one, side
// by side: the compression probe, and the second handshake without SNI,
// which shows the default certificate. Neither needs the other's answer;
// both only read what the first connection left in p (the address, the
// NATS handshake_first flag, the served chain). They start once the first
// connection is closed, as they always did, so that a server allowing one
// connection per client answers them as before.
func (p *prober) extras(ctx context.Context, c *facts.Connection) {
	// TLS compression, which zcrypto cannot offer, with a hello of our own;
	// not after a TLS 1.3 handshake, which has no compression (whether the
	// server would compress a TLS 1.2 connection is the scan's question:
	// the check says it was not tested, and a probe keeps to one
	// connection).
	compress := c.Stage.Completed() && c.Version < facts.VersionTLS13
	if c.Stage.Completed() && !compress {
		// The handshake offered null only: its "none" says nothing about
		// what the server would choose if offered DEFLATE.
		c.Compression = ""
	}
	// Without SNI there is no second handshake to compare (an IP target,
	// --no-sni).
	noSNI := c.SNI != "" && !p.cfg.SkipNoSNI && len(p.servedChain) > 0
	if ctx.Err() != nil || (!compress && !noSNI) || p.cfg.SkipExtras {
		return
	}
	var wg sync.WaitGroup
	var method string
	var methodKnown bool
	if compress {
		wg.Add(1)
		go func() {
			defer wg.Done()
			method, methodKnown = p.compressionProbe(ctx, c.SNI)
		}()
	}
	var withoutSNI *facts.NoSNIResult
	if noSNI {
		wg.Add(1)
		go func() {
			defer wg.Done()
			withoutSNI = p.noSNI(ctx)
		}()
	}
	wg.Wait()
	if methodKnown {
		c.Compression = method
	}
	c.NoSNI = withoutSNI
}

// until is the deadline of a stage that may take d from now: d, or what
// remains of the probe's overall deadline when that is sooner. cut reports
// the latter.
func (p *prober) until(d time.Duration) (deadline time.Time, cut bool) {
	deadline = time.Now().Add(d)
	if !p.deadline.IsZero() && p.deadline.Before(deadline) {
		return p.deadline, true
	}
	return deadline, false
}

func ms(d time.Duration) float64 {
	return float64(d.Microseconds()) / 1000
}
