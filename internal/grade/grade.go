// Package grade judges a scanned server: an SSL Labs-style grade, and the
// verdict of the --policy it was checked against.
package grade

import (
	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Apply sets f.Scan.Grade and f.Scan.Policy from the facts and the
// findings of the checks. It does nothing without a scan.
func Apply(f *facts.Facts, findings []checks.Finding) {
	if f == nil || f.Scan == nil {
		return
	}
	// The grading rules are being written (issue 10); until they land no
	// grade is given rather than a wrong one.
}
