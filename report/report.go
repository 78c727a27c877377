// Package report renders a check run: human text (colour, tables), JSON
// (schema_version 1, see docs/json.md) and SARIF 2.1.0. Renderers never decide
// severity; they only lay out what checks found.
package report

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

// Tool identifies tlscheck in reports.
type Tool struct {
	Name    string `json:"name"`
	Version string `json:"version"`
}

// Report is everything a renderer needs.
type Report struct {
	Tool    Tool
	Target  Target // JSON "target"
	Facts   *facts.Facts
	Results []checks.Result
	// Findings are the results' findings, flattened and sorted.
	Findings []checks.Finding
	// Chains, when set, replaces paths.Chains(Facts): for replays and tests
	// that must not depend on the chain builder.
	Chains []*facts.Chain
	// Connection describes a live connection (probe): JSON "connection".
	// Nil for files, and then omitted.
	Connection *Connection
	// Scan is what a scan found (tlscheck scan): JSON "scan". Nil for
	// files and probe, and then omitted.
	Scan *Scan
}

// chains returns the certification paths to show.
func (r *Report) chains() []*facts.Chain {
	if r.Chains != nil || r.Facts == nil {
		return r.Chains
	}
	return paths.Chains(r.Facts)
}

// NotChecked are the run's gaps in coverage (checks.Gap): what a clean
// verdict does not vouch for. Never nil.
func (r *Report) NotChecked() []checks.Gap { return checks.NotChecked(r.Results) }

// facts never returns nil, so renderers need no guards.
func (r *Report) facts() *facts.Facts {
	if r.Facts == nil {
		return &facts.Facts{}
	}
	return r.Facts
}

// New assembles a report from a run. It groups the findings that follow
// from another under their cause (checks.GroupCauses, which sets CausedBy
// in results): every finding stays, with its ID and severity, so the
// summary counts and the exit code are those of the ungrouped findings.
func New(tool Tool, target Target, f *facts.Facts, results []checks.Result) *Report {
	checks.GroupCauses(f, results)
	r := &Report{Tool: tool, Target: target, Facts: f, Results: results, Findings: checks.Findings(results)}
	if f != nil {
		r.Connection = NewConnection(f.Connection)
		r.Scan = NewScan(f.Scan)
	}
	return r
}

// Options for the text renderer.
type Options struct {
	Color   bool
	Verbose bool // also list checks that passed or did not apply
	// FailOn is the --fail-on value ("error", "warning", "info" or
	// "never"; "" means "error") so the verdict line agrees with the exit code.
	FailOn string
	// Width is the terminal width in columns that the text report fits its
	// tables and wrapped lines to; 0 means DefaultWidth. The command decides
	// it once, like colour (the real terminal, or $COLUMNS).
	Width int
}

// DefaultWidth is the text report's width when the terminal's is unknown.
const DefaultWidth = 80

// width is o.Width, or DefaultWidth when unset.
func (o Options) width() int {
	if o.Width <= 0 {
		return DefaultWidth
	}
	return o.Width
}
