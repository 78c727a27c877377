package main

import (
	"fmt"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/internal/exporter"
	"github.com/tlscheck/tlscheck/report"
)

func exporterUsage(w io.Writer) { fmt.Fprint(w, exporterHelp) }

// exporterHelp is the text of `tlscheck exporter -h`.
const exporterHelp = `Usage: tlscheck exporter [flags]

A Prometheus exporter in the multi-target pattern of blackbox_exporter:
Prometheus asks GET /probe?target=HOST:PORT&module=NAME and gets the metrics
of one probe, scan or files check (tlscheck_cert_not_after and the others,
present even when the certificate is expired, untrusted or for another host).
/metrics has the exporter's own metrics; / lists the recent probes with their
findings.

Flags:
  --listen ADDR            address to serve on (default :9553)
  --config FILE            exporter.yaml: the modules (default: one 'probe' module)
  --web.config.file FILE   TLS and basic auth for this endpoint, in the format of
                           prometheus/exporter-toolkit (tls_server_config,
                           basic_auth_users with bcrypt hashes)
  --allowed-targets X      hosts /probe may name (repeatable): a host or IP,
                           a CIDR (10.0.0.0/8), or re:REGEXP matched against the
                           whole host name; others get 403 (default: any host)
  --max-concurrent N       runs at once (default 16); others wait, up to their deadline
  --recent N               runs kept for the / page (default 100)
  --timeout D              deadline of a run when the scrape sends no
                           X-Prometheus-Scrape-Timeout-Seconds (default 10s)
  --log-level L            debug, info (default), warn or error; logs go to stderr

The deadline of a run is Prometheus's scrape timeout less half a second (or a
tenth), else --timeout, and never more than the module's timeout setting.

Example exporter.yaml:
  modules:
    probe: {}                    # what a request without module= uses
    internal:
      ca: /etc/tlscheck/internal-ca.pem
      warn_days: 21
    nats:
      starttls: nats
      cert: /etc/tlscheck/client.p12
    scan:
      prober: scan
      policy: mozilla-intermediate
    nginx-files:
      prober: files
      files: [/etc/nginx/tls/]
      host: www.example.com

Exit status: 0 after a clean shutdown (SIGTERM, Ctrl-C), 2 when it cannot
start (bad flags, config or web config; the address in use).

Examples:
  tlscheck exporter --listen 127.0.0.1:9553
  tlscheck exporter --config exporter.yaml --allowed-targets 10.0.0.0/8 --web.config.file web.yml
  curl 'http://127.0.0.1:9553/probe?target=example.com:443'
`

// exporterOptions are the parsed flags of `tlscheck exporter`.
type exporterOptions struct {
	listen, config, webConfig, logLevel string
	allowed                             stringList
	maxConcurrent, recent               int
	timeout                             time.Duration
}

func runExporter(args []string, e env) int {
	o, code := parseExporterFlags(args, e)
	if code >= 0 {
		return code
	}
	opts, code := o.options(e)
	if code >= 0 {
		return code
	}
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		errorf(e.stderr, "--listen: %v", err)
		return exitCannot
	}
	if opts.Allow.Empty() {
		opts.Logger.Warn("no --allowed-targets: /probe will probe any host it is asked to")
	}
	if err := exporter.Serve(e.ctx, l, exporter.New(opts).Handler(), o.webConfig, opts.Logger); err != nil {
		errorf(e.stderr, "%v", err)
		return exitCannot
	}
	opts.Logger.Info("shut down")
	return exitOK
}

// parseExporterFlags reads the exporter's flags and checks their values.
func parseExporterFlags(args []string, e env) (exporterOptions, int) {
	o := exporterOptions{listen: ":9553", maxConcurrent: exporter.DefaultMaxConcurrent, recent: exporter.DefaultRecent,
		timeout: exporter.DefaultTimeout, logLevel: "info"}
	fs := newFlagSet("exporter")
	fs.StringVar(&o.listen, "listen", o.listen, "")
	fs.StringVar(&o.config, "config", "", "")
	fs.StringVar(&o.webConfig, "web.config.file", "", "")
	fs.Var(&o.allowed, "allowed-targets", "")
	fs.IntVar(&o.maxConcurrent, "max-concurrent", o.maxConcurrent, "")
	fs.IntVar(&o.recent, "recent", o.recent, "")
	fs.Var(durationFlag{&o.timeout}, "timeout", "")
	fs.StringVar(&o.logLevel, "log-level", o.logLevel, "")
	positional, code := parseInterleaved(fs, args, e)
	if code >= 0 {
		return o, code
	}
	if len(positional) > 0 {
		errorf(e.stderr, "tlscheck exporter takes no arguments, got %q", strings.Join(positional, " "))
		hintf(e.stderr, "targets come from Prometheus: /probe?target=%s", positional[0])
		return o, exitCannot
	}
	if o.maxConcurrent < 1 || o.recent < 1 || o.timeout <= 0 {
		errorf(e.stderr, "--max-concurrent and --recent must be 1 or more, --timeout more than 0")
		return o, exitCannot
	}
	return o, -1
}

// options reads the files the flags name and builds the exporter's options;
// nothing is listened on yet.
func (o exporterOptions) options(e env) (exporter.Options, int) {
	var level slog.Level
	if err := level.UnmarshalText([]byte(o.logLevel)); err != nil {
		errorf(e.stderr, "--log-level %q: want debug, info, warn or error", o.logLevel)
		return exporter.Options{}, exitCannot
	}
	cfg := exporter.DefaultConfig()
	if o.config != "" {
		var err error
		if cfg, err = exporter.LoadConfig(o.config); err != nil {
			errorf(e.stderr, "--config %v", err)
			return exporter.Options{}, exitCannot
		}
	}
	allow, err := exporter.ParseAllowList(o.allowed)
	if err != nil {
		errorf(e.stderr, "--allowed-targets: %v", err)
		return exporter.Options{}, exitCannot
	}
	if err := exporter.ValidateWebConfig(o.webConfig); err != nil {
		errorf(e.stderr, "--web.config.file %s: %v", o.webConfig, err)
		return exporter.Options{}, exitCannot
	}
	logger := slog.New(slog.NewTextHandler(e.stderr, &slog.HandlerOptions{Level: level}))
	return exporter.Options{Config: cfg, Allow: allow, Tool: report.Tool{Name: "tlscheck", Version: versionString()},
		MaxConcurrent: o.maxConcurrent, Recent: o.recent, DefaultTimeout: o.timeout, Logger: logger}, -1
}
