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
// removes; the ID of a dynamic check ("zlint.lints") stands for every
// finding it reports. An empty or blank list selects everything; an empty
// pattern within a list ("chain,", ",") is an error.
type Selector struct{ rules []selRule }

type selRule struct {
	exclude bool
	written string // as the user wrote it, "-chian"
	pattern string // as expanded: "chain.*" for "chain"
	re      *regexp.Regexp
	// ids is set when pattern is the ID of a dynamic check: the rule
	// matches that ID and every finding ID the check may report.
	ids map[string]bool
	// prefix is set for the common patterns "*" and "family.*", which are
	// matched without the regexp (a selector is matched for every check
	// and every finding of every run).
	prefix   string
	isPrefix bool
}

func (r selRule) match(id string) bool {
	if r.ids != nil {
		return r.ids[id]
	}
	if r.isPrefix {
		return strings.HasPrefix(id, r.prefix)
	}
	return r.re.MatchString(id)
}

// SelectorError says why a --checks pattern list cannot be used: a
// malformed pattern, one that matches no check, or a list that selects no
// check at all (a typo or "all,-all" would otherwise select nothing, or
// exclude nothing, in silence, and the gate would pass).
type SelectorError struct {
	// Pattern is the pattern as written, with its "-" if any ("-chian");
	// for SelectsNothing, the whole list.
	Pattern        string
	Malformed      bool     // empty, or holds a space
	SelectsNothing bool     // every pattern matches a check, but together they select none
	Nearest        []string // for a pattern that matches nothing: the closest check IDs and families ("chain.*")
}

func (e *SelectorError) Error() string {
	switch {
	case e.Malformed && strings.TrimSpace(e.Pattern) == "":
		return "empty check pattern (a comma too many?)"
	case e.Malformed:
		return fmt.Sprintf("bad check pattern %q", e.Pattern)
	case e.SelectsNothing:
		return fmt.Sprintf("%q selects no check", e.Pattern)
	}
	return fmt.Sprintf("%q matches no check", e.Pattern)
}

// Hint is the "did you mean" line for the error.
func (e *SelectorError) Hint() string {
	if len(e.Nearest) > 0 {
		return "did you mean " + orList(e.Nearest) + "?"
	}
	if e.SelectsNothing {
		return "patterns apply left to right and a -pattern removes what earlier ones added; `tlscheck list` shows every check ID and family"
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

// ParseSelector parses a comma-separated pattern list; "" (or blanks)
// selects everything, an empty pattern within a list ("," or "chain,") is
// an error. Every pattern must match a registered check ID, a family, or a
// finding ID of a dynamic check (zlint.e_...), and the list must select at
// least one check; the error is a *SelectorError.
func ParseSelector(s string) (Selector, error) {
	return parseFor(s, All())
}

// parseFor is ParseSelector against the checks cs.
func parseFor(s string, cs []*Check) (Selector, error) {
	sel, err := parseSelector(s)
	if err != nil {
		return sel, err
	}
	sel.expandDynamic(cs)
	if err := sel.validate(cs); err != nil {
		return sel, err
	}
	for _, c := range cs {
		if sel.selects(c) {
			return sel, nil
		}
	}
	return sel, &SelectorError{Pattern: s, SelectsNothing: true}
}

// expandDynamic makes a pattern that is exactly the ID of a dynamic check
// ("zlint.lints") stand for the check and every finding it may report, so
// that "zlint.lints" runs every lint and "all,-zlint.lints" removes them
// all (before, the first ran none and the second removed nothing).
func (s Selector) expandDynamic(cs []*Check) {
	for i, r := range s.rules {
		for _, c := range cs {
			if !c.Dynamic || c.IDs == nil || r.pattern != c.ID {
				continue
			}
			ids := map[string]bool{c.ID: true}
			for _, id := range c.IDs() {
				ids[id] = true
			}
			s.rules[i].ids = ids
		}
	}
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
			return sel, &SelectorError{Pattern: part, Malformed: true}
		}
		r := selRule{written: part}
		if strings.HasPrefix(part, "-") || strings.HasPrefix(part, "!") {
			r.exclude = true
			part = part[1:]
		} else if strings.HasPrefix(part, "+") {
			part = part[1:]
		}
		if part == "" || strings.ContainsAny(part, " \t") {
			return sel, &SelectorError{Pattern: r.written, Malformed: true}
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
			return &SelectorError{Pattern: r.written, Nearest: NearestIDs(r.pattern, cs)}
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
// check, one of the finding IDs it may report is. A dynamic check none of
// whose findings is selected does not run: it would report nothing and be
// listed as passed.
func (s Selector) selects(c *Check) bool {
	if !c.Dynamic || c.IDs == nil {
		return s.Match(c.ID)
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
	// No near ID: the checks of word's family, or for a dynamic check the
	// patterns that select its findings ("zlint.e_*", "zlint.*"): its own
	// ID alone would suggest a check that reports none of them.
	fam, name, _ := strings.Cut(word, ".")
	for _, c := range cs {
		if c.Family() != fam || len(out) == 3 {
			continue
		}
		if !c.Dynamic || c.IDs == nil {
			out = append(out, c.ID)
			continue
		}
		if kind, _, ok := strings.Cut(name, "_"); ok && kind != "" {
			// A lint name's kind: e_ error, w_ warning, n_ notice.
			prefix := fam + "." + kind + "_"
			for _, id := range c.IDs() {
				if strings.HasPrefix(id, prefix) {
					out = append(out, prefix+"*")
					break
				}
			}
		}
		out = append(out, fam+".*")
	}
	if len(out) > 3 {
		out = out[:3]
	}
	return out
}
