package crl

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// Invalid reports a CRL, signed by an issuer on the path, that cannot be
// relied on to say whether the certificate is revoked.
var Invalid = &checks.Check{
	ID:       "crl.invalid",
	Title:    "a CRL for the path cannot be relied on",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 5.2.3", "RFC 5280 6.3.3", "RFC 5280 4.2.1.3"},
	Doc: "A CRL answers 'is this certificate revoked?' only if it is well formed and its " +
		"issuer may sign CRLs: it must carry a non-critical CRLNumber (RFC 5280 5.2.3), its " +
		"issuer's keyUsage, if present, must include cRLSign (4.2.1.3), and it must be current " +
		"(thisUpdate <= now <= nextUpdate). Clients that check revocation treat an unusable CRL " +
		"as 'status unknown' and, when configured to require it (nginx ssl_crl, mosquitto " +
		"crlfile), refuse the connection.",
	Fix:     "Have the CA publish a fresh, well-formed CRL (`openssl ca -gencrl -config ca.cnf -out crl.pem` with crlnumber set), signed by a key whose certificate has cRLSign.",
	Applies: []*checks.Scope{checks.CRLs},
	Run:     invalid,
}

func init() { checks.Register(Invalid) }

func invalid(p *checks.Pass) {
	f := p.Facts
	reported := map[string]bool{}
	for _, l := range links(f) {
		for _, crl := range f.CRLs {
			if !issuedBy(crl, l.issuer) {
				continue
			}
			why := unusable(f, crl, l.issuer)
			key := string(crl.Raw) + "\x00" + string(l.issuer.Raw)
			if why == "" || reported[key] {
				continue
			}
			reported[key] = true
			ev := map[string]string{"crl_issuer": checks.DN(crl.X509.Issuer)}
			checks.AddLocation(ev, crl.Source)
			p.Report(checks.Finding{
				Message: fmt.Sprintf("the CRL %s from %s cannot be relied on for %s: %s; expected a current CRL with a non-critical CRLNumber from an issuer allowed to sign CRLs",
					checks.Where(crl.Source), checks.Name(l.issuer), checks.Name(l.cert), why),
				Subject:  checks.Where(crl.Source),
				Evidence: ev,
				Fix:      fmt.Sprintf("replace %s with a current, well-formed CRL from %s (`openssl ca -gencrl -config ca.cnf -out %s`)", crl.Source.File, checks.Name(l.issuer), crl.Source.File),
			})
		}
	}
}
