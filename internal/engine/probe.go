package engine

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/report"
)

// ProbeConfig is one `tlscheck probe` run: the server, how to connect, and
// what its certificates are checked against.
type ProbeConfig struct {
	Checking
	Target     string // host, host:port, [v6]:port or a URL
	StartTLS   string // force a STARTTLS protocol
	ServerName string // SNI; "" = the host unless it is an IP
	NoSNI      bool
	ALPN       []string
	// ClientCert and ClientKey are the files of a client certificate for
	// mutual TLS (PEM, or a PKCS#12 bundle as ClientCert alone).
	ClientCert, ClientKey string
	Password              string
	CA                    []string // trust anchors; none: the system store's roots that issued a served certificate
	ConnectTimeout        time.Duration
	HandshakeTimeout      time.Duration
	// Timeout bounds the whole probe (0: probe's default, 10s).
	Timeout time.Duration
	// HandshakeBudget: a slower handshake is a finding.
	HandshakeBudget time.Duration
	AppCheck        bool
	IPVersion       int // 0 any, 4 or 6

	// anchorCache, when set (AuditAll sets it), shares the --ca files
	// loaded for one target with every other target that names the same.
	anchorCache *anchorCache
}

// RedactTarget hides a password (any userinfo) in a target URL, for
// messages about it.
func RedactTarget(target string) string { return probe.RedactTarget(target) }

// CheckTarget says whether target (with a forced STARTTLS protocol) can be
// probed, before anything is read or dialled.
func CheckTarget(target, startTLS string) error {
	_, err := probe.ParseTarget(target, startTLS)
	return err
}

// Probe connects to the server, runs the checks on what it served and
// returns the report. The error is non-nil only when the probe cannot run (a
// bad target, an unusable client certificate or --ca file, ctx ended); a
// server that cannot be reached is a finding in the report.
func Probe(ctx context.Context, cfg ProbeConfig) (*report.Report, error) {
	p, err := prepareProbe(ctx, cfg)
	if err != nil {
		return nil, err
	}
	f, err := probe.Probe(ctx, p.probe)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.settle(f)
	return finish(ctx, cfg.Checking, probeTarget(f.Connection, f.Options.Hosts, p.now), f)
}

// preparedProbe is a probe's configuration made ready before anything is
// dialled: the probe.Config, the client certificate loaded and described,
// the trust anchors read. probe and scan share it.
type preparedProbe struct {
	cfg         ProbeConfig
	probe       probe.Config
	now         time.Time
	anchors     *facts.Facts
	clientChain []*facts.Cert
	clientKey   *facts.Key
}

// prepareProbe checks the target, loads the client certificate and --ca,
// and sets the names the certificate must cover.
func prepareProbe(ctx context.Context, cfg ProbeConfig) (*preparedProbe, error) {
	target, err := probe.ParseTarget(cfg.Target, cfg.StartTLS)
	if err != nil {
		return nil, err
	}
	now := cfg.clock()
	pcfg := probe.Config{
		Target:           cfg.Target,
		StartTLS:         cfg.StartTLS,
		ServerName:       cfg.ServerName,
		NoSNI:            cfg.NoSNI,
		ALPN:             cfg.ALPN,
		ConnectTimeout:   cfg.ConnectTimeout,
		HandshakeTimeout: cfg.HandshakeTimeout,
		Timeout:          cfg.Timeout,
		AppCheck:         cfg.AppCheck,
		IPVersion:        cfg.IPVersion,
		Now:              now,
	}
	p := &preparedProbe{cfg: cfg, now: now}
	// Our own client certificate is described before anything is dialled,
	// so that what is wrong with it (tls.client-cert-unusable: expired, no
	// clientAuth, a key that does not belong to it) is reported whatever
	// becomes of the connection, and a rejection can be blamed on it.
	if cfg.ClientCert != "" {
		pcfg.ClientCerts, pcfg.ClientKey, err = load.ClientCredentials(ctx, cfg.ClientCert, cfg.ClientKey, cfg.Password, cfg.StallTimeout)
		var mismatch *load.KeyMismatchError
		if err != nil && !errors.As(err, &mismatch) {
			return nil, fmt.Errorf("client certificate: %w", err)
		}
		p.clientChain, p.clientKey = clientFacts(cfg, pcfg)
	}
	// The names the certificate must cover: the name the client asks for
	// (ServerName, else the host), then Hosts.
	name := target.Host
	if cfg.ServerName != "" {
		name = cfg.ServerName
	}
	pcfg.Options = cfg.options(append([]string{name}, cfg.Hosts...), facts.PurposeServer)
	pcfg.Options.HandshakeBudgetMS = int(cfg.HandshakeBudget / time.Millisecond)

	if cfg.anchorCache != nil {
		p.anchors, err = cfg.anchorCache.get(ctx, cfg.CA, cfg.StallTimeout, now, pcfg.Options)
	} else {
		p.anchors, err = trustAnchors(ctx, cfg.CA, cfg.StallTimeout, now, pcfg.Options)
	}
	if err != nil {
		return nil, err
	}
	p.probe = pcfg
	return p, nil
}

// settle adds to what a probe gathered the trust anchors (--ca, else the
// system roots that issued a served certificate) and our client
// certificate and key.
func (p *preparedProbe) settle(f *facts.Facts) {
	f.Roots = p.anchors.Roots
	if len(p.cfg.CA) == 0 {
		f.Roots = load.SystemRootsFor(f.Certs, nil)
	}
	f.Files = append(f.Files, p.anchors.Files...)
	f.ClientChain, f.ClientKey = p.clientChain, p.clientKey
}

// clientFacts describes the client certificate chain and key the probe
// will send and sign with.
func clientFacts(cfg ProbeConfig, pcfg probe.Config) ([]*facts.Cert, *facts.Key) {
	var chain []*facts.Cert
	for i, cert := range pcfg.ClientCerts {
		chain = append(chain, &facts.Cert{Raw: cert.Raw, X509: cert,
			Source: facts.Source{File: cfg.ClientCert, Index: i, Role: facts.RoleClientCert}})
	}
	if pcfg.ClientKey == nil {
		return chain, nil
	}
	keyFile := cfg.ClientKey
	if keyFile == "" {
		keyFile = cfg.ClientCert // a PKCS#12 bundle holds both
	}
	return chain, load.ClientKeyFacts(pcfg.ClientKey, keyFile)
}

// trustAnchors loads --ca. Without it the system store's roots that issued a
// served certificate are chosen once the chain is known
// (load.SystemRootsFor). A --ca file that is not a usable set of
// certificates stops the run.
func trustAnchors(ctx context.Context, ca []string, stall time.Duration, now time.Time, opts facts.Options) (*facts.Facts, error) {
	anchors, err := load.Load(ctx, load.Config{CA: ca, NoSystemRoots: true, StallTimeout: stall, Now: now, Options: opts})
	if err != nil {
		return nil, err
	}
	for _, file := range anchors.Files {
		for _, problem := range file.Problems {
			return nil, fmt.Errorf("--ca %s: %s", file.Path, problem.String())
		}
	}
	if len(ca) > 0 && len(anchors.Roots) == 0 {
		return nil, fmt.Errorf("--ca %s holds no certificate", strings.Join(ca, ", "))
	}
	return anchors, nil
}

// probeTarget is the report's target for a probe.
func probeTarget(c *facts.Connection, hosts []string, now time.Time) report.Target {
	return report.Target{Target: c.Target, Scheme: string(c.Scheme), StartTLS: string(c.StartTLS), Host: c.Host, Port: c.Port,
		SNI: c.SNI, Address: c.Address, Hosts: hosts, At: now}
}
