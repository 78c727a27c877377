// Package checks is tlscheck's rule engine: a registry of checks, each a pure
// function of facts.Facts that reports findings with evidence and a fix.
package checks

import (
	"context"
	"encoding/json"
	"fmt"
	"regexp"
	"sort"
	"strings"
	"sync"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/workpool"
)

// Severity of a finding. The zero value is "none" (used by --fail-on never).
type Severity int

const (
	None Severity = iota
	Info
	Warning
	Error
)

func (s Severity) String() string {
	switch s {
	case Info:
		return "info"
	case Warning:
		return "warning"
	case Error:
		return "error"
	}
	return "none"
}

// ParseSeverity reads "error", "warning", "info" or "never"/"none".
func ParseSeverity(s string) (Severity, error) {
	switch strings.ToLower(s) {
	case "error":
		return Error, nil
	case "warning", "warn":
		return Warning, nil
	case "info":
		return Info, nil
	case "never", "none":
		return None, nil
	}
	return None, fmt.Errorf("unknown severity %q (want error, warning, info or never)", s)
}

func (s Severity) MarshalJSON() ([]byte, error) { return json.Marshal(s.String()) }

func (s *Severity) UnmarshalJSON(b []byte) error {
	var str string
	if err := json.Unmarshal(b, &str); err != nil {
		return err
	}
	v, err := ParseSeverity(str)
	*s = v
	return err
}

// Check is one rule with its documentation.
type Check struct {
	ID       string   // family.kebab-name, e.g. "chain.order"
	Title    string   // short statement of the problem
	Severity Severity // default severity of its findings
	Refs     []string // RFC sections, CA/B BR sections, documentation
	Doc      string   // shown by `tlscheck explain ID`
	// Fix is the general remedy, shown by explain; each finding carries its own concrete fix.
	Fix string
	// Applies lists what the check looks at; when the facts hold nothing
	// of one of these, Run reports the check not applicable with that
	// scope's reason instead of running it. Empty: it always runs.
	Applies []*Scope
	Run     func(*Pass)
	// Dynamic checks (zlint) report findings whose IDs are family.<name>
	// for names they define themselves; Explain resolves them.
	Dynamic bool
	// Explain, for Dynamic checks, documents one of their finding IDs.
	Explain func(id string) (title, doc string, refs []string, ok bool)
	// IDs, for Dynamic checks, lists every finding ID they may report, so
	// that --checks can select them one by one (zlint.e_*).
	IDs func() []string
}

// Family is the part of the ID before the dot.
func (c *Check) Family() string { return strings.SplitN(c.ID, ".", 2)[0] }

// Finding is one observed problem. Evidence holds labelled values (subject,
// issuer, file, position, ...); "file" and "position" locate it for SARIF.
type Finding struct {
	ID         string            `json:"id"`
	Severity   Severity          `json:"severity"`
	Title      string            `json:"title"`
	Message    string            `json:"message"`
	Subject    string            `json:"subject,omitempty"`
	Evidence   map[string]string `json:"evidence,omitempty"`
	Fix        string            `json:"fix"`
	References []string          `json:"references"`
	// CausedBy, when set, names the finding this one follows from
	// (GroupCauses): the root's fix resolves this one too.
	CausedBy *Cause `json:"caused_by,omitempty"`
}

// Pass is handed to a check's Run: the facts, and where to put findings.
type Pass struct {
	Facts *facts.Facts
	Check *Check
	// Selector is what --checks selected. A dynamic check runs only the
	// rules whose finding IDs it matches (one selected lint runs alone).
	Selector Selector

	ctx           context.Context
	findings      []Finding
	notApplicable string
	notChecked    []Gap
}

// Context is the run's context. A check is a pure function of the facts and
// most never look at it; one that does long work (zlint lints every
// certificate) stops early once it is done: Run's results are then thrown
// away, so what the check reported by then does not matter.
func (p *Pass) Context() context.Context {
	if p.ctx == nil {
		return context.Background()
	}
	return p.ctx
}

// Report records a finding. ID, Severity, Title and References default to the check's.
func (p *Pass) Report(f Finding) {
	if f.ID == "" {
		f.ID = p.Check.ID
	}
	if f.Severity == None {
		f.Severity = p.Check.Severity
	}
	if f.Title == "" {
		f.Title = p.Check.Title
	}
	if f.References == nil {
		f.References = p.Check.Refs
	}
	p.findings = append(p.findings, f)
}

// NotApplicable says the check had nothing to look at. Most checks declare
// that in Check.Applies instead; this is for reasons only the check knows
// ("we offered only TLS 1.0").
func (p *Pass) NotApplicable(why string) { p.notApplicable = why }

// NotChecked records a gap in coverage: something the user may think was
// checked and was not, such as key pairing for an encrypted key. The check
// names what it could not look at and why.
func (p *Pass) NotChecked(what, reason string) {
	p.notChecked = append(p.notChecked, Gap{Check: p.Check.ID, What: what, Reason: reason})
}

// Gap is one thing a run did not check although a reader of a clean report
// would assume it had: the names without --host, the pairing of an encrypted
// key. Not applicable results that are no gap (no CRL given, so no CRL to
// check) are not Gaps. JSON "not_checked" (docs/json.md).
type Gap struct {
	Check  string `json:"check"`  // the check ID that could not run fully
	What   string `json:"what"`   // what went unchecked, e.g. "names", "key pairing"
	Reason string `json:"reason"` // why, e.g. "no host name given (--host)"
}

// Result is what one check produced.
type Result struct {
	Check *Check
	// Selected is false when --checks left the check out: it did not run.
	Selected      bool
	Findings      []Finding
	NotApplicable string // reason, when the check ran but did not apply
	// NotChecked are the gaps in coverage the check left: its scope's when
	// that scope is a gap (Scope.Gap), or what the check reported itself.
	NotChecked []Gap
}

// NotChecked flattens the gaps of results, in check order.
func NotChecked(results []Result) []Gap {
	out := []Gap{}
	for _, r := range results {
		out = append(out, r.NotChecked...)
	}
	return out
}

var (
	regMu    sync.Mutex
	registry = map[string]*Check{}
	idRE     = regexp.MustCompile(`^[a-z0-9]+\.[a-z0-9]+(-[a-z0-9]+)*$`)
)

// ValidID reports whether id has the form family.kebab-name.
func ValidID(id string) bool { return idRE.MatchString(id) }

// Register adds a check; it panics on a malformed or duplicate ID or a missing Run.
func Register(c *Check) {
	regMu.Lock()
	defer regMu.Unlock()
	if !ValidID(c.ID) {
		panic(fmt.Sprintf("checks: malformed check ID %q (want family.kebab-name)", c.ID))
	}
	if _, dup := registry[c.ID]; dup {
		panic(fmt.Sprintf("checks: duplicate check ID %q", c.ID))
	}
	if c.Run == nil {
		panic(fmt.Sprintf("checks: check %q has no Run", c.ID))
	}
	registry[c.ID] = c
}

// All returns the registered checks sorted by ID.
func All() []*Check {
	regMu.Lock()
	defer regMu.Unlock()
	out := make([]*Check, 0, len(registry))
	for _, c := range registry {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}

// Lookup finds a check by ID. For a dynamic finding ID (zlint.e_...) it
// returns the dynamic check of that family.
func Lookup(id string) *Check {
	regMu.Lock()
	defer regMu.Unlock()
	if c, ok := registry[id]; ok {
		return c
	}
	fam := strings.SplitN(id, ".", 2)[0]
	for _, c := range registry {
		if c.Dynamic && c.Family() == fam && c.Explain != nil {
			if _, _, _, ok := c.Explain(id); ok {
				return c
			}
		}
	}
	return nil
}

// Run runs every registered check selected by sel against f on a bounded
// pool (internal/workpool), and returns the results in ID order with
// findings filtered by sel and sorted (severity descending, then ID, then
// subject). A check left out by sel has Selected false; one whose scope
// (Check.Applies) f lacks is not applicable with the scope's reason and is
// not called. Once ctx is done no further check starts and long checks stop
// early: the results are then incomplete, and a caller that sees ctx.Err()
// must not report them.
func Run(ctx context.Context, f *facts.Facts, sel Selector) []Result {
	all := All()
	results := make([]Result, len(all))
	for i, c := range all {
		results[i] = Result{Check: c} // what a check not started before ctx ended keeps
	}
	workpool.Run(ctx, len(all), 0, func(ctx context.Context, i int) {
		c := all[i]
		if !sel.selects(c) {
			return
		}
		if s := applies(c, f); s != nil {
			results[i] = Result{Check: c, Selected: true, NotApplicable: s.Reason}
			if s.Gap != "" {
				results[i].NotChecked = []Gap{{Check: c.ID, What: s.Gap, Reason: s.Reason}}
			}
			return
		}
		p := &Pass{Facts: f, Check: c, Selector: sel, ctx: ctx}
		c.Run(p)
		var kept []Finding
		for _, fd := range p.findings {
			if sel.Match(fd.ID) {
				kept = append(kept, fd)
			}
		}
		SortFindings(kept)
		results[i] = Result{Check: c, Selected: true, Findings: kept, NotApplicable: p.notApplicable, NotChecked: p.notChecked}
	})
	return results
}

// Findings flattens results into one sorted list.
func Findings(results []Result) []Finding {
	var out []Finding
	for _, r := range results {
		out = append(out, r.Findings...)
	}
	SortFindings(out)
	return out
}

// SortFindings orders by severity (errors first), ID, subject, message.
func SortFindings(fs []Finding) {
	sort.SliceStable(fs, func(i, j int) bool {
		a, b := fs[i], fs[j]
		if a.Severity != b.Severity {
			return a.Severity > b.Severity
		}
		if a.ID != b.ID {
			return a.ID < b.ID
		}
		if a.Subject != b.Subject {
			return a.Subject < b.Subject
		}
		return a.Message < b.Message
	})
}

// Summary counts findings by severity.
type Summary struct {
	Error   int `json:"error"`
	Warning int `json:"warning"`
	Info    int `json:"info"`
}

// Summarize counts fs.
func Summarize(fs []Finding) Summary {
	var s Summary
	for _, f := range fs {
		switch f.Severity {
		case Error:
			s.Error++
		case Warning:
			s.Warning++
		case Info:
			s.Info++
		}
	}
	return s
}

// Max returns the highest severity in fs (None when empty).
func Max(fs []Finding) Severity {
	m := None
	for _, f := range fs {
		if f.Severity > m {
			m = f.Severity
		}
	}
	return m
}
