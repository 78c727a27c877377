package cert

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Expired reports certificates whose notAfter has passed.
var Expired = &checks.Check{
	ID:       "cert.expired",
	Title:    "certificate has expired",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 4.1.2.5", "RFC 5280 6.1.3 (a)(2)"},
	Doc: "A certificate is valid only between its notBefore and notAfter dates (RFC 5280 " +
		"4.1.2.5), and path validation rejects any certificate of the path outside that window " +
		"(RFC 5280 6.1.3). An expired leaf, intermediate or --ca root makes every handshake fail " +
		"with 'certificate has expired'. The check is evaluated at --at (default: now), so it also " +
		"answers 'will this still work on that date?'. Trust anchors from the operating system " +
		"store are not checked; roots you pass with --ca are.",
	Fix:     "Renew or reissue the certificate (certbot renew, or a new CSR to your CA) and reload the server; replace expired intermediates with the CA's current ones.",
	Applies: []*checks.Scope{checks.InputCertsAndAnchors},
	Run:     expired,
}

func init() { checks.Register(Expired) }

func expired(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, true)
	for _, it := range items {
		x := it.cert.X509
		if !f.Now.After(x.NotAfter) {
			continue
		}
		ago := facts.DaysSince(x.NotAfter, f.Now)
		ev := it.evidence()
		ev["not_after"] = day(x.NotAfter)
		ev["checked_at"] = day(f.Now)
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s expired on %s (%d days before %s); it must be valid at the time of use",
				checks.Name(it.cert), it.where(), day(x.NotAfter), ago, day(f.Now)),
			Subject:  checks.Name(it.cert),
			Evidence: ev,
			Fix:      reissueFix(f, it.cert),
		})
	}
}
