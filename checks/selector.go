package checks

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/internal/textdist"
)

// Selector picks checks and findings by ID pattern, e.g. "all,-zlint.*".
// Patterns are applied left to right; "*" matches any run of characters;
// "all" means "*"; a bare family ("chain") means "chain.*"; a leading "-"
// removes.
type Selector struct{ rules []selRule }

type selRule struct {
	exclude bool
	pattern string // as expanded: "chain.*" for "chain"
	re      *regexp.Regexp
	// prefix is set for the common patterns "*" and "family.*", which are
	// matched without the regexp (a selector is matched for every check
	// and every finding of every run).
	prefix   string
	isPrefix bool
}

func (r selRule) match(id string) bool {
	if r.isPrefix {
		return strings.HasPrefix(id, r.prefix)
	}
	return r.re.MatchString(id)
}

// SelectorError says why a --checks pattern list cannot be used: a
// malformed pattern, or one that matches no check (a typo would otherwise
// select nothing, or exclude nothing, in silence).
type SelectorError struct {
	Pattern   string   // the pattern as written, without its leading "-"
	Malformed bool     // empty, or holds a space
	Nearest   []string // for a pattern that matches nothing: the closest check IDs and families ("chain.*")
}

func (e *SelectorError) Error() string {
	if e.Malformed {
		return fmt.Sprintf("bad check pattern %q", e.Pattern)
	}
	return fmt.Sprintf("%q matches no check", e.Pattern)
}

// Hint is the "did you mean" line for the error.
func (e *SelectorError) Hint() string {
	if len(e.Nearest) > 0 {
		return "did you mean " + orList(e.Nearest) + "?"
	}
	if e.Malformed {
		return "patterns are check IDs with * wildcards, comma-separated, - to exclude: all,-zlint.*"
	}
	return "`tlscheck list` shows every check ID and family"
}

func orList(ids []string) string {
	if len(ids) == 1 {
		return ids[0]
	}
	return strings.Join(ids[:len(ids)-1], ", ") + " or " + ids[len(ids)-1]
}

// ParseSelector parses a comma-separated pattern list; "" selects
// everything. Every pattern must match a registered check ID, a family, or
// a finding ID of a dynamic check (zlint.e_...); the error is a
// *SelectorError.
func ParseSelector(s string) (Selector, error) {
	sel, err := parseSelector(s)
	if err != nil {
		return sel, err
	}
	return sel, sel.validate(All())
}

// parseSelector reads the pattern list without looking at the registry.
func parseSelector(s string) (Selector, error) {
	var sel Selector
	if strings.TrimSpace(s) == "" {
		s = "all"
	}
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		r := selRule{}
		if strings.HasPrefix(part, "-") || strings.HasPrefix(part, "!") {
			r.exclude = true
			part = part[1:]
		} else if strings.HasPrefix(part, "+") {
			part = part[1:]
		}
		if part == "" || strings.ContainsAny(part, " \t") {
			return sel, &SelectorError{Pattern: part, Malformed: true}
		}
		switch {
		case part == "all":
			part = "*"
		case !strings.ContainsAny(part, ".*"):
			part += ".*" // a bare family
		}
		r.pattern = part
		if strings.HasSuffix(part, "*") && !strings.Contains(strings.TrimSuffix(part, "*"), "*") {
			r.prefix, r.isPrefix = strings.TrimSuffix(part, "*"), true
		} else {
			quoted := regexp.QuoteMeta(part)
			quoted = strings.ReplaceAll(quoted, `\*`, `.*`)
			r.re = regexp.MustCompile("^" + quoted + "$")
		}
		sel.rules = append(sel.rules, r)
	}
	if len(sel.rules) > 0 && sel.rules[0].exclude {
		// "-zlint.*" alone means "everything but zlint".
		sel.rules = append([]selRule{{pattern: "*", isPrefix: true}}, sel.rules...)
	}
	return sel, nil
}

// validate requires every pattern to match one of the IDs cs report.
func (s Selector) validate(cs []*Check) error {
	var ids []string
	for _, c := range cs {
		ids = append(ids, c.ID)
		if c.Dynamic && c.IDs != nil {
			ids = append(ids, c.IDs()...)
		}
	}
	for _, r := range s.rules {
		if r.pattern == "*" {
			continue
		}
		matched := false
		for _, id := range ids {
			if r.match(id) {
				matched = true
				break
			}
		}
		if !matched {
			return &SelectorError{Pattern: r.pattern, Nearest: NearestIDs(r.pattern, cs)}
		}
	}
	return nil
}

// Match reports whether id is selected.
func (s Selector) Match(id string) bool {
	if len(s.rules) == 0 {
		return true
	}
	on := false
	for _, r := range s.rules {
		if r.match(id) {
			on = !r.exclude
		}
	}
	return on
}

// selects reports whether c runs: its ID is selected or, for a dynamic
// check, one of the finding IDs it may report is.
func (s Selector) selects(c *Check) bool {
	if s.Match(c.ID) {
		return true
	}
	if !c.Dynamic || c.IDs == nil {
		return false
	}
	for _, id := range c.IDs() {
		if s.Match(id) {
			return true
		}
	}
	return false
}

// NearestIDs returns up to three IDs or families ("chain.*") of cs, and of
// the findings of its dynamic checks, closest to word by edit distance; or,
// failing that, up to three checks of word's family. It is the "did you
// mean" of a mistyped check ID or --checks pattern.
func NearestIDs(word string, cs []*Check) []string {
	word = strings.ToLower(word)
	type cand struct {
		id   string
		dist int
	}
	var cands []cand
	seen := map[string]bool{}
	consider := func(id string) {
		if seen[id] {
			return
		}
		seen[id] = true
		// Close enough to be a typo: at most a third of the ID's length.
		if d := textdist.Distance(word, id); d <= max(2, len(id)/3) {
			cands = append(cands, cand{id, d})
		}
	}
	for _, c := range cs {
		consider(c.ID)
		consider(c.Family() + ".*")
		if c.Dynamic && c.IDs != nil {
			for _, id := range c.IDs() {
				consider(id)
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool {
		if cands[i].dist != cands[j].dist {
			return cands[i].dist < cands[j].dist
		}
		return cands[i].id < cands[j].id
	})
	var out []string
	for _, c := range cands {
		if len(out) == 3 {
			break
		}
		out = append(out, c.id)
	}
	if len(out) > 0 {
		return out
	}
	fam, _, _ := strings.Cut(word, ".")
	for _, c := range cs {
		if c.Family() == fam && len(out) < 3 {
			out = append(out, c.ID)
		}
	}
	return out
}
