package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/auditcfg"
	"github.com/tlscheck/tlscheck/internal/baseline"
	"github.com/tlscheck/tlscheck/internal/engine"
	"github.com/tlscheck/tlscheck/internal/load"
	"github.com/tlscheck/tlscheck/report"
)

func auditUsage(w io.Writer) { fmt.Fprint(w, auditHelp) }

// auditHelp is the text of `tlscheck audit -h`.
const auditHelp = `Usage: tlscheck audit [flags] [TARGET...]

Checks many endpoints and certificate deployments at once: a probe of each
target (a full scan with --scan), every check, then a table with one row per
target, the findings grouped by check across targets, and one verdict.

Targets:
  TARGET...              endpoints as for 'tlscheck probe'
  --targets FILE         one target a line, # comments; - reads standard input
  --config FILE          audit.yaml: defaults and targets with their own
                         servername, ca, cert/key, starttls, scan, policy,
                         warn_days, labels; and file deployments
                         (files: [paths], host: name)

Audit:
  -c N                   targets checked at once (default 32)
  --deadline D           bound on one target (default: --timeout plus 5s for
                         a probe, plus 15s for a scan)
  --scan                 scan every endpoint (default: probe); --max-connections,
                         --delay and --policy as for 'tlscheck scan'
  --format F             text, json (one document), jsonl (a report a line, as
                         each target finishes), sarif (one run) or junit
  --baseline FILE        a previous 'audit --format json': mark each finding
                         new or unchanged and list the resolved ones
  --fail-on-new          fail only on new findings at or above --fail-on

Every flag of 'tlscheck probe' (--ca, --cert/--key, --servername, --starttls,
--timeout, --warn-days, --checks, --fail-on, ...) is the default of every
target; the config file overrides it per target.

A progress bar is shown on a terminal only (standard error, text format).

Exit status: 0 no finding at or above --fail-on, 1 findings, 2 could not run
(bad flags or config, or a target that could not be checked). A server that
cannot be reached is a finding (exit 1).

Examples:
  tlscheck audit example.com mqtts://broker:8883 nats://nats:4222
  tlscheck audit --targets hosts.txt --format junit > tls.xml
  tlscheck audit --config audit.yaml --format json > today.json
  tlscheck audit --config audit.yaml --baseline yesterday.json --fail-on-new
`

// renderAuditHTML renders `audit --format html` once the HTML report is
// built in (it sets this hook); until then html is not one of audit's
// formats. It gets every target's report, in audit order, and the summary.
var renderAuditHTML func(w io.Writer, reports []*report.Report, s report.AuditSummary, o report.Options) error

// auditFormats are the --format values of audit.
func auditFormats() []string {
	formats := []string{"text", "json", "jsonl", "sarif", "junit"}
	if renderAuditHTML != nil {
		formats = append(formats, "html")
	}
	return formats
}

// auditOptions are the parsed flags of `tlscheck audit`: a scan's (which
// are a probe's and its own) and the audit's.
type auditOptions struct {
	scanOptions
	workers       int
	targetsFile   string
	configFile    string
	scanAll       bool
	baselineFile  string
	failOnNew     bool
	deadline      time.Duration
	timeoutGiven  bool
	deadlineGiven bool
}

// auditTarget is one target as the command knows it: where it came from
// (for messages), its settings, and how it is shown.
type auditTarget struct {
	name   string // shown: the URL redacted, or the files
	kind   report.AuditKind
	labels map[string]string
	engine engine.AuditTarget
}

// targetSpec is a target before it is checked: from the arguments, a
// targets file or the config.
type targetSpec struct {
	url    string
	cfg    *auditcfg.Target // nil unless from the config
	where  string           // "FILE:LINE: " for messages, "" for an argument
	relDir string           // the config's directory, for its relative paths
}

func runAudit(args []string, e env) int {
	o, positional, code := parseAuditFlags(args, e)
	if code >= 0 {
		return code
	}
	specs, code := o.gatherTargets(positional, e)
	if code >= 0 {
		return code
	}
	// The shared flags are validated as for one probe, with the first
	// endpoint (or a stand-in when there are only file deployments).
	first := "localhost"
	for _, s := range specs {
		if s.url != "" {
			first = s.url
			break
		}
	}
	format := o.format
	if format != "text" {
		o.format = "json" // the shared validation knows one report's formats; audit's others are for machines too
	}
	base, settings, code := o.config("audit", []string{first}, e)
	if code >= 0 {
		return code
	}
	settings.format = format
	targets := make([]auditTarget, 0, len(specs))
	for _, s := range specs {
		t, code := o.target(s, base, e)
		if code >= 0 {
			return code
		}
		targets = append(targets, t)
	}
	bl, code := o.readBaseline(e)
	if code >= 0 {
		return code
	}
	return o.audit(targets, bl, settings, base.Password, e)
}

// parseAuditFlags reads audit's flags: a scan's, which are a probe's, and
// its own; code is -1 unless the command should exit with it.
func parseAuditFlags(args []string, e env) (o auditOptions, positional []string, code int) {
	o = auditOptions{scanOptions: scanOptions{probeOptions: defaultProbeOptions(), maxConnections: 8}, workers: 32}
	fs := newFlagSet("audit")
	o.register(fs)
	o.registerScan(fs)
	fs.IntVar(&o.workers, "c", o.workers, "")
	fs.StringVar(&o.targetsFile, "targets", "", "")
	fs.StringVar(&o.configFile, "config", "", "")
	fs.BoolVar(&o.scanAll, "scan", false, "")
	fs.StringVar(&o.baselineFile, "baseline", "", "")
	fs.BoolVar(&o.failOnNew, "fail-on-new", false, "")
	fs.Var(durationFlag{&o.deadline}, "deadline", "")
	if positional, code = parseInterleaved(fs, args, e); code >= 0 {
		return o, nil, code
	}
	fs.Visit(func(f *flag.Flag) {
		switch f.Name {
		case "timeout":
			o.timeoutGiven = true
		case "deadline":
			o.deadlineGiven = true
		}
	})
	if !contains(auditFormats(), o.format) {
		errorf(e.stderr, "unknown --format %q for audit", o.format)
		hintf(e.stderr, "%s", formatHint(o.format, auditFormats()))
		return o, nil, exitCannot
	}
	if o.workers < 1 {
		errorf(e.stderr, "-c must be 1 or more, got %d", o.workers)
		return o, nil, exitCannot
	}
	if o.failOnNew && o.baselineFile == "" {
		errorf(e.stderr, "--fail-on-new needs --baseline (the audit that findings are new against)")
		return o, nil, exitCannot
	}
	return o, positional, o.checkScan(e)
}

// readBaseline reads --baseline; nil when there is none.
func (o *auditOptions) readBaseline(e env) (*baseline.Baseline, int) {
	if o.baselineFile == "" {
		return nil, -1
	}
	bl, err := baseline.Read(o.baselineFile)
	if err != nil {
		errorf(e.stderr, "--baseline: %v", err)
		hintf(e.stderr, "a baseline is the output of an earlier `tlscheck audit --format json`")
		return nil, exitCannot
	}
	return bl, -1
}

// gatherTargets reads the targets from the arguments, --targets and
// --config, in that order.
func (o *auditOptions) gatherTargets(positional []string, e env) ([]targetSpec, int) {
	var specs []targetSpec
	for _, p := range positional {
		specs = append(specs, targetSpec{url: p})
	}
	if o.targetsFile != "" {
		var r io.Reader = e.stdin
		name := "standard input"
		if o.targetsFile != "-" {
			f, err := os.Open(o.targetsFile)
			if err != nil {
				errorf(e.stderr, "--targets: %v", err)
				return nil, exitCannot
			}
			defer f.Close()
			r, name = f, o.targetsFile
		}
		sc := bufio.NewScanner(r)
		for line := 1; sc.Scan(); line++ {
			text := stripComment(sc.Text())
			if text == "" {
				continue
			}
			if strings.ContainsAny(text, " \t") {
				errorf(e.stderr, "%s:%d: one target a line, got %q", name, line, engine.RedactTarget(text))
				return nil, exitCannot
			}
			specs = append(specs, targetSpec{url: text, where: fmt.Sprintf("%s:%d: ", name, line)})
		}
		if err := sc.Err(); err != nil {
			errorf(e.stderr, "--targets %s: %v", name, err)
			return nil, exitCannot
		}
	}
	if o.configFile != "" {
		cfg, err := auditcfg.Read(o.configFile)
		if err != nil {
			errorf(e.stderr, "--config: %v", err)
			var ce *auditcfg.Error
			if errors.As(err, &ce) && ce.Kind == auditcfg.ErrUnknownField {
				hintf(e.stderr, "a target takes url, servername, ca, cert, key, starttls, scan, policy, warn_days, labels, or files and host")
			}
			return nil, exitCannot
		}
		for i := range cfg.Targets {
			t := &cfg.Targets[i]
			specs = append(specs, targetSpec{url: t.URL, cfg: t, where: fmt.Sprintf("%s:%d: ", o.configFile, t.Line),
				relDir: filepath.Dir(o.configFile)})
		}
	}
	if len(specs) == 0 {
		errorf(e.stderr, "audit needs targets")
		hintf(e.stderr, "name them as arguments, one a line in --targets FILE (- for standard input), or in --config audit.yaml")
		return nil, exitCannot
	}
	return specs, -1
}

// stripComment drops a # comment (at the start of a line or after a space)
// and the surrounding blanks.
func stripComment(line string) string {
	if i := strings.Index(line, "#"); i == 0 {
		return ""
	}
	if i := strings.Index(line, " #"); i >= 0 {
		line = line[:i]
	}
	if i := strings.Index(line, "\t#"); i >= 0 {
		line = line[:i]
	}
	return strings.TrimSpace(line)
}

// target turns a spec into what the engine runs: the flags' configuration
// with the config's settings over it, checked before anything is dialled.
func (o *auditOptions) target(s targetSpec, base engine.ProbeConfig, e env) (auditTarget, int) {
	r := specResolver{o: o, s: s, c: s.cfg, e: e}
	if r.c == nil {
		r.c = &auditcfg.Target{URL: s.url}
	}
	ca, code := r.files()
	if code >= 0 {
		return auditTarget{}, code
	}
	checking := base.Checking
	if r.c.WarnDays != nil {
		checking.WarnDays = *r.c.WarnDays
	}
	if len(r.c.Files) > 0 {
		fc := engine.FilesConfig{Checking: checking, CA: base.CA, Password: base.Password}
		for _, p := range r.c.Files {
			fc.Paths = append(fc.Paths, r.path(p))
		}
		if len(ca) > 0 {
			fc.CA = ca
		}
		fc.Hosts = append(append([]string(nil), r.c.Host...), checking.Hosts...)
		t := auditTarget{name: strings.Join(fc.Paths, ","), kind: report.AuditFiles, labels: r.c.Labels}
		t.engine = engine.AuditTarget{Files: &fc, Deadline: o.deadline}
		return t, -1
	}
	pc := base
	pc.Checking = checking
	if len(ca) > 0 {
		pc.CA = ca
	}
	if code := r.endpoint(&pc); code >= 0 {
		return auditTarget{}, code
	}
	return r.endpointTarget(pc)
}

// specResolver resolves one target spec; its methods report a bad setting
// at the line of the config that has it.
type specResolver struct {
	o *auditOptions
	s targetSpec
	c *auditcfg.Target
	e env
}

// where is "FILE:LINE: " of key in the config, or the spec's own place.
func (r specResolver) where(key string) string {
	if r.s.cfg == nil {
		return r.s.where
	}
	return fmt.Sprintf("%s:%d: ", r.o.configFile, r.c.LineOf(key))
}

// path makes a config's relative path relative to the config's directory.
func (r specResolver) path(p string) string {
	if r.s.relDir != "" && p != "" && !filepath.IsAbs(p) && p != "-" {
		return filepath.Join(r.s.relDir, p)
	}
	return p
}

// files resolves the target's ca, cert and key paths and checks each is
// usable; it returns the CA paths.
func (r specResolver) files() ([]string, int) {
	var ca []string
	for _, p := range r.c.CA {
		ca = append(ca, r.path(p))
	}
	for _, file := range []struct {
		key   string
		paths []string
	}{{"ca", ca}, {"cert", nonEmptyStrings(r.path(r.c.Cert))}, {"key", nonEmptyStrings(r.path(r.c.Key))}} {
		for _, p := range file.paths {
			if err := load.CheckPath(p); err != nil {
				errorf(r.e.stderr, "%s%s: %v", r.where(file.key), file.key, err)
				return nil, exitCannot
			}
		}
	}
	return ca, -1
}

// endpoint sets the endpoint's own settings (url, servername, client
// credentials, starttls) over pc and checks the target.
func (r specResolver) endpoint(pc *engine.ProbeConfig) int {
	c := r.c
	pc.Target = c.URL
	if c.ServerName != "" {
		pc.ServerName, pc.NoSNI = c.ServerName, false
	}
	if c.Cert != "" || c.Key != "" {
		pc.ClientCert, pc.ClientKey = r.path(c.Cert), r.path(c.Key)
		var bad string
		switch {
		case c.Key == "" && !isPKCS12Name(c.Cert):
			bad = "cert needs key (or give a PKCS#12 bundle as cert)"
		case c.Cert == "":
			bad = "key needs cert (the client certificate it belongs to)"
		}
		if bad != "" {
			errorf(r.e.stderr, "%s%s", r.s.where, bad)
			return exitCannot
		}
	}
	if c.StartTLS != "" {
		pc.StartTLS = c.StartTLS
	}
	if err := engine.CheckTarget(pc.Target, pc.StartTLS); err != nil {
		errorf(r.e.stderr, "%s%v", r.where("url"), err)
		hintf(r.e.stderr, "targets look like host, host:port, [::1]:8443, https://host, mqtts://host, nats://host:4222")
		return exitCannot
	}
	return -1
}

// endpointTarget makes the probe, or the scan, of an endpoint with its
// deadline: the flag's, or the run's own timeout and some to report.
func (r specResolver) endpointTarget(pc engine.ProbeConfig) (auditTarget, int) {
	o, c := r.o, r.c
	policy := o.policy
	if c.Policy != "" {
		if !contains(policies, c.Policy) {
			errorf(r.e.stderr, "%sunknown policy %q", r.where("policy"), c.Policy)
			hintf(r.e.stderr, "%s", formatHint(c.Policy, policies))
			return auditTarget{}, exitCannot
		}
		policy = c.Policy
	}
	scan := o.scanAll
	if c.Scan != nil {
		scan = *c.Scan
	}
	t := auditTarget{name: engine.RedactTarget(pc.Target), kind: report.AuditProbe, labels: c.Labels}
	deadline := o.deadline
	if !scan {
		if !o.deadlineGiven {
			deadline = pc.Timeout + 5*time.Second
		}
		t.engine = engine.AuditTarget{Probe: &pc, Deadline: deadline}
		return t, -1
	}
	t.kind = report.AuditScan
	timeout := 60 * time.Second
	if o.timeoutGiven {
		timeout = o.timeout
	}
	if !o.deadlineGiven {
		deadline = timeout + 15*time.Second
	}
	sc := engine.ScanConfig{ProbeConfig: pc, MaxConnections: o.maxConnections, Delay: o.delay, Timeout: timeout, Policy: policy}
	t.engine = engine.AuditTarget{Scan: &sc, Deadline: deadline}
	return t, -1
}

// audit runs the targets and writes the report as they finish; it returns
// the exit code.
func (o *auditOptions) audit(targets []auditTarget, bl *baseline.Baseline, s reportSettings, password string, e env) int {
	out := newAuditOutput(s.format, len(targets), s.failOn, o.failOnNew, e.stdout)
	bar := newAuditBar(len(targets), s.format == "text" && e.stderrTTY, e.stderr)
	var rows []report.AuditRow
	failures := 0
	started := time.Now()
	cfgs := make([]engine.AuditTarget, len(targets))
	for i, t := range targets {
		cfgs[i] = t.engine
	}
	engine.AuditAll(e.ctx, cfgs, engine.Batch{Workers: o.workers, Stream: true, Progress: func(done, total int, res engine.Result) {
		t := targets[res.Index]
		err := res.Err
		if err != nil {
			err = errors.New(scrub(err.Error(), password))
		}
		row := report.NewAuditRow(res.Index, t.kind, t.name, t.labels, res.Report, err)
		markBaseline(bl, res.Report, &row)
		out.add(res, row)
		rows = append(rows, row)
		if row.Status != report.AuditOK {
			failures++
		}
		bar.update(done, failures)
	}})
	bar.finish()
	if e.ctx.Err() != nil {
		errorf(e.stderr, "interrupted after %d of %d targets; the report is incomplete", len(rows), len(targets))
		return exitCannot
	}
	var resolved []report.AuditResolved
	if bl != nil {
		resolved = []report.AuditResolved{}
		for _, k := range bl.Resolved() {
			resolved = append(resolved, report.AuditResolved{Target: k.Target, ID: k.ID, Subject: k.Subject, SHA256: k.SHA256})
		}
	}
	sum := report.NewAuditSummary(rows, s.failOn, o.failOnNew, resolved)
	if bar.shown {
		fmt.Fprintf(e.stderr, "tlscheck: audited %s in %.1fs\n", pluralWord(len(targets), "target"), time.Since(started).Seconds())
	}
	if err := out.close(sum, report.Options{Color: s.color, Verbose: s.verbose, FailOn: s.failOn.String(), Width: decideWidth(e)}); err != nil {
		errorf(e.stderr, "writing the %s report: %s", s.format, scrub(err.Error(), password))
		return exitCannot
	}
	for _, row := range sum.Rows {
		if row.Error != "" {
			errorf(e.stderr, "%s could not be checked: %s", row.Target, row.Error)
		}
	}
	switch sum.Verdict {
	case report.VerdictIncomplete:
		return exitCannot
	case report.VerdictFail:
		return exitFindings
	}
	return exitOK
}

// markBaseline marks each of the row's findings new or known against the
// baseline, and the target as audited, so what is left is resolved.
func markBaseline(bl *baseline.Baseline, r *report.Report, row *report.AuditRow) {
	if bl == nil || r == nil {
		return
	}
	key := reportKey(r)
	bl.Audited(key)
	for i := range row.Findings {
		f := &row.Findings[i]
		f.Baseline = bl.Mark(baseline.Key{Target: key, ID: f.ID, Subject: f.Subject, SHA256: f.SHA256})
	}
}

// auditOutput writes an audit in one format: json, jsonl and junit as the
// targets finish, sarif and html (which need them all) at the end, and the
// text summary at the end.
type auditOutput struct {
	format string
	out    *failingWriter
	json   *report.AuditJSON
	sarif  *report.AuditSARIF
	junit  *report.AuditJUnit
	kept   []*report.Report // html only
}

func newAuditOutput(format string, targets int, failOn checks.Severity, failOnNew bool, w io.Writer) *auditOutput {
	a := &auditOutput{format: format, out: &failingWriter{w: w}}
	tool := report.Tool{Name: "tlscheck", Version: versionString()}
	switch format {
	case "json":
		a.json = report.NewAuditJSON(a.out, tool)
	case "sarif":
		a.sarif = report.NewAuditSARIF(tool)
	case "junit":
		a.junit = report.NewAuditJUnit(a.out, failOn, failOnNew)
	case "html":
		a.kept = make([]*report.Report, targets)
	}
	return a
}

// add takes one finished target.
func (a *auditOutput) add(res engine.Result, row report.AuditRow) {
	switch {
	case a.format == "jsonl" && res.Report != nil:
		a.out.do(func(w io.Writer) error { return report.JSONLine(w, res.Report) })
	case a.json != nil && res.Report != nil:
		a.out.do(func(io.Writer) error { return a.json.Add(res.Report) })
	case a.sarif != nil && res.Report != nil:
		a.sarif.Add(res.Report, row)
	case a.junit != nil:
		a.out.do(func(io.Writer) error { return a.junit.Add(res.Report, row) })
	case a.kept != nil:
		a.kept[res.Index] = res.Report
	}
}

// close writes what comes after the last target; the error is the first
// write that failed.
func (a *auditOutput) close(sum report.AuditSummary, opts report.Options) error {
	switch a.format {
	case "text":
		a.out.do(func(w io.Writer) error { return report.AuditText(w, sum, opts) })
	case "json":
		a.out.do(func(io.Writer) error { return a.json.Close(sum) })
	case "sarif":
		a.out.do(a.sarif.Write)
	case "junit":
		a.out.do(func(io.Writer) error { return a.junit.Close() })
	case "html":
		var reports []*report.Report
		for _, r := range a.kept {
			if r != nil {
				reports = append(reports, r)
			}
		}
		a.out.do(func(w io.Writer) error { return renderAuditHTML(w, reports, sum, opts) })
	}
	return a.out.err
}

// reportKey is the target's name in a baseline, taken from its report so
// that it is spelt as the previous audit's JSON spells it.
func reportKey(r *report.Report) string {
	var files []string
	for _, f := range r.Target.Files {
		files = append(files, f.Path)
	}
	return baseline.TargetKey(r.Target.Target, files)
}

// failingWriter remembers the first error of a series of writes and skips
// the writes after it.
type failingWriter struct {
	w   io.Writer
	err error
}

func (f *failingWriter) Write(p []byte) (int, error) {
	if f.err != nil {
		return 0, f.err
	}
	n, err := f.w.Write(p)
	f.err = err
	return n, err
}

func (f *failingWriter) do(write func(io.Writer) error) {
	if f.err != nil {
		return
	}
	if err := write(f); err != nil && f.err == nil {
		f.err = err
	}
}

func pluralWord(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}

// auditBar is the progress bar of an audit, drawn on a terminal only: the
// targets done of the total, the failures so far and the time left.
type auditBar struct {
	bar   *progressbar.ProgressBar
	shown bool
}

func newAuditBar(total int, show bool, w io.Writer) *auditBar {
	if !show {
		return &auditBar{}
	}
	bar := progressbar.NewOptions(total,
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("tlscheck: auditing"),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionSetElapsedTime(false),
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionSetRenderBlankState(true),
	)
	return &auditBar{bar: bar, shown: true}
}

func (b *auditBar) update(done, failures int) {
	if b.bar == nil {
		return
	}
	b.bar.Describe(fmt.Sprintf("tlscheck: auditing, %d failed", failures))
	b.bar.Set(done)
}

func (b *auditBar) finish() {
	if b.bar == nil {
		return
	}
	b.bar.Finish() // draws done/total once more, past the throttle
	b.bar.Clear()  // the bar is replaced by a line, not left in the scrollback
}
