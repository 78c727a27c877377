package report

import (
	"encoding/xml"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// The JUnit XML shapes (the schema Jenkins, GitLab and GitHub test
// reporters read): a testsuite per target, a testcase per check.
type junitSuite struct {
	XMLName    xml.Name        `xml:"testsuite"`
	Name       string          `xml:"name,attr"`
	Tests      int             `xml:"tests,attr"`
	Failures   int             `xml:"failures,attr"`
	Errors     int             `xml:"errors,attr"`
	Skipped    int             `xml:"skipped,attr"`
	Properties *junitProps     `xml:"properties,omitempty"`
	Cases      []junitTestCase `xml:"testcase"`
}

type junitProps struct {
	Property []junitProp `xml:"property"`
}

type junitProp struct {
	Name  string `xml:"name,attr"`
	Value string `xml:"value,attr"`
}

type junitTestCase struct {
	Name      string        `xml:"name,attr"`
	ClassName string        `xml:"classname,attr"`
	Failure   *junitProblem `xml:"failure,omitempty"`
	Error     *junitProblem `xml:"error,omitempty"`
	Skipped   *junitSkipped `xml:"skipped,omitempty"`
	SystemOut string        `xml:"system-out,omitempty"`
}

type junitProblem struct {
	Message string `xml:"message,attr"`
	Type    string `xml:"type,attr"`
	Text    string `xml:",chardata"`
}

type junitSkipped struct {
	Message string `xml:"message,attr"`
}

// AuditJUnit writes `audit --format junit` as the targets finish: a
// <testsuite> per target and a <testcase> per check, failed when the check
// found something at or above FailOn (new, with FailOnNew), skipped when it
// did not apply or --checks left it out. A target that could not be
// checked is a suite with one errored testcase.
type AuditJUnit struct {
	w         io.Writer
	FailOn    checks.Severity
	FailOnNew bool
	started   bool
}

// NewAuditJUnit starts a <testsuites> document on w.
func NewAuditJUnit(w io.Writer, failOn checks.Severity, failOnNew bool) *AuditJUnit {
	return &AuditJUnit{w: w, FailOn: failOn, FailOnNew: failOnNew}
}

func (a *AuditJUnit) start() error {
	if a.started {
		return nil
	}
	a.started = true
	_, err := io.WriteString(a.w, xml.Header+`<testsuites name="tlscheck audit">`+"\n")
	return err
}

// Add writes the suite of one target: r, or err when it could not be
// checked; row gives its name, labels and the findings' baseline marks.
func (a *AuditJUnit) Add(r *Report, row AuditRow) error {
	if err := a.start(); err != nil {
		return err
	}
	suite := junitSuite{Name: row.Target}
	if len(row.Labels) > 0 {
		keys := make([]string, 0, len(row.Labels))
		for k := range row.Labels {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		suite.Properties = &junitProps{}
		for _, k := range keys {
			suite.Properties.Property = append(suite.Properties.Property, junitProp{Name: k, Value: row.Labels[k]})
		}
	}
	if r == nil {
		suite.Cases = []junitTestCase{{Name: "tlscheck", ClassName: row.Target,
			Error: &junitProblem{Message: "could not be checked", Type: "error", Text: row.Error}}}
	} else {
		for _, res := range r.Results {
			if res.Check == nil {
				continue
			}
			suite.Cases = append(suite.Cases, a.testCase(row.Target, res, r.Findings, row.Findings))
		}
	}
	for _, c := range suite.Cases {
		suite.Tests++
		switch {
		case c.Failure != nil:
			suite.Failures++
		case c.Error != nil:
			suite.Errors++
		case c.Skipped != nil:
			suite.Skipped++
		}
	}
	out, err := xml.MarshalIndent(suite, "  ", "  ")
	if err != nil {
		return err
	}
	_, err = a.w.Write(append(out, '\n'))
	return err
}

// testCase is one check on one target. A finding's baseline mark is found
// by its position among the report's findings.
func (a *AuditJUnit) testCase(target string, res checks.Result, all []checks.Finding, kept []AuditFinding) junitTestCase {
	tc := junitTestCase{Name: res.Check.ID, ClassName: target}
	switch {
	case !res.Selected:
		tc.Skipped = &junitSkipped{Message: "not checked: left out by --checks"}
		return tc
	case len(res.Findings) == 0 && res.NotApplicable != "":
		tc.Skipped = &junitSkipped{Message: "not applicable: " + res.NotApplicable}
		return tc
	}
	var failing, other []string
	worst := checks.None
	for _, f := range res.Findings {
		af := AuditFinding{ID: f.ID, Severity: f.Severity, Subject: f.Subject}
		if i := findingIndex(all, f); i >= 0 && i < len(kept) {
			af.Baseline = kept[i].Baseline
		}
		line := fmt.Sprintf("%s %s: %s", f.Severity, f.ID, f.Message)
		if af.Baseline != "" {
			line += " [" + af.Baseline + "]"
		}
		if f.Fix != "" {
			line += "\n  fix: " + f.Fix
		}
		if Fails(af, a.FailOn, a.FailOnNew) {
			failing = append(failing, line)
			worst = max(worst, f.Severity)
		} else {
			other = append(other, line)
		}
	}
	if len(failing) > 0 {
		tc.Failure = &junitProblem{Message: firstLine(failing[0]), Type: worst.String(), Text: strings.Join(failing, "\n")}
	}
	if len(other) > 0 {
		tc.SystemOut = strings.Join(other, "\n")
	}
	return tc
}

// findingIndex is f's position among the report's findings (which are the
// results' findings, flattened and sorted), or -1.
func findingIndex(all []checks.Finding, f checks.Finding) int {
	for i := range all {
		if all[i].ID == f.ID && all[i].Subject == f.Subject && all[i].Message == f.Message && all[i].CertSHA256() == f.CertSHA256() {
			return i
		}
	}
	return -1
}

func firstLine(s string) string {
	first, _, _ := strings.Cut(s, "\n")
	return first
}

// Close ends the document.
func (a *AuditJUnit) Close() error {
	if err := a.start(); err != nil {
		return err
	}
	_, err := io.WriteString(a.w, "</testsuites>\n")
	return err
}
