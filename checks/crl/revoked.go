package crl

import (
	"encoding/hex"
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
)

// Revoked reports a certificate on the path that a usable CRL from its
// issuer lists as revoked.
var Revoked = &checks.Check{
	ID:       "crl.revoked",
	Title:    "a certificate on the path is revoked",
	Severity: checks.Error,
	Refs:     []string{"RFC 5280 6.3", "RFC 5280 5.3.1"},
	Doc: "When CRLs are given (with --crl, or CRL files among the inputs), every certificate on " +
		"the built path is looked up in the CRLs its issuer signed. A listed serial number " +
		"means the CA has withdrawn the certificate: clients that check revocation refuse it, " +
		"and mutual-TLS servers configured with the CRL (nginx ssl_crl, mosquitto crlfile) " +
		"reject the client. A CRL from a different issuer never revokes anything.",
	Fix:     "Replace the certificate with a new one from the CA (a revoked certificate cannot be un-revoked).",
	Applies: []*checks.Scope{checks.CRLs},
	Run:     revoked,
}

func init() { checks.Register(Revoked) }

func revoked(p *checks.Pass) {
	f := p.Facts
	for _, l := range links(f) {
		_, usable := candidates(f, l)
		for _, crl := range usable {
			for _, e := range crl.X509.RevokedCertificateEntries {
				if e.SerialNumber.Cmp(l.cert.X509.SerialNumber) != 0 {
					continue
				}
				ev := checks.CertEvidence(l.cert)
				ev["crl"] = checks.Where(crl.Source)
				ev["revoked_at"] = e.RevocationTime.UTC().Format("2006-01-02T15:04:05Z")
				if e.ReasonCode != 0 {
					ev["reason_code"] = fmt.Sprint(e.ReasonCode)
				}
				p.Report(checks.Finding{
					Message: fmt.Sprintf("%s (serial %s, %s) is listed as revoked since %s in the CRL %s signed by its issuer %s; expected a certificate its CA has not withdrawn",
						checks.Name(l.cert), hex.EncodeToString(l.cert.X509.SerialNumber.Bytes()), checks.Where(l.cert.Source),
						e.RevocationTime.UTC().Format("2006-01-02"), checks.Where(crl.Source), checks.Name(l.issuer)),
					Subject:  checks.Name(l.cert),
					Evidence: ev,
					Fix:      fmt.Sprintf("get a new certificate for %s from %s and replace %s", checks.Name(l.cert), checks.Name(l.issuer), l.cert.Source.File),
				})
			}
		}
	}
}
