package crl

import (
	"fmt"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// Invalid reports a CRL, naming an issuer on the path, that cannot be
// relied on to say whether a certificate is revoked.
var Invalid = &checks.Check{
	ID:       "crl.invalid",
	Title:    "a CRL for the path cannot be relied on",
	Severity: checks.Warning,
	Refs:     []string{"RFC 5280 5.2", "RFC 5280 5.2.3", "RFC 5280 5.2.4", "RFC 5280 5.2.5", "RFC 5280 5.3", "RFC 5280 6.3.3", "RFC 5280 4.2.1.3", "NIST PKITS 4.4, 4.14, 4.15"},
	Doc: "A CRL answers 'is this certificate revoked?' only if it is sound and covers the certificate. " +
		"The evidence field kind says which rule it breaks. Problems with the CRL itself: " +
		"bad-signature (the issuer it names on the path did not sign it), no-crl-number and " +
		"critical-crl-number (RFC 5280 5.2.3), unknown-critical-extension and " +
		"unknown-critical-entry-extension (a critical CRL or entry extension a verifier does not " +
		"process, 5.2 and 5.3), issuer-without-crlsign (4.2.1.3), stale (nextUpdate passed), " +
		"not-yet-valid. Problems of scope, reported only when no other CRL given covers the " +
		"certificate: scope-only-user-certs / scope-only-ca-certs / scope-only-attribute-certs " +
		"(issuingDistributionPoint, 5.2.5), scope-only-some-reasons, indirect (OpenSSL uses such " +
		"CRLs only with extended CRL support, which nginx and mosquitto do not turn on), and " +
		"delta-without-base (a delta CRL, 5.2.4, without its complete base CRL). " +
		"nginx with ssl_crl verifies client certificates like `openssl verify -crl_check_all` " +
		"and refuses the connection on each of these, at any level of the path; mosquitto with " +
		"crlfile sets only X509_V_FLAG_CRL_CHECK, so it refuses only when the CRL is the one for " +
		"the client certificate itself. The finding names the OpenSSL error. A CRL whose issuer " +
		"issued nothing on the path is not used at all: crl.missing reports the certificate it " +
		"leaves uncovered.",
	Fix:     "Have the CA publish a fresh, well-formed, complete CRL (`openssl ca -gencrl -config ca.cnf -out crl.pem` with crlnumber set), signed by a key whose certificate has cRLSign.",
	Applies: []*checks.Scope{checks.CRLs},
	Run:     invalid,
}

func init() { checks.Register(Invalid) }

func invalid(p *checks.Pass) {
	f := p.Facts
	reported := map[string]bool{}
	for _, l := range links(f) {
		all, usable := candidates(f, l)
		for _, v := range all {
			if v.problem.Scope() && len(usable) > 0 {
				continue // another CRL covers the certificate
			}
			if v.problem == facts.CRLUsable {
				continue
			}
			// A CRL-file problem is the same for every certificate it
			// covers; a scope problem is per certificate.
			key := string(v.crl.Raw) + "\x00" + string(l.issuer.Raw)
			if v.problem.Scope() {
				key += "\x00" + string(l.cert.Raw)
			}
			if reported[key] {
				continue
			}
			reported[key] = true
			ev := map[string]string{"crl_issuer": checks.DN(v.crl.X509.Issuer), "kind": v.problem.String(), "certificate": checks.Name(l.cert)}
			checks.AddLocation(ev, v.crl.Source)
			consequence := "another CRL given covers it, but this one should be replaced or removed"
			if len(usable) == 0 {
				if e := opensslError[v.problem]; e != "" {
					consequence = "no other CRL given covers it: " + refusers(l, e)
					ev["openssl_error"] = e
				} else {
					consequence = "no other CRL given covers it"
				}
			}
			p.Report(checks.Finding{
				Message: fmt.Sprintf("the CRL %s from %s cannot be relied on for %s: %s; %s; expected a current, complete CRL signed by %s with a non-critical CRLNumber and no critical extension verifiers do not process",
					checks.Where(v.crl.Source), checks.DN(v.crl.X509.Issuer), checks.Name(l.cert), v.detail, consequence, checks.Name(l.issuer)),
				Subject:  checks.Where(v.crl.Source),
				Evidence: ev,
				Fix:      fix(v, l),
			})
		}
	}
}

func fix(v verdict, l link) string {
	file, ca := v.crl.Source.File, checks.Name(l.issuer)
	gen := fmt.Sprintf("`openssl ca -gencrl -config ca.cnf -out %s` on the CA %s", file, ca)
	switch v.problem {
	case facts.CRLBadSignature:
		return fmt.Sprintf("replace %s with a CRL signed by the key of %s (%s); a CRL signed by another key under the same name is not trusted", file, ca, gen)
	case facts.CRLOnlyUserCerts, facts.CRLOnlyCACerts, facts.CRLOnlyAttributeCerts, facts.CRLOnlySomeReasons, facts.CRLIndirect:
		return fmt.Sprintf("add the complete CRL of %s (one without an issuingDistributionPoint that narrows it: %s) next to %s", ca, gen, file)
	case facts.CRLDeltaWithoutBase:
		return fmt.Sprintf("add the complete base CRL of %s (%s) next to the delta CRL %s", ca, gen, file)
	case facts.CRLIssuerNoCRLSign:
		return fmt.Sprintf("sign CRLs with a certificate whose keyUsage includes cRLSign (reissue %s with keyUsage = keyCertSign, cRLSign), then regenerate %s", ca, file)
	}
	return fmt.Sprintf("replace %s with a current, well-formed CRL from %s (%s)", file, ca, gen)
}
