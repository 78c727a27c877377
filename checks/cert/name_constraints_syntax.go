package cert

import (
	"fmt"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
)

// NameConstraintsSyntax reports dNSName name constraints that are not DNS
// names as RFC 5280 4.2.1.10 defines them.
var NameConstraintsSyntax = &checks.Check{
	ID:       "cert.name-constraints-syntax",
	Title:    "a CA's DNS name constraint is not a valid DNS name",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 4.2.1.10", "RFC 1034 3.5"},
	Doc: "A dNSName name constraint is a DNS name: \"example.com\" permits example.com and every " +
		"name below it (RFC 5280 4.2.1.10). A leading period (\".example.com\") is the form " +
		"for URI and e-mail constraints, not for DNS names; some implementations read it as " +
		"\"subdomains only\", others as an invalid constraint, so which leaves the CA may issue " +
		"differs between clients. Other syntax errors (underscores, empty labels) are " +
		"reported the same way.",
	Fix: "Re-issue the CA certificate with the constraint written as a DNS name, e.g. `nameConstraints = critical,permitted;DNS:example.com` in the openssl extension section.",
	Run: nameConstraintsSyntax,
}

func init() { checks.Register(NameConstraintsSyntax) }

func nameConstraintsSyntax(p *checks.Pass) {
	f := p.Facts
	seen := 0
	for _, it := range inputCerts(f, true) {
		x := it.cert.X509
		if len(x.PermittedDNSDomains)+len(x.ExcludedDNSDomains) == 0 {
			continue
		}
		seen++
		for _, group := range []struct {
			kind  string
			names []string
		}{{"permitted", x.PermittedDNSDomains}, {"excluded", x.ExcludedDNSDomains}} {
			for _, name := range group.names {
				why := ""
				switch {
				case name == "":
					continue // an empty constraint matches every name
				case strings.HasPrefix(name, "."):
					why = "starts with a period, which RFC 5280 allows for URI and e-mail constraints but not for DNS names"
				default:
					why = dnsSyntax(name)
				}
				if why == "" {
					continue
				}
				ev := it.evidence()
				ev["constraint"] = group.kind + ";DNS:" + name
				p.Report(checks.Finding{
					Message: fmt.Sprintf("%s in %s has the %s DNS name constraint %q, which %s; expected a DNS name such as %q, which covers the name and everything below it",
						checks.Name(it.cert), it.where(), group.kind, name, why, strings.TrimPrefix(name, ".")),
					Subject:  checks.Name(it.cert),
					Evidence: ev,
					Fix: fmt.Sprintf("re-issue %s with `nameConstraints = critical,%s;DNS:%s` (and re-sign what it issued if its key changes)",
						checks.Name(it.cert), group.kind, strings.TrimPrefix(name, ".")),
				})
			}
		}
	}
	if seen == 0 {
		p.NotApplicable("no CA certificate with DNS name constraints among the inputs")
	}
}
