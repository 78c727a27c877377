package cert

import (
	"fmt"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// ExpiresSoon reports certificates that expire within --warn-days.
var ExpiresSoon = &checks.Check{
	ID:       checks.IDCertExpiresSoon,
	Title:    "certificate expires soon",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.1.2.5", "Let's Encrypt: certbot renews 30 days before expiry"},
	Doc: "The certificate is still valid but its notAfter falls within --warn-days (default 30) " +
		"of the time checked. Let's Encrypt's certbot renews at 30 days left, so a certificate " +
		"this close to expiry usually means automatic renewal is not running, or the server was " +
		"not reloaded after renewal and still serves the old file.",
	Fix:     "Renew now (`certbot renew`, or a new CSR to your CA), install the new files and reload the server; make sure renewal is automated.",
	Applies: []*checks.Scope{checks.InputCertsAndAnchors, checks.ExpiryWarnings},
	Run:     expiresSoon,
}

func init() { checks.Register(ExpiresSoon) }

func expiresSoon(p *checks.Pass) {
	f := p.Facts
	items := inputCerts(f, true)
	window := time.Duration(f.Options.WarnDays) * 24 * time.Hour
	for _, it := range items {
		x := it.cert.X509
		if f.Now.After(x.NotAfter) || f.Now.Before(x.NotBefore) || x.NotAfter.Sub(f.Now) > window {
			continue
		}
		left := facts.DaysUntil(x.NotAfter, f.Now)
		ev := it.evidence()
		ev["not_after"] = day(x.NotAfter)
		ev["days_left"] = fmt.Sprint(left)
		ev["warn_days"] = fmt.Sprint(f.Options.WarnDays)
		p.Report(checks.Finding{
			Message: fmt.Sprintf("%s in %s expires in %d days, on %s (warning threshold: %d days)",
				checks.Name(it.cert), it.where(), left, day(x.NotAfter), f.Options.WarnDays),
			Subject:  checks.Name(it.cert),
			Evidence: ev,
			Fix:      reissueFix(f, it.cert),
		})
	}
}
