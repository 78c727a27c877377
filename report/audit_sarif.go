package report

import (
	"io"
	"sort"

	"github.com/tlscheck/tlscheck/checks"
)

// AuditSARIF collects an audit's findings into one SARIF run: the rules of
// every target's checks, and each result located at its target's URL
// (scheme, host and port only: never credentials) or, for a file
// deployment, at the file. It keeps results and rules, not reports.
type AuditSARIF struct {
	tool    Tool
	rules   map[string]sarifRule
	results []sarifResult
}

// NewAuditSARIF starts an empty run.
func NewAuditSARIF(tool Tool) *AuditSARIF {
	return &AuditSARIF{tool: tool, rules: map[string]sarifRule{}}
}

// Add takes one target's findings; row.Findings carries their baseline
// marks (SARIF baselineState) in the same order.
func (a *AuditSARIF) Add(r *Report, row AuditRow) {
	rules, _ := sarifRules(r)
	for _, rule := range rules {
		if _, ok := a.rules[rule.ID]; !ok {
			a.rules[rule.ID] = rule
		}
	}
	for i, f := range r.Findings {
		res := sarifResultOf(f, 0)
		file := f.Evidence[checks.EvidenceFile]
		if r.Target.IsProbe() {
			res = atTarget(res, file, r)
			if !isLocalFile(file, r.facts()) {
				// The same finding on two servers is two results.
				res.PartialFingerprints["tlscheck/v1"] = fingerprint(f.ID, f.Subject, targetURI(r.Target))
			}
		}
		if i < len(row.Findings) {
			res.BaselineState = row.Findings[i].Baseline
		}
		a.results = append(a.results, res)
	}
}

// Write writes the SARIF 2.1.0 log.
func (a *AuditSARIF) Write(w io.Writer) error {
	ids := make([]string, 0, len(a.rules))
	for id := range a.rules {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	rules := make([]sarifRule, len(ids))
	index := map[string]int{}
	for i, id := range ids {
		rules[i] = a.rules[id]
		index[id] = i
	}
	results := []sarifResult{}
	for _, res := range a.results {
		res.RuleIndex = index[res.RuleID]
		results = append(results, res)
	}
	return writeSARIF(w, a.tool, rules, results)
}
