package crl

import (
	"bytes"
	"crypto/x509"
	"encoding/asn1"
	"fmt"
	"math/big"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/paths"
)

var (
	oidCRLNumber          = asn1.ObjectIdentifier{2, 5, 29, 20}
	oidDeltaCRLIndicator  = asn1.ObjectIdentifier{2, 5, 29, 27}
	oidIssuingDistPoint   = asn1.ObjectIdentifier{2, 5, 29, 28}
	oidCertificateIssuer  = asn1.ObjectIdentifier{2, 5, 29, 29}
	oidAuthorityKeyID     = asn1.ObjectIdentifier{2, 5, 29, 35}
	handledCriticalCRLExt = []asn1.ObjectIdentifier{oidIssuingDistPoint, oidDeltaCRLIndicator, oidAuthorityKeyID}
)

// link is one certificate on a path with the issuer whose CRLs cover it.
type link struct {
	chain  *facts.Chain
	index  int
	cert   *facts.Cert
	issuer *facts.Cert
}

// leaf reports whether the certificate is the path's first: the only one
// an OpenSSL server with X509_V_FLAG_CRL_CHECK alone (mosquitto) looks up.
func (l link) leaf() bool { return l.index == 0 }

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

// names reports whether crl names ca as its issuer, the way OpenSSL finds
// the CRLs for a certificate: by the issuer's name.
func names(crl *facts.CRL, ca *facts.Cert) bool {
	return crl.X509 != nil && ca.X509 != nil && bytes.Equal(crl.X509.RawIssuer, ca.X509.RawSubject)
}

// signedBy reports whether ca's key verifies crl's signature. The key
// alone: CheckSignatureFrom would also refuse an issuer without cRLSign,
// which judge reports as its own kind.
func signedBy(crl *facts.CRL, ca *facts.Cert) bool {
	rl := crl.X509
	return ca.X509.CheckSignature(rl.SignatureAlgorithm, rl.RawTBSRevocationList, rl.Signature) == nil
}

// idp is the issuingDistributionPoint extension (RFC 5280 5.2.5).
type idp struct {
	DistributionPoint  asn1.RawValue  `asn1:"optional,tag:0"`
	OnlyUserCerts      bool           `asn1:"optional,tag:1"`
	OnlyCACerts        bool           `asn1:"optional,tag:2"`
	OnlySomeReasons    asn1.BitString `asn1:"optional,tag:3"`
	Indirect           bool           `asn1:"optional,tag:4"`
	OnlyAttributeCerts bool           `asn1:"optional,tag:5"`
}

func extension(rl *x509.RevocationList, oid asn1.ObjectIdentifier) (ext *struct {
	critical bool
	value    []byte
}) {
	for _, e := range rl.Extensions {
		if e.Id.Equal(oid) {
			return &struct {
				critical bool
				value    []byte
			}{e.Critical, e.Value}
		}
	}
	return nil
}

// deltaBase is the base CRL number of a delta CRL (0 when unreadable), or
// nil for a complete CRL.
func deltaBase(rl *x509.RevocationList) *big.Int {
	e := extension(rl, oidDeltaCRLIndicator)
	if e == nil {
		return nil
	}
	n := new(big.Int)
	if _, err := asn1.Unmarshal(e.value, &n); err != nil {
		return new(big.Int)
	}
	return n
}

func isDelta(rl *x509.RevocationList) bool { return extension(rl, oidDeltaCRLIndicator) != nil }

// judge says whether crl, which names l.issuer as its issuer, can be used
// to look up l.cert, and if not, why (the kind, and a sentence for people).
func judge(f *facts.Facts, crl *facts.CRL, l link) (facts.CRLProblem, string) {
	rl, ca := crl.X509, l.issuer.X509
	if !signedBy(crl, l.issuer) {
		return facts.CRLBadSignature, fmt.Sprintf("its signature does not verify with the key of %s, the issuer it names", checks.Name(l.issuer))
	}
	number := extension(rl, oidCRLNumber)
	switch {
	case number == nil:
		return facts.CRLNoNumber, "it has no CRLNumber extension, which RFC 5280 5.2.3 requires in every CRL"
	case number.critical:
		return facts.CRLCriticalNumber, "its CRLNumber extension is marked critical, which RFC 5280 5.2.3 forbids"
	}
	for _, e := range rl.Extensions {
		if e.Critical && !e.Id.Equal(oidCRLNumber) && !oneOf(e.Id, handledCriticalCRLExt) {
			return facts.CRLUnknownCritical, fmt.Sprintf("it has a critical extension %s that verifiers do not process, so RFC 5280 5.2 forbids using it", e.Id)
		}
	}
	for _, entry := range rl.RevokedCertificateEntries {
		for _, e := range entry.Extensions {
			if e.Critical && !e.Id.Equal(oidCertificateIssuer) {
				return facts.CRLUnknownCriticalEntry, fmt.Sprintf("its entry for serial %x has a critical extension %s that verifiers do not process (RFC 5280 5.3)", entry.SerialNumber, e.Id)
			}
		}
	}
	switch {
	case ca.KeyUsage != 0 && ca.KeyUsage&x509.KeyUsageCRLSign == 0:
		return facts.CRLIssuerNoCRLSign, fmt.Sprintf("its issuer %s has a keyUsage without cRLSign, so it may not sign CRLs (RFC 5280 4.2.1.3, 6.3.3 (f))", ca.Subject)
	case !rl.NextUpdate.IsZero() && f.Now.After(rl.NextUpdate):
		return facts.CRLStale, fmt.Sprintf("it is stale: its nextUpdate %s is before the check time %s", rl.NextUpdate.UTC().Format("2006-01-02 15:04 MST"), f.Now.UTC().Format("2006-01-02 15:04 MST"))
	case f.Now.Before(rl.ThisUpdate):
		return facts.CRLNotYetValid, fmt.Sprintf("its thisUpdate %s is after the check time", rl.ThisUpdate.UTC().Format("2006-01-02 15:04 MST"))
	}
	if e := extension(rl, oidIssuingDistPoint); e != nil {
		var p idp
		if _, err := asn1.Unmarshal(e.value, &p); err == nil {
			ca := l.cert.X509.BasicConstraintsValid && l.cert.X509.IsCA
			switch {
			case p.OnlyAttributeCerts:
				return facts.CRLOnlyAttributeCerts, "its issuingDistributionPoint says onlyContainsAttributeCerts: it covers no public-key certificate"
			case p.OnlyUserCerts && ca:
				return facts.CRLOnlyUserCerts, fmt.Sprintf("its issuingDistributionPoint says onlyContainsUserCerts, and %s is a CA certificate", checks.Name(l.cert))
			case p.OnlyCACerts && !ca:
				return facts.CRLOnlyCACerts, fmt.Sprintf("its issuingDistributionPoint says onlyContainsCACerts, and %s is not a CA certificate", checks.Name(l.cert))
			case p.Indirect:
				return facts.CRLIndirect, "it is an indirect CRL (issuingDistributionPoint indirectCRL), which OpenSSL uses only with extended CRL support (-extended_crl), not in nginx or mosquitto"
			case p.OnlySomeReasons.BitLength > 0:
				return facts.CRLOnlySomeReasons, "its issuingDistributionPoint says onlySomeReasons: it lists revocations for some reasons only, and OpenSSL (without -extended_crl) does not use such a partial CRL"
			}
		}
	}
	if isDelta(rl) && !hasBase(f, crl, l) {
		return facts.CRLDeltaWithoutBase, fmt.Sprintf("it is a delta CRL (deltaCRLIndicator, base CRL number %s) and no complete CRL from %s numbered %s or later was given", deltaBase(rl), checks.Name(l.issuer), deltaBase(rl))
	}
	return facts.CRLUsable, ""
}

// hasBase reports whether a complete CRL from l.issuer with a CRLNumber at
// least delta's base number was given (RFC 5280 5.2.4).
func hasBase(f *facts.Facts, delta *facts.CRL, l link) bool {
	base := deltaBase(delta.X509)
	for _, c := range f.CRLs {
		if c == delta || !names(c, l.issuer) || isDelta(c.X509) || c.X509.Number == nil {
			continue
		}
		if c.X509.Number.Cmp(base) >= 0 && judgeComplete(f, c, l) {
			return true
		}
	}
	return false
}

// judgeComplete is judge for a complete CRL (no recursion into deltas).
func judgeComplete(f *facts.Facts, crl *facts.CRL, l link) bool {
	p, _ := judge(f, crl, l)
	return p == facts.CRLUsable
}

func oneOf(id asn1.ObjectIdentifier, ids []asn1.ObjectIdentifier) bool {
	for _, o := range ids {
		if id.Equal(o) {
			return true
		}
	}
	return false
}

// verdict is one CRL judged for one link.
type verdict struct {
	crl     *facts.CRL
	problem facts.CRLProblem
	detail  string
}

// candidates judges every CRL that names l's issuer.
func candidates(f *facts.Facts, l link) (all []verdict, usable []*facts.CRL) {
	for _, crl := range f.CRLs {
		if !names(crl, l.issuer) {
			continue
		}
		p, why := judge(f, crl, l)
		all = append(all, verdict{crl, p, why})
		if p == facts.CRLUsable {
			usable = append(usable, crl)
		}
	}
	return all, usable
}

// opensslError is what `openssl verify -crl_check_all` prints when the
// only CRL for a certificate has this problem ("" where we do not claim
// that OpenSSL refuses).
var opensslError = map[facts.CRLProblem]string{
	facts.CRLBadSignature:         "CRL signature failure",
	facts.CRLCriticalNumber:       "unhandled critical CRL extension",
	facts.CRLUnknownCritical:      "unhandled critical CRL extension",
	facts.CRLUnknownCriticalEntry: "unhandled critical CRL extension",
	facts.CRLIssuerNoCRLSign:      "key usage does not include CRL signing",
	facts.CRLStale:                "CRL has expired",
	facts.CRLNotYetValid:          "CRL is not yet valid",
	facts.CRLOnlyUserCerts:        "different CRL scope",
	facts.CRLOnlyCACerts:          "different CRL scope",
	facts.CRLOnlySomeReasons:      "unable to get certificate CRL",
	facts.CRLIndirect:             "unable to get certificate CRL",
	facts.CRLDeltaWithoutBase:     "unable to get certificate CRL",
}

// refusers says which servers configured with the CRLs refuse l.cert for
// the OpenSSL error given.
func refusers(l link, opensslErr string) string {
	nginx := fmt.Sprintf("nginx with ssl_crl (OpenSSL with X509_V_FLAG_CRL_CHECK_ALL, like `openssl verify -crl_check_all`) refuses %s with %q", checks.Name(l.cert), opensslErr)
	if l.leaf() {
		return nginx + ", and so does mosquitto with crlfile (OpenSSL with X509_V_FLAG_CRL_CHECK, which looks up the client certificate's own CRL)"
	}
	return nginx + "; mosquitto with crlfile sets only X509_V_FLAG_CRL_CHECK, which looks up the CRL of the client certificate itself, not of the CA certificates above it, so it does not refuse for this"
}
