// Package exporter is `tlscheck exporter`: a Prometheus exporter in the
// multi-target pattern of blackbox_exporter. GET /probe?target=&module=
// runs one probe, scan or files check through internal/engine and answers
// with the metrics of that run only; /metrics has the exporter's own; / is
// a page of the recent runs and their findings.
//
// It is built to run for weeks: every run gets a fresh registry, the
// recent runs sit in a fixed-size ring, runs at once are bounded, and no
// map is keyed by target.
package exporter

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/exporter-toolkit/web"

	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/report"
)

// Options configure an Exporter. Zero values take the defaults below.
type Options struct {
	Config *Config     // nil: DefaultConfig
	Allow  *AllowList  // nil or empty: every target
	Tool   report.Tool // who wrote the reports
	// MaxConcurrent bounds the runs at once; a request that cannot start
	// before its deadline gets 503.
	MaxConcurrent int
	// Recent is how many runs the status page keeps.
	Recent int
	// DefaultTimeout bounds a run when the scrape sends no
	// X-Prometheus-Scrape-Timeout-Seconds (a person with curl).
	DefaultTimeout time.Duration
	Logger         *slog.Logger
	Resolver       *net.Resolver // for --allowed-targets CIDRs; nil: the default
}

// Defaults.
const (
	DefaultMaxConcurrent = 16
	DefaultRecent        = 100
	DefaultTimeout       = 10 * time.Second
	// scrapeMargin is left of Prometheus's scrape timeout for writing the
	// answer, so that a slow target shows as a failed probe rather than a
	// failed scrape (up == 0) with no metrics at all.
	scrapeMargin = 500 * time.Millisecond
)

// Exporter serves /probe, /metrics and /.
type Exporter struct {
	opts   Options
	sem    chan struct{}
	recent *recentProbes
	reg    *prometheus.Registry

	probes    *prometheus.CounterVec
	durations *prometheus.HistogramVec
	inFlight  prometheus.Gauge
	rejected  *prometheus.CounterVec
}

// New makes an exporter.
func New(opts Options) *Exporter {
	if opts.Config == nil {
		opts.Config = DefaultConfig()
	}
	if opts.MaxConcurrent <= 0 {
		opts.MaxConcurrent = DefaultMaxConcurrent
	}
	if opts.Recent <= 0 {
		opts.Recent = DefaultRecent
	}
	if opts.DefaultTimeout <= 0 {
		opts.DefaultTimeout = DefaultTimeout
	}
	if opts.Logger == nil {
		opts.Logger = slog.New(slog.DiscardHandler)
	}
	e := &Exporter{
		opts:   opts,
		sem:    make(chan struct{}, opts.MaxConcurrent),
		recent: newRecentProbes(opts.Recent),
		reg:    prometheus.NewRegistry(),
		probes: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tlscheck_exporter_probes_total",
			Help: "Runs by module and result: success, failure (target unreachable, no handshake) or error (the run could not complete: deadline, bad settings)."},
			[]string{"module", "result"}),
		durations: prometheus.NewHistogramVec(prometheus.HistogramOpts{Name: "tlscheck_exporter_probe_duration_seconds",
			Help: "How long runs took, by module.", Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}},
			[]string{"module"}),
		inFlight: prometheus.NewGauge(prometheus.GaugeOpts{Name: "tlscheck_exporter_probes_in_flight",
			Help: "Runs in progress."}),
		rejected: prometheus.NewCounterVec(prometheus.CounterOpts{Name: "tlscheck_exporter_requests_rejected_total",
			Help: "/probe requests refused: bad_request, unknown_module, forbidden (--allowed-targets) or busy (no run slot before the deadline)."},
			[]string{"reason"}),
	}
	e.reg.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		e.probes, e.durations, e.inFlight, e.rejected,
		prometheus.NewGaugeFunc(prometheus.GaugeOpts{Name: "tlscheck_exporter_recent_probes",
			Help: "Runs kept for the status page (at most --recent)."}, func() float64 { return float64(e.recent.Len()) }))
	return e
}

// Handler serves /probe, /metrics and /.
func (e *Exporter) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/probe", e.serveProbe)
	mux.Handle("/metrics", promhttp.HandlerFor(e.reg, promhttp.HandlerOpts{}))
	mux.HandleFunc("/{$}", e.serveStatus)
	return mux
}

// Run is the outcome of one /probe request.
type Run struct {
	Module, Target string
	Started        time.Time
	Duration       time.Duration
	Timeout        time.Duration // the deadline it was given
	Success        bool
	Err            error          // the run could not complete
	Report         *report.Report // nil when Err is set
}

// requestError is a /probe request refused before anything ran.
type requestError struct {
	status int
	reason string // the tlscheck_exporter_requests_rejected_total label
	msg    string
}

func (e *requestError) Error() string { return e.msg }

func (e *Exporter) serveProbe(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	run, err := e.Probe(r.Context(), q.Get("module"), q.Get("target"), r.Header.Get("X-Prometheus-Scrape-Timeout-Seconds"))
	var rerr *requestError
	if errors.As(err, &rerr) {
		e.rejected.WithLabelValues(rerr.reason).Inc()
		e.opts.Logger.Debug("probe refused", "target", engine.RedactTarget(q.Get("target")), "reason", rerr.reason, "err", rerr.msg)
		http.Error(w, rerr.msg, rerr.status)
		return
	}
	reg := prometheus.NewRegistry()
	reg.MustRegister(runCollector{run: run})
	promhttp.HandlerFor(reg, promhttp.HandlerOpts{ErrorHandling: promhttp.ContinueOnError}).ServeHTTP(w, r)
}

// Probe runs module on target: what one /probe request does. scrapeTimeout
// is the X-Prometheus-Scrape-Timeout-Seconds header ("" when absent). The
// error is a *requestError when the request is refused; a run that fails
// is a Run with Success false.
func (e *Exporter) Probe(ctx context.Context, moduleName, target, scrapeTimeout string) (*Run, error) {
	if moduleName == "" {
		moduleName = DefaultModule
	}
	m, ok := e.opts.Config.Modules[moduleName]
	if !ok {
		return nil, &requestError{http.StatusBadRequest, "unknown_module", fmt.Sprintf("unknown module %q", moduleName)}
	}
	timeout := e.timeout(m, scrapeTimeout)
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	if m.Prober != ProberFiles {
		if target == "" {
			return nil, &requestError{http.StatusBadRequest, "bad_request", "target parameter is missing"}
		}
		t, err := probe.ParseTarget(target, m.StartTLS)
		if err != nil {
			return nil, &requestError{http.StatusBadRequest, "bad_request", fmt.Sprintf("target: %v", err)}
		}
		if !e.opts.Allow.Allowed(ctx, e.opts.Resolver, t.Host) {
			return nil, &requestError{http.StatusForbidden, "forbidden", fmt.Sprintf("target host %q is not in --allowed-targets", t.Host)}
		}
	}
	select {
	case e.sem <- struct{}{}:
	case <-ctx.Done():
		return nil, &requestError{http.StatusServiceUnavailable, "busy", fmt.Sprintf("no free run slot within %s (%d runs at once)", timeout, cap(e.sem))}
	}
	e.inFlight.Inc()
	run := &Run{Module: moduleName, Target: target, Started: time.Now(), Timeout: timeout}
	run.Report, run.Err = e.runModule(ctx, m, target, timeout)
	run.Duration = time.Since(run.Started)
	e.inFlight.Dec()
	<-e.sem

	result := "error"
	if run.Err == nil {
		run.Success = succeeded(run.Report)
		result = "failure"
		if run.Success {
			result = "success"
		}
	}
	e.probes.WithLabelValues(moduleName, result).Inc()
	e.durations.WithLabelValues(moduleName).Observe(run.Duration.Seconds())
	if run.Err != nil {
		e.opts.Logger.Info("probe did not complete", "module", moduleName, "target", engine.RedactTarget(target), "err", run.Err)
	}
	e.recent.add(summarize(run))
	return run, nil
}

// timeout is the run's deadline: the scrape's timeout less a margin, else
// the default, and never more than the module's own timeout.
func (e *Exporter) timeout(m *Module, header string) time.Duration {
	t := e.opts.DefaultTimeout
	if secs, err := strconv.ParseFloat(header, 64); err == nil && secs > 0 {
		scrape := time.Duration(secs * float64(time.Second))
		t = scrape - min(scrapeMargin, scrape/10)
	}
	if m.Timeout > 0 && time.Duration(m.Timeout) < t {
		t = time.Duration(m.Timeout)
	}
	return t
}

// runModule runs the engine: a probe, a scan or the files.
func (e *Exporter) runModule(ctx context.Context, m *Module, target string, timeout time.Duration) (*report.Report, error) {
	checking := engine.Checking{WarnDays: m.warnDays(), Tool: e.opts.Tool}
	// The engine's own bounds end a little before the context does, so
	// that a slow server is a finding (tls.connect-failed: timeout) in a
	// report rather than no report at all.
	inner := timeout * 9 / 10
	switch m.Prober {
	case ProberFiles:
		host := m.Host
		if host == "" {
			host = target
		}
		if host != "" {
			checking.Hosts = []string{host}
		}
		return engine.Files(ctx, engine.FilesConfig{Checking: checking, Paths: m.Files, CA: m.CA})
	default:
		pc := engine.ProbeConfig{
			Checking:         checking,
			Target:           target,
			StartTLS:         m.StartTLS,
			ServerName:       m.ServerName,
			ClientCert:       m.Cert,
			ClientKey:        m.Key,
			CA:               m.CA,
			ConnectTimeout:   min(5*time.Second, inner),
			HandshakeTimeout: min(5*time.Second, inner),
			Timeout:          inner,
			HandshakeBudget:  500 * time.Millisecond,
		}
		if m.Prober == ProberScan {
			return engine.Scan(ctx, engine.ScanConfig{ProbeConfig: pc, MaxConnections: m.MaxConnections, Timeout: inner, Policy: m.Policy})
		}
		return engine.Probe(ctx, pc)
	}
}

// succeeded says whether a run gathered what it looks at: for a probe or a
// scan a completed handshake, for files a report (the engine returns an
// error when there was nothing to read).
func succeeded(r *report.Report) bool {
	if r == nil {
		return false
	}
	if r.Facts != nil && r.Facts.Connection != nil {
		return r.Facts.Connection.Failure == nil
	}
	return true
}

func summarize(run *Run) recentProbe {
	p := recentProbe{Time: run.Started, Module: run.Module, Target: clip(engine.RedactTarget(run.Target)),
		Success: run.Success, Duration: run.Duration}
	if run.Err != nil {
		p.Error = clip(run.Err.Error())
	}
	if r := run.Report; r != nil {
		if r.Facts != nil && r.Facts.Connection != nil && r.Facts.Connection.Version != 0 {
			p.Version = r.Facts.Connection.Version.String()
		}
		if r.Facts != nil {
			if days, ok := leafDays(r); ok {
				p.LeafDays, p.HasLeaf = days, true
			}
		}
		for i, f := range r.Findings {
			if i == maxRecentFindings {
				p.More = len(r.Findings) - i
				break
			}
			p.Findings = append(p.Findings, recentFinding{ID: f.ID, Severity: f.Severity.String(), Message: clip(f.Message)})
		}
	}
	return p
}

func (e *Exporter) serveStatus(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	data := struct {
		Modules  []string
		Probes   []recentProbe
		Capacity int
	}{e.opts.Config.moduleNames(), e.recent.list(), e.recent.Cap()}
	if err := statusPage.Execute(w, data); err != nil {
		e.opts.Logger.Warn("status page", "err", err)
	}
}

// Serve serves h on l until ctx ends, then shuts down gracefully: it stops
// accepting, lets the runs in progress finish (up to shutdownGrace) and
// returns. webConfigFile is exporter-toolkit's --web.config.file (TLS and
// basic auth); "" serves plain HTTP.
func Serve(ctx context.Context, l net.Listener, h http.Handler, webConfigFile string, logger *slog.Logger) error {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second, ErrorLog: slog.NewLogLogger(logger.Handler(), slog.LevelDebug)}
	systemd := false
	flags := &web.FlagConfig{WebListenAddresses: &[]string{l.Addr().String()}, WebSystemdSocket: &systemd, WebConfigFile: &webConfigFile}
	served := make(chan error, 1)
	go func() { served <- web.Serve(l, srv, flags, logger) }()
	select {
	case err := <-served:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), shutdownGrace)
	defer cancel()
	err := srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close()
	}
	if serr := <-served; serr != nil && !errors.Is(serr, http.ErrServerClosed) {
		return serr
	}
	return err
}

// shutdownGrace is how long a shutdown waits for runs in progress.
const shutdownGrace = 15 * time.Second

// ValidateWebConfig checks a --web.config.file before serving.
func ValidateWebConfig(path string) error {
	if path == "" {
		return nil
	}
	// exporter-toolkit reads the file whole, again on every connection:
	// make sure first that it is a regular file of sensible size.
	if _, err := load.ReadRegularFile(path, maxConfigSize); err != nil {
		return err
	}
	return web.Validate(path)
}
