package main

import (
	"io"

	"github.com/tlscheck/tlscheck/report"
	"github.com/tlscheck/tlscheck/report/html"
)

// The HTML report of `audit --format html` (report/html): one
// self-contained page of every target.
func init() {
	renderAuditHTML = func(w io.Writer, reports []*report.Report, s report.AuditSummary, _ report.Options) error {
		opts := html.Options{FailOn: s.FailOn.String()}
		for _, r := range reports {
			if r != nil {
				opts.Generated = r.Target.At // the clock the checks used
				break
			}
		}
		return html.Render(w, reports, opts)
	}
}
