package main

import (
	"flag"
	"fmt"
	"io"
	"sync"
	"time"

	"github.com/tlscheck/tlscheck/checks/policy"
	"github.com/tlscheck/tlscheck/internal/engine"
)

func scanUsage(w io.Writer) { fmt.Fprint(w, scanHelp) }

// scanHelp is the text of `tlscheck scan -h`.
const scanHelp = `Usage: tlscheck scan [flags] TARGET

Finds everything a TLS server accepts: protocol versions (SSL 2.0 to TLS 1.3),
cipher suites per version in the server's order, key exchange groups and DH
sizes, every certificate chain it has, features (ALPN, tickets, stapling,
renegotiation, compression, fallback SCSV) and known vulnerabilities; then
checks it all, grades it and, with --policy, judges it against a Mozilla
configuration.

TARGET is as for 'tlscheck probe': host, host:port, [v6addr]:port, or a URL
(https:// wss:// mqtts:// nats:// tls:// and the STARTTLS schemes); the
preamble is repeated on every connection.

Scan:
  --max-connections N    connections open at once (default 8)
  --delay D              least time between two connection starts (rate limits)
  --timeout D            bound on the whole scan (default 60s)
  --policy P             judge against mozilla-modern, mozilla-intermediate or
                         mozilla-old

Connection, expectations and output: the flags of 'tlscheck probe'
(--servername, --no-sni, --alpn, --starttls, --cert/--key, --ca,
--connect-timeout, --handshake-timeout, --handshake-budget, --app-check,
-4/-6, --host, --at, --warn-days, --profile, --checks, --format, --fail-on,
--color, -v); run 'tlscheck probe -h' for them.

Progress is shown on a terminal only (standard error, text format).

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run
(bad flags or target). A server that cannot be reached is a finding (exit 1).

Examples:
  tlscheck scan example.com
  tlscheck scan --policy mozilla-intermediate --format json mqtts://broker:8883
  tlscheck scan --max-connections 2 --delay 200ms nats://nats.example.com:4222
`

// policies are the --policy names, as the policy checks define them.
var policies = policy.Names()

// scanOptions are the parsed flags of `tlscheck scan`: probe's and its own.
type scanOptions struct {
	probeOptions
	maxConnections int
	delay          time.Duration
	policy         string
}

func runScan(args []string, e env) int {
	o := scanOptions{probeOptions: defaultProbeOptions(), maxConnections: 8}
	o.timeout = 60 * time.Second // the whole scan, not one probe
	fs := newFlagSet("scan")
	o.register(fs)
	o.registerScan(fs)
	positional, code := parseInterleaved(fs, args, e)
	if code >= 0 {
		return code
	}
	probeCfg, settings, code := o.config("scan", positional, e)
	if code >= 0 {
		return code
	}
	if code := o.checkScan(e); code >= 0 {
		return code
	}
	cfg := engine.ScanConfig{ProbeConfig: probeCfg, MaxConnections: o.maxConnections, Delay: o.delay, Timeout: o.timeout, Policy: o.policy}
	progress := e.stderrTTY && settings.format == "text"
	if progress {
		target := engine.RedactTarget(cfg.Target)
		fmt.Fprintf(e.stderr, "tlscheck: scanning %s (up to %d connections at once)...", target, o.maxConnections)
		var mu sync.Mutex
		var last time.Time
		cfg.Progress = func(n int) {
			mu.Lock()
			defer mu.Unlock()
			if time.Since(last) < 100*time.Millisecond {
				return
			}
			last = time.Now()
			fmt.Fprintf(e.stderr, "\r\033[Ktlscheck: scanning %s: %d connections", target, n)
		}
	}
	r, err := engine.Scan(e.ctx, cfg)
	if progress {
		fmt.Fprint(e.stderr, "\r\033[K") // the progress line is replaced, not left in the scrollback
		if r != nil && r.Scan != nil {
			fmt.Fprintf(e.stderr, "tlscheck: scanned %s: %d connections in %.1fs\n", engine.RedactTarget(cfg.Target),
				r.Scan.Stats.Connections, r.Scan.Stats.DurationMS/1000)
		}
	}
	if err != nil {
		return cannotRun(e, err, cfg.Password)
	}
	return emit(e, r, settings, cfg.Password)
}

// registerScan defines the flags a scan adds to a probe's; `tlscheck
// audit` shares them.
func (o *scanOptions) registerScan(fs *flag.FlagSet) {
	fs.IntVar(&o.maxConnections, "max-connections", o.maxConnections, "")
	fs.Var(durationFlag{&o.delay}, "delay", "")
	fs.StringVar(&o.policy, "policy", "", "")
}

// checkScan validates the scan's own flags.
func (o *scanOptions) checkScan(e env) int {
	if o.maxConnections < 1 {
		errorf(e.stderr, "--max-connections must be 1 or more, got %d", o.maxConnections)
		return exitCannot
	}
	if o.policy != "" && !contains(policies, o.policy) {
		errorf(e.stderr, "unknown --policy %q", o.policy)
		hintf(e.stderr, "%s", formatHint(o.policy, policies))
		return exitCannot
	}
	return -1
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}
