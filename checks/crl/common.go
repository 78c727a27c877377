package crl

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"fmt"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

var oidCRLNumber = asn1.ObjectIdentifier{2, 5, 29, 20}

// link is one certificate on a path with the issuer whose CRLs cover it.
type link struct {
	chain  *facts.Chain
	index  int
	cert   *facts.Cert
	issuer *facts.Cert
}

// links lists every certificate on a built path that has an issuer on that
// path (the anchor has none), once per distinct certificate.
func links(f *facts.Facts) []link {
	var out []link
	seen := map[string]bool{}
	for _, ch := range paths.Chains(f) {
		for i := 0; i+1 < len(ch.Path); i++ {
			c := ch.Path[i]
			if seen[string(c.Raw)] {
				continue
			}
			seen[string(c.Raw)] = true
			out = append(out, link{chain: ch, index: i, cert: c, issuer: ch.Path[i+1]})
		}
	}
	return out
}

// issuedBy reports whether crl was issued and signed by ca.
func issuedBy(crl *facts.CRL, ca *facts.Cert) bool {
	if crl.X509 == nil || ca.X509 == nil || !bytes.Equal(crl.X509.RawIssuer, ca.X509.RawSubject) {
		return false
	}
	// Verify with the key alone: CheckSignatureFrom would also refuse an
	// issuer without cRLSign, which unusable reports with its reason.
	rl := crl.X509
	return ca.X509.CheckSignature(rl.SignatureAlgorithm, rl.RawTBSRevocationList, rl.Signature) == nil
}

// unusable says why a CRL issued by ca cannot be relied on, or "".
func unusable(f *facts.Facts, crl *facts.CRL, ca *facts.Cert) string {
	rl := crl.X509
	var number *struct{ critical bool }
	for _, e := range rl.Extensions {
		if e.Id.Equal(oidCRLNumber) {
			number = &struct{ critical bool }{e.Critical}
		}
	}
	switch {
	case number == nil:
		return "it has no CRLNumber extension, which RFC 5280 5.2.3 requires in every CRL"
	case number.critical:
		return "its CRLNumber extension is marked critical, which RFC 5280 5.2.3 forbids"
	case ca.X509.KeyUsage != 0 && ca.X509.KeyUsage&x509.KeyUsageCRLSign == 0:
		return fmt.Sprintf("its issuer %s has a keyUsage without cRLSign, so it may not sign CRLs (RFC 5280 4.2.1.3, 6.3.3 (f))", ca.X509.Subject)
	case !rl.NextUpdate.IsZero() && f.Now.After(rl.NextUpdate):
		return fmt.Sprintf("it is stale: its nextUpdate %s is before the check time %s", rl.NextUpdate.UTC().Format("2006-01-02 15:04 MST"), f.Now.UTC().Format("2006-01-02 15:04 MST"))
	case f.Now.Before(rl.ThisUpdate):
		return fmt.Sprintf("its thisUpdate %s is after the check time", rl.ThisUpdate.UTC().Format("2006-01-02 15:04 MST"))
	}
	return ""
}
