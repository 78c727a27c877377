// Package html renders many reports (an audit of many targets) as one
// self-contained HTML page: a sortable table of the targets, a chart of the
// days to expiry of every certificate, the grade distribution and each
// target's chains, connection and findings. The page loads nothing from the
// network: its CSS, script and SVG charts are inline, and its
// Content-Security-Policy forbids anything else.
package html

import (
	"bytes"
	_ "embed"
	"fmt"
	"html/template"
	"io"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/probe"
	"github.com/tlscheck/tlscheck/report"
)

// Options are what the page says beside the reports.
type Options struct {
	// Title heads the page; "" means "tlscheck audit".
	Title string
	// Generated is when the audit ran, shown in the header; zero leaves it
	// out. The caller passes it so that the same reports give the same page.
	Generated time.Time
	// Version is tlscheck's version; "" takes the first report's.
	Version string
	// FailOn is the --fail-on value ("error", "warning", "info" or "never";
	// "" means "error"), so that the page's verdict agrees with the exit code.
	FailOn string
	// WarnDays is the expiry chart's "expires soon" threshold in days; 0
	// takes each report's --warn-days, else facts.DefaultWarnDays.
	WarnDays int
}

//go:embed page.html.tmpl
var pageSource string

var pageTemplate = template.Must(template.New("page").Funcs(template.FuncMap{
	"inc": func(i int) int { return i + 1 },
}).Parse(pageSource))

// Render writes the page for reports, one per target, in the order given:
// the table's order without script, and the order its sorting returns to.
func Render(w io.Writer, reports []*report.Report, opts Options) error {
	p := build(reports, opts)
	// Rendered into a buffer first, so that a template error leaves w
	// untouched rather than holding half a page.
	var buf bytes.Buffer
	if err := pageTemplate.Execute(&buf, p); err != nil {
		return fmt.Errorf("html report: %w", err)
	}
	_, err := buf.WriteTo(w)
	return err
}

// Status of a target in the table.
const (
	statusOK          = "ok"
	statusFindings    = "findings"
	statusUnreachable = "unreachable"
)

var statusRank = map[string]int{statusOK: 0, statusFindings: 1, statusUnreachable: 2}

// gradeScale is the grades from best to worst, then T and M, which stand
// outside the scale (internal/grade); gradeRank sorts them.
var gradeScale = []string{"A+", "A", "A-", "B", "C", "D", "E", "F", "T", "M"}

func gradeRank(g string) int {
	for i, s := range gradeScale {
		if s == g {
			return len(gradeScale) - i
		}
	}
	return 0
}

type page struct {
	Title     string
	Generated string
	Version   string
	FailOn    string
	Failed    bool
	Verdict   string
	Counts    counts
	Rows      []row
	Expiry    *expiryChart
	ByCheck   []checkTargets
	Grades    *gradeChart
	Targets   []target
}

type counts struct {
	Targets, OK, Findings, Unreachable int
	Errors, Warnings, Infos            int
}

// checkTargets is one finding ID and the targets that have it, as the
// audit's text summary groups them ("cert.expires-soon: 3 targets").
type checkTargets struct {
	ID, Title, Severity string
	rank                checks.Severity
	Targets             []targetRef
}

type targetRef struct{ Anchor, Label string }

// row is one target in the table. Each sortable cell carries its sort key;
// an empty key sorts last whatever the direction.
type row struct {
	Index      int
	Anchor     string
	Label      string
	Status     string
	StatusRank int
	Version    string
	Grade      string
	GradeKey   string
	Days       string
	DaysKey    string
	DaysClass  string
	Errors     int
	Warnings   int
	Worst      string
	WorstSev   string
	WorstKey   string
}

// target is one target's details.
type target struct {
	Anchor     string
	Label      string
	Status     string
	Open       bool
	Connection []kv
	Failure    string
	Scan       *scanView
	Chains     []chainView
	Others     []certView
	Findings   []findingGroup
	NotChecked []string
}

type kv struct{ Key, Value string }

type scanView struct {
	Grade   string
	Score   int
	Reasons []string
	Policy  string
	Offered string
}

type chainView struct {
	Status  string
	Trusted bool
	Certs   []certView
}

type certView struct {
	Position  int
	Subject   string
	Issuer    string
	Key       string
	NotAfter  string
	Days      string
	DaysClass string
	Where     string
	Role      string
}

type findingGroup struct {
	Severity string
	Findings []findingView
}

type findingView struct {
	ID         string
	Severity   string
	Title      string
	Subject    string
	Message    string
	Evidence   []kv
	Fix        string
	References []string
	CausedBy   string
}

func build(reports []*report.Report, opts Options) *page {
	p := &page{Title: opts.Title, Version: opts.Version, FailOn: opts.FailOn}
	if p.Title == "" {
		p.Title = "tlscheck audit"
	}
	if p.Version == "" && len(reports) > 0 && reports[0] != nil {
		p.Version = reports[0].Tool.Version
	}
	if !opts.Generated.IsZero() {
		p.Generated = opts.Generated.UTC().Format("2006-01-02 15:04 UTC")
	}
	threshold, err := checks.ParseSeverity(opts.FailOn)
	if opts.FailOn == "" || err != nil {
		threshold = checks.Error
		p.FailOn = "error"
	}
	expiry := newExpiryChart()
	grades := map[string]int{}
	byCheck := map[string]*checkTargets{}
	for i, r := range reports {
		if r == nil {
			continue
		}
		anchor := "t" + strconv.Itoa(i+1)
		now := opts.Generated
		if r.Facts != nil && !r.Facts.Now.IsZero() {
			now = r.Facts.Now // the clock the checks judged by
		}
		warn := warnDays(r, opts)
		rw, tg := targetRow(r, i, anchor, now, warn)
		p.Rows = append(p.Rows, rw)
		p.Targets = append(p.Targets, tg)
		p.Counts.Targets++
		switch rw.Status {
		case statusOK:
			p.Counts.OK++
		case statusFindings:
			p.Counts.Findings++
		case statusUnreachable:
			p.Counts.Unreachable++
		}
		s := checks.Summarize(r.Findings)
		p.Counts.Errors += s.Error
		p.Counts.Warnings += s.Warning
		p.Counts.Infos += s.Info
		if threshold != checks.None && checks.Max(r.Findings) >= threshold {
			p.Failed = true
		}
		if r.Scan != nil && r.Scan.Grade != nil {
			grades[r.Scan.Grade.Grade]++
		}
		for _, f := range r.Findings {
			ct := byCheck[f.ID]
			if ct == nil {
				ct = &checkTargets{ID: f.ID, Title: f.Title}
				byCheck[f.ID] = ct
			}
			ct.rank = max(ct.rank, f.Severity)
			if n := len(ct.Targets); n == 0 || ct.Targets[n-1].Anchor != anchor {
				ct.Targets = append(ct.Targets, targetRef{anchor, rw.Label})
			}
		}
		for _, lc := range r.Certificates() {
			if lc.Cert.Public() {
				continue // trust-store roots: not the deployment's to renew
			}
			expiry.add(lc.Cert, rw.Label, now, warn)
		}
	}
	if p.Failed {
		p.Verdict = fmt.Sprintf("FAIL: findings at or above --fail-on %s", p.FailOn)
	} else {
		p.Verdict = fmt.Sprintf("PASS: no findings at or above --fail-on %s", p.FailOn)
	}
	p.Expiry = expiry.layout()
	for _, ct := range byCheck {
		ct.Severity = ct.rank.String()
		p.ByCheck = append(p.ByCheck, *ct)
	}
	// Worst first, then the most widespread, then by ID.
	sort.Slice(p.ByCheck, func(i, j int) bool {
		a, b := p.ByCheck[i], p.ByCheck[j]
		if a.rank != b.rank {
			return a.rank > b.rank
		}
		if len(a.Targets) != len(b.Targets) {
			return len(a.Targets) > len(b.Targets)
		}
		return a.ID < b.ID
	})
	if len(grades) > 0 {
		p.Grades = newGradeChart(grades)
	}
	return p
}

// warnDays is the expiry threshold for r.
func warnDays(r *report.Report, opts Options) int {
	if opts.WarnDays > 0 {
		return opts.WarnDays
	}
	if r.Facts != nil && r.Facts.Options.WarnDays > 0 {
		return r.Facts.Options.WarnDays
	}
	return facts.DefaultWarnDays
}

// label names a target as the user wrote it, else host:port, else its
// files. The command has already redacted the target's URL credentials;
// redacting again changes nothing then, and keeps them off a page that is
// made to be shared when a caller forgot.
func label(r *report.Report) string {
	t := r.Target
	switch {
	case t.Target != "":
		return probe.RedactTarget(t.Target)
	case t.Host != "":
		return t.Host + ":" + strconv.Itoa(t.Port)
	}
	var files []string
	for _, f := range t.Files {
		files = append(files, f.Path)
	}
	if len(files) == 0 && r.Facts != nil {
		for _, f := range r.Facts.Files {
			files = append(files, f.Path)
		}
	}
	if len(files) == 0 {
		return "(no input)"
	}
	return strings.Join(files, ", ")
}

func status(r *report.Report) string {
	if c := r.Connection; c != nil && c.Failure != nil && (c.Failure.Stage == "dns" || c.Failure.Stage == "connect") {
		return statusUnreachable
	}
	if len(r.Findings) > 0 {
		return statusFindings
	}
	return statusOK
}

// daysClass is the colour class of a days-left value.
func daysClass(days, warn int) string {
	switch {
	case days < 0:
		return "expired"
	case days < warn:
		return "soon"
	}
	return "ok"
}

func daysText(days int) string {
	if days < 0 {
		return fmt.Sprintf("expired %dd ago", -days)
	}
	return strconv.Itoa(days)
}

func targetRow(r *report.Report, i int, anchor string, now time.Time, warn int) (row, target) {
	s := checks.Summarize(r.Findings)
	rw := row{Index: i, Anchor: anchor, Label: label(r), Status: status(r), Errors: s.Error, Warnings: s.Warning}
	rw.StatusRank = statusRank[rw.Status]
	if c := r.Connection; c != nil {
		rw.Version = c.Version
	}
	if r.Scan != nil && r.Scan.Grade != nil {
		rw.Grade = r.Scan.Grade.Grade
		rw.GradeKey = strconv.Itoa(gradeRank(rw.Grade))
	}
	if leaf := leafOf(r); leaf != nil {
		d := facts.DaysUntil(leaf.X509.NotAfter, now)
		rw.Days, rw.DaysKey, rw.DaysClass = daysText(d), strconv.Itoa(d), daysClass(d, warn)
	}
	if w := worst(r.Findings); w != nil {
		rw.Worst, rw.WorstSev = w.ID, w.Severity.String()
		rw.WorstKey = strconv.Itoa(int(w.Severity))
	}
	return rw, details(r, rw, now, warn)
}

// leafOf is the leaf of the first chain the report shows, else the first
// certificate listed as a leaf; nil without one.
func leafOf(r *report.Report) *facts.Cert {
	for _, ch := range r.ShownChains() {
		if ch.Leaf != nil && ch.Leaf.X509 != nil {
			return ch.Leaf
		}
	}
	for _, lc := range r.Certificates() {
		if lc.Role == "leaf" {
			return lc.Cert
		}
	}
	return nil
}

// worst is the first finding of the highest severity: the engine sorts
// findings, so it is the same one the text report lists first.
func worst(fs []checks.Finding) *checks.Finding {
	var w *checks.Finding
	for i := range fs {
		if w == nil || fs[i].Severity > w.Severity {
			w = &fs[i]
		}
	}
	return w
}

func details(r *report.Report, rw row, now time.Time, warn int) target {
	tg := target{Anchor: rw.Anchor, Label: rw.Label, Status: rw.Status, Open: rw.Status != statusOK}
	if c := r.Connection; c != nil {
		tg.Connection = connectionSummary(c)
		if f := c.Failure; f != nil {
			tg.Failure = fmt.Sprintf("%s at the %s stage: %s", f.Kind, f.Stage, f.Message)
			if f.Alert != nil {
				tg.Failure += fmt.Sprintf(" (alert %s)", f.Alert.Name)
			}
		}
	}
	if s := r.Scan; s != nil {
		sv := &scanView{}
		if g := s.Grade; g != nil {
			sv.Grade, sv.Score, sv.Reasons = g.Grade, g.Score, g.Reasons
		}
		if pol := s.Policy; pol != nil {
			sv.Policy = pol.Name + ": compliant"
			if !pol.Compliant {
				sv.Policy = fmt.Sprintf("%s: %d deviations", pol.Name, len(pol.Deviations))
			}
		}
		var offered []string
		for _, v := range s.Versions {
			if v.Offered {
				offered = append(offered, v.Version)
			}
		}
		sv.Offered = strings.Join(offered, ", ")
		tg.Scan = sv
	}
	listed := r.Certificates()
	where := map[string]report.ListedCert{}
	for _, lc := range listed {
		where[lc.Cert.Fingerprint()] = lc
	}
	onChain := map[string]bool{}
	for _, ch := range r.ShownChains() {
		cv := chainView{Status: report.ChainStatusText(ch), Trusted: ch.Status == facts.ChainTrusted}
		for i, c := range ch.Path {
			onChain[c.Fingerprint()] = true
			cv.Certs = append(cv.Certs, certRow(i+1, c, where[c.Fingerprint()], now, warn))
		}
		tg.Chains = append(tg.Chains, cv)
	}
	for _, lc := range listed {
		if !onChain[lc.Cert.Fingerprint()] {
			tg.Others = append(tg.Others, certRow(0, lc.Cert, lc, now, warn))
		}
	}
	tg.Findings = groupFindings(r.Findings)
	for _, g := range r.NotChecked() {
		tg.NotChecked = append(tg.NotChecked, fmt.Sprintf("%s not checked (%s): %s", g.What, g.Check, g.Reason))
	}
	return tg
}

func certRow(pos int, c *facts.Cert, lc report.ListedCert, now time.Time, warn int) certView {
	cv := certView{Position: pos, Subject: checks.Name(c), Where: lc.Where, Role: lc.Role}
	if x := c.X509; x != nil {
		cv.Issuer = checks.DN(x.Issuer)
		cv.Key = checks.CertKeyDescription(x)
		cv.NotAfter = x.NotAfter.UTC().Format("2006-01-02")
		d := facts.DaysUntil(x.NotAfter, now)
		cv.Days, cv.DaysClass = daysText(d), daysClass(d, warn)
	}
	return cv
}

func connectionSummary(c *report.Connection) []kv {
	var out []kv
	add := func(k, v string) {
		if v != "" {
			out = append(out, kv{k, v})
		}
	}
	add("address", c.Address)
	add("SNI", c.SNI)
	add("STARTTLS", c.StartTLS)
	add("stage reached", c.Stage)
	add("version", c.Version)
	add("cipher suite", c.CipherSuite)
	add("key exchange group", c.Group)
	add("ALPN", c.ALPN)
	if c.Version != "" {
		add("OCSP stapled", yesNo(c.OCSPStapled))
		add("client certificate requested", yesNo(c.ClientCertReq))
	}
	if c.Timings.Total > 0 {
		add("time", fmt.Sprintf("%.0f ms", c.Timings.Total))
	}
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "no"
}

var severityOrder = []checks.Severity{checks.Error, checks.Warning, checks.Info}

func groupFindings(fs []checks.Finding) []findingGroup {
	var out []findingGroup
	for _, sev := range severityOrder {
		g := findingGroup{Severity: sev.String()}
		for _, f := range fs {
			if f.Severity != sev {
				continue
			}
			fv := findingView{ID: f.ID, Severity: sev.String(), Title: f.Title, Subject: f.Subject, Message: f.Message,
				Fix: f.Fix, References: f.References}
			keys := make([]string, 0, len(f.Evidence))
			for k := range f.Evidence {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fv.Evidence = append(fv.Evidence, kv{k, f.Evidence[k]})
			}
			if c := f.CausedBy; c != nil {
				fv.CausedBy = c.ID
				if c.Subject != "" {
					fv.CausedBy += " (" + c.Subject + ")"
				}
			}
			g.Findings = append(g.Findings, fv)
		}
		if len(g.Findings) > 0 {
			out = append(out, g)
		}
	}
	return out
}
