package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// NotYetValid reports certificates whose notBefore is in the future.
var NotYetValid = &checks.Check{
	ID:       "cert.not-yet-valid",
	Title:    "certificate is not valid yet",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.1.2.5", "RFC 5280 6.1.3 (a)(2)"},
	Doc: "A certificate whose notBefore lies in the future is rejected by every client " +
		"('certificate is not yet valid'). This usually means the clock of the machine that " +
		"issued it (or of this machine) is wrong, or the certificate was deliberately " +
		"post-dated. It is evaluated at --at (default: now).",
	Fix:     "Fix the clock of the issuing machine (`date -u`, NTP) and reissue, or wait until the notBefore date.",
	Applies: []*checks.Scope{checks.InputCertsAndAnchors},
	Run:     notYetValid,
}

func init() { checks.Register(NotYetValid) }

func notYetValid(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, true)
	for _, it := range items {
		x := it.cert.X509
		if !f.Now.Before(x.NotBefore) {
			continue
		}
		ev := it.evidence()
		ev["not_before"] = day(x.NotBefore)
		ev["checked_at"] = day(f.Now)
		hours := x.NotBefore.Sub(f.Now).Hours()
		in := fmt.Sprintf("%d days", facts.DaysUntil(x.NotBefore, f.Now))
		if hours < 48 {
			in = fmt.Sprintf("%.0f hours", hours)
		}
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s becomes valid only on %s, %s after %s; clients reject it until then",
				checks.Name(it.cert), it.where(), day(x.NotBefore), in, day(f.Now)),
			Subject:  checks.Name(it.cert),
			Evidence: ev,
			Fix: fmt.Sprintf("check the clock on the machine that issued it and on this one (`date -u`; expect %s or later), then either wait until %s or reissue: %s",
				day(x.NotBefore), day(x.NotBefore), reissueFix(f, it.cert)),
		})
	}
}
