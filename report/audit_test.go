package report

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/tlscheck/tlscheck/checks"
)

func auditRows() []AuditRow {
	days := 5
	return []AuditRow{
		{Index: 1, Target: "b.example:443", Kind: "probe", Status: AuditFindings, TLSVersion: "TLS 1.2", LeafDaysLeft: &days, Warnings: 1,
			Worst: "cert.expires-soon", WorstSeverity: checks.Warning,
			Findings: []AuditFinding{{ID: "cert.expires-soon", Severity: checks.Warning, Subject: "CN=b", SHA256: "bb", Baseline: BaselineNew}}},
		{Index: 0, Target: "a.example:443", Kind: "probe", Status: AuditUnreachable, Errors: 1, Worst: "tls.connect-failed", WorstSeverity: checks.Error,
			Findings: []AuditFinding{{ID: "tls.connect-failed", Severity: checks.Error, Subject: "a.example:443", Baseline: BaselineUnchanged}}},
		{Index: 2, Target: "c.example:443", Kind: "probe", Status: AuditFindings, Warnings: 1,
			Findings: []AuditFinding{{ID: "cert.expires-soon", Severity: checks.Warning, Subject: "CN=c", Baseline: BaselineUnchanged}}},
	}
}

func TestAuditSummary(t *testing.T) {
	s := NewAuditSummary(auditRows(), checks.Error, false, []AuditResolved{})
	if s.Rows[0].Target != "a.example:443" || s.Verdict != VerdictFail || s.Status[AuditFindings] != 2 || s.Findings.Warning != 2 {
		t.Errorf("summary %+v", s)
	}
	if len(s.ByID) != 2 || s.ByID[0].ID != "tls.connect-failed" || s.ByID[1].ID != "cert.expires-soon" || len(s.ByID[1].Targets) != 2 {
		t.Errorf("by_id %+v", s.ByID)
	}
	if b := s.Baseline; b == nil || b.New != 1 || b.Unchanged != 2 {
		t.Errorf("baseline %+v", s.Baseline)
	}
	// Only new findings fail with failOnNew: the error is unchanged.
	if s := NewAuditSummary(auditRows(), checks.Error, true, []AuditResolved{}); s.Verdict != VerdictPass {
		t.Errorf("--fail-on-new, nothing new at error: %s", s.Verdict)
	}
	if s := NewAuditSummary(auditRows(), checks.Warning, true, []AuditResolved{}); s.Verdict != VerdictFail {
		t.Errorf("--fail-on-new --fail-on warning, a new warning: %s", s.Verdict)
	}
	rows := append(auditRows(), AuditRow{Index: 3, Target: "d", Status: AuditNotRun, Error: "no such file"})
	if s := NewAuditSummary(rows, checks.Error, false, nil); s.Verdict != VerdictIncomplete || s.Baseline != nil {
		t.Errorf("a target not checked: %+v", s)
	}
	var b bytes.Buffer
	if err := json.NewEncoder(&b).Encode(s); err != nil || !strings.Contains(b.String(), `"worst_severity":"warning"`) {
		t.Errorf("JSON %v %s", err, b.String())
	}
}

func TestAuditTextFits(t *testing.T) {
	s := NewAuditSummary(auditRows(), checks.Error, false, []AuditResolved{{Target: "c.example:443", ID: "cert.expired", Subject: "CN=c"}})
	for _, width := range []int{30, 60, 80, 120} {
		var b bytes.Buffer
		if err := AuditText(&b, s, Options{Width: width}); err != nil {
			t.Fatal(err)
		}
		out := b.String()
		for _, l := range strings.Split(out, "\n") {
			if len(l) > width && strings.Contains(strings.TrimSpace(l), " ") {
				t.Errorf("width %d: %q", width, l)
			}
		}
		for _, want := range []string{"Audit of 3 targets: 0 ok, 2 with findings, 1 unreachable", "cert.expires-soon: 2 targets",
			"1 new, 2 unchanged, 1 resolved", "resolved  cert.expired on c.example:443", "FAIL:"} {
			if !strings.Contains(strings.Join(strings.Fields(out), " "), strings.Join(strings.Fields(want), " ")) {
				t.Errorf("width %d: no %q in\n%s", width, want, out)
			}
		}
		if width >= 120 && !strings.Contains(out, "| worst finding") {
			t.Errorf("width %d: the table lost a column it has room for\n%s", width, out)
		}
	}
}

func TestAuditJSONEmpty(t *testing.T) {
	var b bytes.Buffer
	a := NewAuditJSON(&b, Tool{Name: "tlscheck", Version: "test"})
	if err := a.Close(NewAuditSummary(nil, checks.Error, false, nil)); err != nil {
		t.Fatal(err)
	}
	var doc map[string]any
	if err := json.Unmarshal(b.Bytes(), &doc); err != nil || len(doc["targets"].([]any)) != 0 {
		t.Errorf("empty audit: %v\n%s", err, b.String())
	}
}
