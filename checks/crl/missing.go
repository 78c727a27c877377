package crl

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Missing reports a certificate on the path for which no CRL was given,
// while CRLs were.
var Missing = &checks.Check{
	ID:       "crl.missing",
	Title:    "no CRL for a certificate on the path",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 6.3", "NIST PKITS 4.4.1", "NIST PKITS 4.4.5"},
	Doc: "When CRLs are given (with --crl, or CRL files among the inputs), every certificate on the " +
		"built path except the trust anchor needs a CRL from its issuer: nginx with ssl_crl " +
		"verifies client certificates like `openssl verify -crl_check_all` and refuses a client " +
		"when any of them has none (\"unable to get certificate CRL\"). OpenSSL finds a CRL by its " +
		"issuer's name, so a CRL from a CA that issued nothing on the path covers nothing (PKITS " +
		"4.4.5); the finding lists the CRLs given and their issuers. mosquitto with crlfile sets " +
		"only X509_V_FLAG_CRL_CHECK and needs the CRL of the client certificate's own issuer only. " +
		"A CRL that names the issuer but cannot be used (bad signature, wrong scope, stale, ...) " +
		"is crl.invalid's, not this check's.",
	Fix:     "Add the CRL of each CA on the path to the CRL file (`cat int-crl.pem root-crl.pem > crl.pem`).",
	Applies: []*checks.Scope{checks.CRLs},
	Run:     missing,
}

func init() { checks.Register(Missing) }

func missing(p *checks.Pass) {
	f := p.Facts
	ls := links(f)
	for _, l := range ls {
		if all, _ := candidates(f, l); len(all) > 0 {
			continue
		}
		var given []string
		for _, crl := range f.CRLs {
			if crl.X509 == nil {
				continue
			}
			s := fmt.Sprintf("%s from %s", checks.Where(crl.Source), checks.DN(crl.X509.Issuer))
			if !issuesOnPath(crl, ls) {
				s += ", which issued no certificate on the path"
			}
			given = append(given, s)
		}
		sort.Strings(given)
		ev := checks.CertEvidence(l.cert)
		ev["crl_issuer_needed"] = checks.Name(l.issuer)
		ev["crls_given"] = strings.Join(given, "; ")
		ev["openssl_error"] = "unable to get certificate CRL"
		p.Report(checks.Finding{
			Message: fmt.Sprintf("no CRL given is from %s, the issuer of %s (CRLs given: %s); expected one CRL from each CA on the path: %s",
				checks.Name(l.issuer), checks.Name(l.cert), strings.Join(given, "; "), refusers(l, "unable to get certificate CRL")),
			Subject:  checks.Name(l.cert),
			Evidence: ev,
			Fix: fmt.Sprintf("get the current CRL of %s (from the URL in the crlDistributionPoints of %s, or `openssl ca -gencrl -config ca.cnf -out ca-crl.pem` on that CA) and append it to the CRL file",
				checks.Name(l.issuer), checks.Name(l.cert)),
		})
	}
}

// issuesOnPath reports whether crl names the issuer of any link.
func issuesOnPath(crl *facts.CRL, ls []link) bool {
	for _, l := range ls {
		if names(crl, l.issuer) {
			return true
		}
	}
	return false
}
