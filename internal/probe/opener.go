package probe

import (
	"context"
	"net"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Opener opens connections to one target, each ready for a ClientHello:
// dialed, and past the STARTTLS exchange or the NATS INFO line. The scan
// opens many, side by side, and speaks TLS on them itself (internal/tlswire).
//
// The first Open chooses the address (and learns whether a NATS server sends
// its INFO before TLS); the later ones reuse it, so they may run in parallel
// once the first returned.
type Opener struct {
	p     *prober
	first sync.Mutex // held by Opens until one has connected
	ready bool       // an Open connected: p.addr and p.natsTLSFirst are set
}

// NewOpener checks cfg's target and applies the defaults. Only cfg's
// target, STARTTLS, SNI, IP version, resolver and timeouts are used.
func NewOpener(cfg Config) (*Opener, error) {
	t, err := ParseTarget(cfg.Target, cfg.StartTLS)
	if err != nil {
		return nil, err
	}
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = defaultTimeout
	}
	if cfg.HandshakeTimeout <= 0 {
		cfg.HandshakeTimeout = defaultTimeout
	}
	return &Opener{p: &prober{cfg: cfg, target: t}}, nil
}

// Target is the parsed target.
func (o *Opener) Target() Target { return o.p.target }

// ServerName is the SNI to send ("" for an IP target or --no-sni).
func (o *Opener) ServerName() string { return o.p.serverName() }

// Address is the IP:port the first connection reached ("" before).
func (o *Opener) Address() string {
	o.first.Lock()
	defer o.first.Unlock()
	return o.p.addr
}

// HandshakeTimeout is the time each connection has for its exchange.
func (o *Opener) HandshakeTimeout() time.Duration { return o.p.cfg.HandshakeTimeout }

// Conn is an opened connection. Its deadline is set to the handshake
// timeout (or what remains of ctx); ctx's end cancels any read or write.
type Conn struct {
	net.Conn
	stop func() bool
	// Preamble is what the STARTTLS or NATS exchange told (the first
	// connection's is the one worth keeping).
	Preamble map[string]string
	NATS     *facts.NATSInfo
}

// Close closes the connection and releases its context watch.
func (c *Conn) Close() error {
	c.stop()
	return c.Conn.Close()
}

// Open dials and runs the preamble. The failure says what went wrong.
func (o *Opener) Open(ctx context.Context) (*Conn, *facts.ProbeFailure) {
	o.first.Lock()
	if o.ready {
		o.first.Unlock()
		return o.open(ctx, false)
	}
	defer o.first.Unlock()
	c, fail := o.open(ctx, true)
	if fail == nil || o.p.addr != "" {
		o.ready = true
	}
	return c, fail
}

func (o *Opener) open(ctx context.Context, primary bool) (*Conn, *facts.ProbeFailure) {
	a := &attempt{stage: facts.StageDNS}
	raw, fail := o.p.dial(ctx, a)
	if fail != nil {
		return nil, fail
	}
	watched, stop := watch(ctx, raw)
	a.raw = watched
	deadline := time.Now().Add(o.p.cfg.HandshakeTimeout)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	watched.SetDeadline(deadline)
	if fail := o.p.preamble(watched, a, attemptSpec{sni: o.p.serverName(), primary: primary}); fail != nil {
		stop()
		watched.Close()
		return nil, fail
	}
	watched.SetDeadline(deadline)
	return &Conn{Conn: watched, stop: stop, Preamble: a.preamble, NATS: a.nats}, nil
}
