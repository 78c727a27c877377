package report

import (
	"sort"

	"github.com/tlscheck/tlscheck/checks"
)

// The status of a target in an audit.
const (
	AuditOK          = "ok"          // no error or warning finding
	AuditFindings    = "findings"    // at least one error or warning
	AuditUnreachable = "unreachable" // tls.connect-failed: no TCP connection (or no answer within the deadline)
	AuditNotRun      = "error"       // the target could not be checked (a bad --ca file, a missing deployment file)
)

// Baseline marks of a finding (SARIF's baselineState values).
const (
	BaselineNew       = "new"
	BaselineUnchanged = "unchanged"
)

// AuditKind is what was done to an audit target. In JSON it is the name.
type AuditKind string

// Audit target kinds.
const (
	AuditProbe AuditKind = "probe" // one handshake and the checks
	AuditScan  AuditKind = "scan"  // everything the server accepts
	AuditFiles AuditKind = "files" // a deployment's files, offline
)

// AuditRow is one target's line of an audit summary: all an overview needs
// (the text table, the HTML report's sortable table, a dashboard) without
// the target's full report, so an audit of thousands of targets keeps rows,
// not reports. JSON: summary.rows[] of `audit --format json`.
type AuditRow struct {
	Index  int               `json:"index"`  // position among the audit's targets
	Target string            `json:"target"` // the URL or host:port (credentials redacted), or the files
	Kind   AuditKind         `json:"kind"`
	Labels map[string]string `json:"labels,omitempty"`
	Status string            `json:"status"` // AuditOK, AuditFindings, AuditUnreachable or AuditNotRun
	// TLSVersion is the version negotiated ("TLS 1.3"); "" when none was.
	TLSVersion string `json:"tls_version,omitempty"`
	Grade      string `json:"grade,omitempty"` // scans only
	// LeafDaysLeft is the fewest days left of a leaf certificate (negative:
	// expired that many days ago); nil when no leaf was seen.
	LeafDaysLeft *int `json:"leaf_days_left"`
	Errors       int  `json:"errors"`
	Warnings     int  `json:"warnings"`
	Infos        int  `json:"infos"`
	// Worst is the ID of the most severe finding ("" when none).
	Worst         string          `json:"worst,omitempty"`
	WorstSeverity checks.Severity `json:"worst_severity"`
	// Error says why the target could not be checked (status AuditNotRun).
	Error string `json:"error,omitempty"`
	// Findings are the target's findings in report order, with their
	// baseline mark when the audit had a baseline.
	Findings []AuditFinding `json:"findings"`
}

// AuditFinding is a finding as an audit keeps it: what identifies it
// across runs (the baseline key, with the row's target) and its mark.
type AuditFinding struct {
	ID       string          `json:"id"`
	Severity checks.Severity `json:"severity"`
	Subject  string          `json:"subject,omitempty"`
	SHA256   string          `json:"sha256,omitempty"` // the certificate's, when the finding is about one
	Baseline string          `json:"baseline,omitempty"`
}

// NewAuditRow summarises one target: its report, or err when it could not
// be checked. name is the target as shown (already redacted).
func NewAuditRow(index int, kind AuditKind, name string, labels map[string]string, r *Report, err error) AuditRow {
	row := AuditRow{Index: index, Target: name, Kind: kind, Labels: labels, Findings: []AuditFinding{}}
	if err != nil || r == nil {
		row.Status = AuditNotRun
		if err != nil {
			row.Error = err.Error()
		}
		return row
	}
	s := checks.Summarize(r.Findings)
	row.Errors, row.Warnings, row.Infos = s.Error, s.Warning, s.Info
	row.Status = AuditOK
	if s.Error+s.Warning > 0 {
		row.Status = AuditFindings
	}
	for _, f := range r.Findings {
		row.Findings = append(row.Findings, AuditFinding{ID: f.ID, Severity: f.Severity, Subject: f.Subject, SHA256: f.CertSHA256()})
		if f.Severity > row.WorstSeverity {
			row.Worst, row.WorstSeverity = f.ID, f.Severity
		}
		if f.ID == "tls.connect-failed" {
			row.Status = AuditUnreachable
		}
	}
	if c := r.Connection; c != nil {
		row.TLSVersion = c.Version
	}
	if r.Scan != nil && r.Scan.Grade != nil {
		row.Grade = r.Scan.Grade.Grade
	}
	f := r.facts()
	for _, ch := range r.chains() {
		if ch.Leaf == nil || ch.Leaf.X509 == nil {
			continue
		}
		d := daysLeft(ch.Leaf.X509.NotAfter, f.Now)
		if row.LeafDaysLeft == nil || d < *row.LeafDaysLeft {
			row.LeafDaysLeft = &d
		}
	}
	return row
}

// AuditGroup is one finding ID across the targets of an audit.
type AuditGroup struct {
	ID       string          `json:"id"`
	Severity checks.Severity `json:"severity"` // the highest it had
	Count    int             `json:"count"`    // findings
	Targets  []string        `json:"targets"`  // the targets that have it, in audit order
}

// AuditResolved is a finding of the baseline that this audit no longer
// found on a target it audited.
type AuditResolved struct {
	Target  string `json:"target"`
	ID      string `json:"id"`
	Subject string `json:"subject,omitempty"`
	SHA256  string `json:"sha256,omitempty"`
}

// AuditBaseline is the comparison with a previous audit.
type AuditBaseline struct {
	New       int             `json:"new"`
	Unchanged int             `json:"unchanged"`
	Resolved  []AuditResolved `json:"resolved"`
}

// AuditSummary is the whole audit at a glance: counts by status and
// severity, findings grouped by ID, the baseline comparison and the verdict.
// JSON: the "summary" of `audit --format json`.
type AuditSummary struct {
	Targets  int            `json:"targets"`
	Status   map[string]int `json:"status"` // by AuditOK, AuditFindings, AuditUnreachable, AuditNotRun
	Findings checks.Summary `json:"findings"`
	ByID     []AuditGroup   `json:"by_id"`
	Baseline *AuditBaseline `json:"baseline,omitempty"`
	// FailOn and FailOnNew are the thresholds the verdict used.
	FailOn    checks.Severity `json:"fail_on"`
	FailOnNew bool            `json:"fail_on_new"`
	// Verdict is "pass", "fail" (a finding at or above FailOn, new with
	// FailOnNew) or "incomplete" (a target could not be checked).
	Verdict string     `json:"verdict"`
	Rows    []AuditRow `json:"rows"`
}

// The verdicts of an audit.
const (
	VerdictPass       = "pass"
	VerdictFail       = "fail"
	VerdictIncomplete = "incomplete"
)

// NewAuditSummary sums up the rows (in any order; they are sorted by
// Index). resolved is nil without a baseline.
func NewAuditSummary(rows []AuditRow, failOn checks.Severity, failOnNew bool, resolved []AuditResolved) AuditSummary {
	rows = append([]AuditRow(nil), rows...)
	sort.Slice(rows, func(i, j int) bool { return rows[i].Index < rows[j].Index })
	s := AuditSummary{Targets: len(rows), Status: map[string]int{AuditOK: 0, AuditFindings: 0, AuditUnreachable: 0, AuditNotRun: 0},
		ByID: []AuditGroup{}, FailOn: failOn, FailOnNew: failOnNew, Verdict: VerdictPass, Rows: rows}
	if resolved != nil {
		s.Baseline = &AuditBaseline{Resolved: resolved}
	}
	groups := map[string]*AuditGroup{}
	for _, row := range rows {
		s.Status[row.Status]++
		if row.Status == AuditNotRun {
			s.Verdict = VerdictIncomplete
		}
		for _, f := range row.Findings {
			switch f.Severity {
			case checks.Error:
				s.Findings.Error++
			case checks.Warning:
				s.Findings.Warning++
			case checks.Info:
				s.Findings.Info++
			}
			if s.Baseline != nil {
				if f.Baseline == BaselineNew {
					s.Baseline.New++
				} else {
					s.Baseline.Unchanged++
				}
			}
			if Fails(f, failOn, failOnNew) && s.Verdict == VerdictPass {
				s.Verdict = VerdictFail
			}
			g := groups[f.ID]
			if g == nil {
				g = &AuditGroup{ID: f.ID, Targets: []string{}}
				groups[f.ID] = g
			}
			g.Count++
			g.Severity = max(g.Severity, f.Severity)
			if n := len(g.Targets); n == 0 || g.Targets[n-1] != row.Target {
				g.Targets = append(g.Targets, row.Target)
			}
		}
	}
	for _, g := range groups {
		s.ByID = append(s.ByID, *g)
	}
	sort.Slice(s.ByID, func(i, j int) bool {
		a, b := s.ByID[i], s.ByID[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if len(a.Targets) != len(b.Targets) {
			return len(a.Targets) > len(b.Targets)
		}
		return a.ID < b.ID
	})
	return s
}

// Fails says whether a finding fails an audit: at or above failOn, and
// new when failOnNew (a finding without a baseline mark counts as new).
func Fails(f AuditFinding, failOn checks.Severity, failOnNew bool) bool {
	if failOn == checks.None || f.Severity < failOn {
		return false
	}
	return !failOnNew || f.Baseline != BaselineUnchanged
}
