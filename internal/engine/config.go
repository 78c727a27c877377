package engine

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/internal/serverconf"
	"github.com/tlscheck/tlscheck/report"
)

// ConfigConfig is one `tlscheck config` run: the server configuration files
// and what their listeners are checked against.
type ConfigConfig struct {
	Checking
	Paths []string
	// Type is the server type; serverconf.Unknown detects it by content.
	Type serverconf.ServerType
	// ServiceUser is --service-user: the user the server reads its files
	// as when the configuration does not say (nginx/mosquitto `user`).
	ServiceUser string
	// CA are trust anchors for the server certificates (none: the system store).
	CA            []string
	NoSystemRoots bool
	Password      string
	// ClientCert is --client-cert: a client certificate that NATS
	// pinned_certs must list.
	ClientCert string
	// Policy is --policy (emqx-cloud judges the files as EMQX Cloud's upload form would).
	Policy string
	// Probe connects to each TLS listener and compares what it serves with
	// the files; ProbeHost replaces the listener's address (wildcard
	// addresses are probed on 127.0.0.1).
	Probe        bool
	ProbeHost    string
	ProbeTimeout time.Duration
	// Workers bounds how many listeners are checked at once (0: one per core).
	Workers int
	// Progress is called after each listener (see Batch.Progress).
	Progress func(done, total int)
}

// Config reads each configuration and checks every listener in it: the
// files it names with their roles made explicit, and the config.* rules on
// the configuration itself. The first group of each configuration is the
// configuration as a whole (its syntax), then one group per listener. The
// error is non-nil only when a configuration cannot be read at all or ctx ended.
func Config(ctx context.Context, cfg ConfigConfig) ([]report.ConfigGroup, error) {
	type job struct {
		conf *serverconf.Config
		l    *serverconf.Listener // nil: the configuration-wide group
	}
	var jobs []job
	for _, p := range cfg.Paths {
		c, err := serverconf.Load(ctx, p, cfg.Type)
		if err != nil {
			return nil, err
		}
		// The configuration as a whole is a group of its own when it has
		// problems, or when it has no listener to report on.
		if len(c.Problems) > 0 || len(c.Listeners) == 0 {
			jobs = append(jobs, job{conf: c})
		}
		for i := range c.Listeners {
			l := &c.Listeners[i]
			if !l.TLS && len(l.Cert) == 0 && len(l.Key) == 0 {
				continue // a plaintext listener: nothing of TLS to check
			}
			jobs = append(jobs, job{conf: c, l: l})
		}
	}
	var clientPin string
	if cfg.ClientCert != "" {
		pin, err := spkiPinOf(ctx, cfg.ClientCert, cfg.Password, cfg.StallTimeout)
		if err != nil {
			return nil, fmt.Errorf("--client-cert: %w", err)
		}
		clientPin = pin
	}
	resolver := newCipherResolver()
	cache := newFileSetCache()
	groups := make([]report.ConfigGroup, len(jobs))
	results := run(ctx, len(jobs), Batch{Workers: cfg.Workers, Progress: func(done, total int, _ Result) {
		if cfg.Progress != nil {
			cfg.Progress(done, total)
		}
	}}, func(ctx context.Context, i int) (*report.Report, error) {
		j := jobs[i]
		view := configView(j.conf, j.l, cfg.ServiceUser)
		view.ClientCertPin, view.ClientCertFile = clientPin, cfg.ClientCert
		if j.l == nil {
			groups[i].Name = string(j.conf.Type) + " " + j.conf.Path
			return configWide(ctx, cfg, view)
		}
		groups[i].Name = j.l.Name
		return checkListener(ctx, cfg, j.conf, j.l, view, resolver, cache)
	})
	for i, r := range results {
		if r.Err != nil {
			return nil, r.Err
		}
		groups[i].Report = r.Report
		groups[i].Config = jobs[i].conf.Path
	}
	return groups, ctx.Err()
}

// configWide is the report of the configuration as a whole: its problems.
func configWide(ctx context.Context, cfg ConfigConfig, view *facts.ServerConfig) (*report.Report, error) {
	f := &facts.Facts{Now: cfg.clock(), Options: cfg.options(cfg.Hosts, facts.PurposeServer), Config: view}
	f.Options.Policy = cfg.Policy
	return finish(ctx, cfg.Checking, report.Target{Files: []report.TargetFile{{Path: view.Path, Role: "config"}}, At: f.Now}, f)
}

// checkListener loads the files one listener names, with their roles, and
// runs every check on them and on the listener's configuration.
func checkListener(ctx context.Context, cfg ConfigConfig, conf *serverconf.Config, l *serverconf.Listener, view *facts.ServerConfig, res *cipherResolver, cache *fileSetCache) (*report.Report, error) {
	now := cfg.clock()
	purpose := facts.PurposeServer
	if l.Outgoing {
		purpose = facts.PurposeClient
	}
	hosts := append(append([]string(nil), l.Hosts...), cfg.Hosts...)
	hosts = uniqueHosts(hosts)
	opts := cfg.options(hosts, purpose)
	opts.Policy = cfg.Policy

	lc := load.Config{CA: cfg.CA, NoSystemRoots: cfg.NoSystemRoots, Password: cfg.Password,
		StallTimeout: cfg.StallTimeout, Now: now, Options: opts}
	peersAreServers := l.Outgoing || l.Kind.PeersAreServers()
	target := report.Target{Files: []report.TargetFile{}, Purpose: purpose, Hosts: hosts, At: now}
	for i := range view.Files {
		file := &view.Files[i]
		usable := file.Exists && !file.IsDir && !file.Dynamic && file.ReadError == ""
		if !usable {
			continue
		}
		switch file.Role {
		case facts.ConfigCert:
			lc.Cert = append(lc.Cert, file.Path)
		case facts.ConfigKey:
			lc.Key = append(lc.Key, file.Path)
		case facts.ConfigChain:
			lc.Chain = append(lc.Chain, file.Path)
		case facts.ConfigCA:
			// The CA a listener verifies its peers with: client CAs for a
			// server port, trust anchors where the peers are servers too.
			if peersAreServers && len(cfg.CA) == 0 {
				lc.CA = append(lc.CA, file.Path)
			} else {
				lc.ClientCA = append(lc.ClientCA, file.Path)
			}
		case facts.ConfigClientCA:
			lc.ClientCA = append(lc.ClientCA, file.Path)
		case facts.ConfigDHParam, facts.ConfigCRL:
			lc.Paths = append(lc.Paths, file.Path)
		default:
			continue
		}
		target.Files = append(target.Files, report.TargetFile{Path: file.Path, Role: file.Role})
	}
	f, err := cache.load(ctx, lc)
	if err != nil {
		return nil, err
	}
	f.Options = opts
	view.ResolvedCiphers = res.resolve(ctx, conf.Type, l)
	if cfg.Probe && l.TLS && !l.Outgoing && l.Port > 0 {
		view.Served = probeListener(ctx, cfg, conf.Type, l, hosts, now)
	}
	f.Config = view
	return finish(ctx, cfg.Checking, target, f)
}

// probeListener connects to the listener and records the chain it serves.
func probeListener(ctx context.Context, cfg ConfigConfig, typ serverconf.ServerType, l *serverconf.Listener, hosts []string, now time.Time) *facts.ConfigServed {
	host := cfg.ProbeHost
	if host == "" {
		host = l.Address
		if ip := net.ParseIP(host); host == "" || host == "*" || (ip != nil && ip.IsUnspecified()) {
			host = "127.0.0.1"
		}
	}
	addr := net.JoinHostPort(host, strconv.Itoa(l.Port))
	scheme := "tls://"
	if typ == serverconf.NATS && (l.Kind == facts.ListenerServer || l.Kind.PeersAreServers()) {
		scheme = "nats://"
	}
	pc := probe.Config{Target: scheme + addr, Timeout: cfg.ProbeTimeout, SkipExtras: true, SkipRetry: true, Now: now}
	if len(hosts) > 0 && net.ParseIP(hosts[0]) == nil && !strings.HasPrefix(hosts[0], "*") {
		pc.ServerName = hosts[0]
	}
	served := &facts.ConfigServed{Address: addr}
	pf, err := probe.Probe(ctx, pc)
	if err != nil {
		served.Error = err.Error()
		return served
	}
	for _, c := range pf.Certs {
		if c.Source.Role == facts.RoleServed {
			served.Chain = append(served.Chain, c.Raw)
		}
	}
	if pf.Connection != nil {
		served.Version, served.CipherSuite = pf.Connection.Version, pf.Connection.CipherSuite
	}
	if len(served.Chain) == 0 {
		served.Error = "the server sent no certificate"
		if pf.Connection != nil && pf.Connection.Failure != nil {
			served.Error = pf.Connection.Failure.Message
		}
	}
	return served
}

// spkiPinOf is the SPKI SHA-256 (hex) of the first certificate in file.
func spkiPinOf(ctx context.Context, file, password string, stall time.Duration) (string, error) {
	f, err := load.Load(ctx, load.Config{Cert: []string{file}, Password: password, NoSystemRoots: true, StallTimeout: stall})
	if err != nil {
		return "", err
	}
	for _, c := range f.Certs {
		if c.X509 != nil {
			sum := sha256.Sum256(c.X509.RawSubjectPublicKeyInfo)
			return hex.EncodeToString(sum[:]), nil
		}
	}
	return "", fmt.Errorf("%s holds no certificate", file)
}

func uniqueHosts(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, h := range in {
		k := strings.ToLower(h)
		if h == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, h)
	}
	return out
}
