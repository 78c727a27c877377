package engine

import (
	"context"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/grade"
	"github.com/tlscheck/tlscheck/internal/scan"
	"github.com/tlscheck/tlscheck/report"
)

// ScanConfig is one `tlscheck scan` run: a probe's target, trust and client
// certificate, and how hard to scan. ProbeConfig.Timeout is left to the
// full handshake's default; Timeout bounds the whole scan.
type ScanConfig struct {
	ProbeConfig
	// MaxConnections is how many connections may be open at once
	// (0: the scan's default, 8).
	MaxConnections int
	// Delay is the least time between two connection starts, for
	// rate-limited servers.
	Delay time.Duration
	// Timeout bounds the whole scan (0: the scan's default, 60s).
	Timeout time.Duration
	// Policy is the --policy name (mozilla-modern, mozilla-intermediate,
	// mozilla-old); "" judges against none. It reaches the policy checks
	// as facts.Options.Policy.
	Policy string
	// Progress is called after each connection with the count so far.
	Progress func(connections int)
}

// Scan enumerates what the server accepts, runs the checks (the probe's and
// the scan's) on it, grades it and returns the report. As with Probe, the
// error is non-nil only when the scan cannot run (a bad target, an unusable
// client certificate or --ca file, ctx ended).
func Scan(ctx context.Context, cfg ScanConfig) (*report.Report, error) {
	probeCfg := cfg.ProbeConfig
	probeCfg.Timeout = 0 // the full handshake keeps probe's own bound
	p, err := prepareProbe(ctx, probeCfg)
	if err != nil {
		return nil, err
	}
	p.probe.Options.Policy = cfg.Policy
	f, err := scan.Scan(ctx, scan.Config{
		Probe:          p.probe,
		MaxConnections: cfg.MaxConnections,
		Delay:          cfg.Delay,
		Timeout:        cfg.Timeout,
		Progress:       cfg.Progress,
	})
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	p.settle(f)
	results := runChecks(ctx, f, cfg.Checks)
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	grade.Apply(f, checks.Findings(results))
	return report.New(cfg.Tool, probeTarget(f.Connection, f.Options.Hosts, p.now), f, results), nil
}
