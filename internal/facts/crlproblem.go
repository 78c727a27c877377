package facts

import "fmt"

// CRLProblem is why a CRL given as input cannot answer "is this certificate
// revoked?" for a certificate on a path. Checks switch on it; String is the
// stable name used as evidence ("kind") and in JSON.
type CRLProblem int

const (
	// CRLUsable: nothing wrong.
	CRLUsable CRLProblem = iota

	// Problems with the CRL file itself, whatever certificate it is used for.

	// CRLBadSignature: the CRL names a certificate on the path as its
	// issuer but that certificate's key does not verify its signature.
	CRLBadSignature
	// CRLNoNumber: no CRLNumber extension (RFC 5280 5.2.3).
	CRLNoNumber
	// CRLCriticalNumber: CRLNumber marked critical (RFC 5280 5.2.3).
	CRLCriticalNumber
	// CRLUnknownCritical: a CRL extension marked critical that a verifier
	// does not process (RFC 5280 5.2: such a CRL must not be used).
	CRLUnknownCritical
	// CRLUnknownCriticalEntry: an entry extension marked critical that a
	// verifier does not process (RFC 5280 5.3).
	CRLUnknownCriticalEntry
	// CRLIssuerNoCRLSign: the issuer's keyUsage lacks cRLSign (RFC 5280 4.2.1.3).
	CRLIssuerNoCRLSign
	// CRLStale: nextUpdate is before the check time.
	CRLStale
	// CRLNotYetValid: thisUpdate is after the check time.
	CRLNotYetValid

	// Problems of scope: a well-formed CRL that does not cover this
	// certificate (issuingDistributionPoint, RFC 5280 5.2.5; delta CRLs 5.2.4).

	// CRLOnlyUserCerts: onlyContainsUserCerts, used for a CA certificate.
	CRLOnlyUserCerts
	// CRLOnlyCACerts: onlyContainsCACerts, used for an end-entity certificate.
	CRLOnlyCACerts
	// CRLOnlyAttributeCerts: onlyContainsAttributeCerts (covers no public-key certificate).
	CRLOnlyAttributeCerts
	// CRLOnlySomeReasons: onlySomeReasons: revocations for the other
	// reasons are on another CRL that was not given.
	CRLOnlySomeReasons
	// CRLIndirect: indirectCRL, which OpenSSL uses only with extended CRL support.
	CRLIndirect
	// CRLDeltaWithoutBase: a delta CRL (deltaCRLIndicator) without a
	// complete CRL from the same issuer at or after its base number.
	CRLDeltaWithoutBase
)

var crlProblemNames = [...]string{
	CRLUsable:               "usable",
	CRLBadSignature:         "bad-signature",
	CRLNoNumber:             "no-crl-number",
	CRLCriticalNumber:       "critical-crl-number",
	CRLUnknownCritical:      "unknown-critical-extension",
	CRLUnknownCriticalEntry: "unknown-critical-entry-extension",
	CRLIssuerNoCRLSign:      "issuer-without-crlsign",
	CRLStale:                "stale",
	CRLNotYetValid:          "not-yet-valid",
	CRLOnlyUserCerts:        "scope-only-user-certs",
	CRLOnlyCACerts:          "scope-only-ca-certs",
	CRLOnlyAttributeCerts:   "scope-only-attribute-certs",
	CRLOnlySomeReasons:      "scope-only-some-reasons",
	CRLIndirect:             "indirect",
	CRLDeltaWithoutBase:     "delta-without-base",
}

func (p CRLProblem) String() string {
	if p >= 0 && int(p) < len(crlProblemNames) {
		return crlProblemNames[p]
	}
	return fmt.Sprintf("CRLProblem(%d)", int(p))
}

// Scope is true for the problems that depend on the certificate the CRL is
// used for: the CRL is sound, it just does not cover that certificate, so
// another CRL may.
func (p CRLProblem) Scope() bool { return p >= CRLOnlyUserCerts }

// MarshalText writes the stable name.
func (p CRLProblem) MarshalText() ([]byte, error) { return []byte(p.String()), nil }
