package report

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// List writes the check catalogue for `tlscheck list`: in text, a table per
// family (ID, severity, title); in JSON, an array of
// {id, title, severity, references, doc, fix}.
func List(w io.Writer, cs []*checks.Check, format string, o Options) error {
	sorted := sortByFamily(cs)
	switch format {
	case "json":
		type entry struct {
			ID         string          `json:"id"`
			Title      string          `json:"title"`
			Severity   checks.Severity `json:"severity"`
			References []string        `json:"references"`
			Doc        string          `json:"doc"`
			Fix        string          `json:"fix"`
		}
		out := []entry{}
		for _, c := range sorted {
			out = append(out, entry{c.ID, c.Title, c.Severity, nonNil(c.Refs), c.Doc, c.Fix})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(out)
	case "text", "":
	default:
		return fmt.Errorf("unknown list format %q (want text or json)", format)
	}
	bw := bufio.NewWriter(w)
	for i, fam := range families(sorted) {
		if i > 0 {
			fmt.Fprintln(bw)
		}
		fmt.Fprintf(bw, "%s (%s)\n", fam.name, plural(len(fam.checks), "check"))
		var rows [][]string
		for _, c := range fam.checks {
			id := c.ID
			if c.Dynamic {
				id = c.Family() + ".*"
			}
			rows = append(rows, []string{id, c.Severity.String(), c.Title})
		}
		if err := listTable(bw, rows, o.width()); err != nil {
			return err
		}
	}
	for _, l := range wrapLine(plural(len(sorted), "check")+"; `tlscheck explain ID` shows what each one means and how to fix it.", "", o.width()) {
		if _, err := fmt.Fprintf(bw, "\n%s", l); err != nil {
			return err
		}
	}
	fmt.Fprintln(bw)
	return bw.Flush()
}

// minTitleWidth is the narrowest title column worth a table; below it each
// check becomes a short block of lines.
const minTitleWidth = 16

// listTable writes one family's checks (ID, severity, title) fitted to
// width: the titles are wrapped inside their column, onto continuation rows
// with the ID and severity cells empty; when even that does not fit, each
// check is an "ID  severity" line with its title wrapped below it. An ID is
// never split.
func listTable(w io.Writer, rows [][]string, width int) error {
	header := []string{"ID", "severity", "title"}
	all := []bool{true, true, true}
	if tableWidth(header, rows, all) <= width {
		return writeTable(w, header, rows)
	}
	// The title column gets what the ID and severity columns leave.
	title := width - (tableWidth(header, rows, []bool{true, true, false}) + 3)
	if title < minTitleWidth {
		for _, r := range rows {
			if _, err := fmt.Fprintf(w, "%s  %s\n", r[0], r[1]); err != nil {
				return err
			}
			for _, l := range wrapLine("    "+r[2], "    ", width) {
				if _, err := fmt.Fprintln(w, l); err != nil {
					return err
				}
			}
		}
		return nil
	}
	var wrapped [][]string
	for _, r := range rows {
		for i, l := range wrapLine(r[2], "", title) {
			if i == 0 {
				wrapped = append(wrapped, []string{r[0], r[1], l})
			} else {
				wrapped = append(wrapped, []string{"", "", l})
			}
		}
	}
	return writeTable(w, header, wrapped)
}

type family struct {
	name   string
	checks []*checks.Check
}

func sortByFamily(cs []*checks.Check) []*checks.Check {
	out := append([]*checks.Check(nil), cs...)
	sort.SliceStable(out, func(i, j int) bool {
		if fi, fj := out[i].Family(), out[j].Family(); fi != fj {
			return fi < fj
		}
		return out[i].ID < out[j].ID
	})
	return out
}

// families groups checks already sorted by family.
func families(sorted []*checks.Check) []family {
	var out []family
	for _, c := range sorted {
		if len(out) == 0 || out[len(out)-1].name != c.Family() {
			out = append(out, family{name: c.Family()})
		}
		out[len(out)-1].checks = append(out[len(out)-1].checks, c)
	}
	return out
}

// The registry, as seen by List, Explain and CheckReference; tests swap in
// their own.
var (
	lookup    = checks.Lookup
	allChecks = checks.All
)

// Explain writes everything known about one check or dynamic finding ID
// (zlint.e_...), for `tlscheck explain ID`.
func Explain(w io.Writer, id string, o Options) error {
	c := lookup(id)
	if c == nil {
		err := fmt.Errorf("unknown check %q", id)
		if near := checks.NearestIDs(id, allChecks()); len(near) > 0 {
			err = fmt.Errorf("%w; did you mean %s?", err, strings.Join(near, ", "))
		}
		return err
	}
	title, doc, refs := c.Title, c.Doc, c.Refs
	if c.ID != id && c.Explain != nil {
		if t, d, r, ok := c.Explain(id); ok {
			title, doc, refs = t, d, r
		}
	}
	pal := newPalette(o.Color)
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%s: %s\n\n", id, title)
	fmt.Fprintf(bw, "default severity: %s\n", pal.severity(c.Severity).Sprint(c.Severity.String()))
	if c.ID != id {
		fmt.Fprintf(bw, "reported by:      %s\n", c.ID)
	}
	if len(refs) > 0 {
		fmt.Fprintf(bw, "references:       %s\n", strings.Join(refs, "; "))
	}
	if doc != "" {
		fmt.Fprintf(bw, "\n%s\n", strings.TrimSpace(doc))
	}
	if c.Fix != "" {
		fmt.Fprintf(bw, "\nfix: %s\n", strings.TrimSpace(c.Fix))
	}
	for _, l := range causeText(id) {
		fmt.Fprintf(bw, "\n%s\n", l)
	}
	return bw.Flush()
}

// docAnchor is the anchor GitHub gives the heading "### <id>" in
// docs/checks.md: lower case, without the characters it drops (the dot).
func docAnchor(id string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(id) {
		switch {
		case r >= 'a' && r <= 'z', r >= '0' && r <= '9', r == '-', r == '_':
			b.WriteRune(r)
		case r == ' ':
			b.WriteRune('-')
		}
	}
	return b.String()
}

// CheckReference writes docs/checks.md: every registered check, by family
// then ID, each under a heading that SARIF helpUri links point to.
func CheckReference(w io.Writer) error {
	sorted := sortByFamily(allChecks())
	bw := bufio.NewWriter(w)
	p := func(format string, a ...any) { fmt.Fprintf(bw, format, a...) }
	p("# Check reference\n\n")
	p("<!-- Generated from the check registry by `go test ./report -run TestCheckReference -update`. Do not edit. -->\n\n")
	p("Every finding tlscheck reports carries one of these IDs. The IDs and their default\n")
	p("severities are a public contract; `tlscheck explain ID` prints the same text.\n")
	p("Severity: **error** = clients will fail, or the setup is insecure or breaks a MUST;\n")
	p("**warning** = works today but is fragile, deprecated or breaks a SHOULD;\n")
	p("**info** = worth knowing, no action required.\n\n")
	fams := families(sorted)
	for _, fam := range fams {
		var links []string
		for _, c := range fam.checks {
			links = append(links, fmt.Sprintf("[%s](#%s)", c.ID, docAnchor(c.ID)))
		}
		p("- **%s**: %s\n", fam.name, strings.Join(links, ", "))
	}
	for _, fam := range fams {
		p("\n## %s\n", fam.name)
		for _, c := range fam.checks {
			p("\n### %s\n\n", c.ID)
			p("**%s** · %s\n\n", c.Severity, mdEscape(c.Title))
			if c.Dynamic {
				p("Reports findings under their own IDs, `%s.<name>`; `tlscheck explain %s.<name>` documents each one.\n\n", c.Family(), c.Family())
			}
			if doc := strings.TrimSpace(c.Doc); doc != "" {
				p("%s\n\n", doc)
			}
			if fix := strings.TrimSpace(c.Fix); fix != "" {
				p("Fix: %s\n\n", fix)
			}
			for _, l := range causeText(c.ID) {
				p("%s\n\n", l)
			}
			if len(c.Refs) > 0 {
				p("References: %s\n", mdEscape(strings.Join(c.Refs, "; ")))
			}
		}
	}
	return bw.Flush()
}

// mdEscape keeps a title from turning into Markdown markup.
func mdEscape(s string) string {
	r := strings.NewReplacer("*", `\*`, "_", `\_`, "<", "&lt;", ">", "&gt;")
	return r.Replace(s)
}

// causeText says which findings a report groups under id's, and under which
// findings id's are grouped (checks.CauseRules).
func causeText(id string) []string {
	var out []string
	asRoot, asFollower := checks.CauseRulesAbout(id)
	for _, r := range asRoot {
		out = append(out, fmt.Sprintf("Grouped under it in reports, on the same certificate: %s. Why: %s.", strings.Join(r.Follows, ", "), r.Because))
	}
	for _, r := range asFollower {
		out = append(out, fmt.Sprintf("Grouped under %s on the same certificate, when that is reported too: its fix resolves this one.", r.Root))
	}
	return out
}
