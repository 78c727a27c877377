package report

import (
	"bufio"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// auditColumns are the summary table's columns; auditDropOrder is the order
// they go in when the table does not fit the width (the target and its
// status stay; a row then becomes a block of lines).
var (
	auditColumns   = []string{"target", "status", "TLS", "grade", "days left", "errors", "warnings", "worst finding"}
	auditDropOrder = []int{3, 2, 7, 6, 4}
)

// AuditText writes the audit summary for people: a table with one row per
// target, the findings grouped by ID across targets, the baseline
// comparison, and a verdict that agrees with the exit code. It fits
// o.Width; colour marks the verdict only.
func AuditText(w io.Writer, s AuditSummary, o Options) error {
	bw := bufio.NewWriter(w)
	pal := newPalette(o.Color)
	width := o.width()
	printWrapped(bw, fmt.Sprintf("Audit of %s: %s", plural(s.Targets, "target"), statusCounts(s)), "  ", width)
	fmt.Fprintln(bw)
	if err := auditTable(bw, s, width); err != nil {
		return err
	}
	for _, row := range s.Rows {
		if row.Error != "" {
			for _, l := range wrapLine(fmt.Sprintf("%s: could not be checked: %s", row.Target, row.Error), "    ", width) {
				fmt.Fprintln(bw, l)
			}
		}
	}
	if len(s.ByID) > 0 {
		fmt.Fprintf(bw, "\nFindings by check:\n")
		for _, g := range s.ByID {
			line := fmt.Sprintf("  %-7s %s: %s", g.Severity, g.ID, plural(len(g.Targets), "target"))
			if g.Count != len(g.Targets) {
				line += fmt.Sprintf(" (%d findings)", g.Count)
			}
			line += " (" + strings.Join(g.Targets, ", ") + ")"
			for _, l := range wrapLine(line, "            ", width) {
				fmt.Fprintln(bw, l)
			}
		}
	}
	if b := s.Baseline; b != nil {
		fmt.Fprintln(bw)
		printWrapped(bw, fmt.Sprintf("Against the baseline: %d new, %d unchanged, %d resolved", b.New, b.Unchanged, len(b.Resolved)), "  ", width)
		for _, row := range s.Rows {
			for _, f := range row.Findings {
				if f.Baseline == BaselineNew {
					fmt.Fprintln(bw, strings.Join(wrapLine(fmt.Sprintf("  new       %s on %s%s", f.ID, row.Target, subjectText(f.Subject)), "            ", width), "\n"))
				}
			}
		}
		for _, r := range b.Resolved {
			fmt.Fprintln(bw, strings.Join(wrapLine(fmt.Sprintf("  resolved  %s on %s%s", r.ID, r.Target, subjectText(r.Subject)), "            ", width), "\n"))
		}
	}
	counts := strings.Join([]string{plural(s.Findings.Error, "error"), plural(s.Findings.Warning, "warning"), plural(s.Findings.Info, "info")}, ", ")
	switch s.Verdict {
	case VerdictIncomplete:
		fmt.Fprintln(bw)
		printWrapped(bw, fmt.Sprintf("%s %s could not be checked; %s", pal.fail.Sprint("INCOMPLETE:"), plural(s.Status[AuditNotRun], "target"), counts), "  ", width)
	case VerdictFail:
		what := "at or above " + s.FailOn.String()
		if s.FailOnNew {
			what = "new ones " + what
		}
		fmt.Fprintln(bw)
		printWrapped(bw, fmt.Sprintf("%s %s (%s)", pal.fail.Sprint("FAIL:"), counts, what), "  ", width)
	default:
		line := counts
		if s.FailOn == checks.None {
			line += " (--fail-on never)"
		} else if s.FailOnNew {
			line += ", none new at or above " + s.FailOn.String()
		} else {
			line += ", none at or above " + s.FailOn.String()
		}
		fmt.Fprintln(bw)
		printWrapped(bw, fmt.Sprintf("%s %s", pal.pass.Sprint("PASS:"), line), "  ", width)
	}
	return bw.Flush()
}

func printWrapped(w io.Writer, s, hang string, width int) {
	for _, l := range wrapLine(s, hang, width) {
		fmt.Fprintln(w, l)
	}
}

func subjectText(subject string) string {
	if subject == "" {
		return ""
	}
	return " (" + subject + ")"
}

func statusCounts(s AuditSummary) string {
	var parts []string
	for _, st := range []string{AuditOK, AuditFindings, AuditUnreachable, AuditNotRun} {
		if n := s.Status[st]; n > 0 || st == AuditOK {
			word := st
			switch st {
			case AuditFindings:
				word = "with findings"
			case AuditNotRun:
				word = "not checked"
			}
			parts = append(parts, fmt.Sprintf("%d %s", n, word))
		}
	}
	return strings.Join(parts, ", ")
}

// auditCells are a row's cells in auditColumns order.
func auditCells(row AuditRow) []string {
	days := "-"
	if row.LeafDaysLeft != nil {
		days = strconv.Itoa(*row.LeafDaysLeft)
	}
	worst := row.Worst
	if worst == "" {
		worst = "-"
	}
	return []string{row.Target, row.Status, dash(row.TLSVersion), dash(row.Grade), days,
		strconv.Itoa(row.Errors), strconv.Itoa(row.Warnings), worst}
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

// auditTable writes the rows as a table that fits width, dropping columns
// in auditDropOrder (the grade first, and always when no target was
// scanned); when even target and status do not fit, each row is a block.
func auditTable(w io.Writer, s AuditSummary, width int) error {
	rows := make([][]string, len(s.Rows))
	graded := false
	for i, row := range s.Rows {
		rows[i] = auditCells(row)
		graded = graded || row.Grade != ""
	}
	keep := make([]bool, len(auditColumns))
	for i := range keep {
		keep[i] = true
	}
	keep[3] = graded
	for _, col := range auditDropOrder {
		if tableWidth(auditColumns, rows, keep) <= width {
			break
		}
		keep[col] = false
	}
	if tableWidth(auditColumns, rows, keep) > width {
		for _, r := range rows {
			fmt.Fprintf(w, "%s: %s\n", r[0], r[1])
			details := fmt.Sprintf("TLS %s, days left %s, errors %s, warnings %s, worst %s", r[2], r[4], r[5], r[6], r[7])
			if graded {
				details = "grade " + r[3] + ", " + details
			}
			for _, l := range wrapLine("    "+details, "    ", width) {
				fmt.Fprintln(w, l)
			}
		}
		return nil
	}
	var header []string
	for i, h := range auditColumns {
		if keep[i] {
			header = append(header, h)
		}
	}
	shown := make([][]string, len(rows))
	for i, r := range rows {
		for j, cell := range r {
			if keep[j] {
				shown[i] = append(shown[i], cell)
			}
		}
	}
	return writeTable(w, header, shown)
}
