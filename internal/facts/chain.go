package facts

import (
	"fmt"
	"time"
)

// ChainStatus says how path building from a leaf ended.
type ChainStatus string

const (
	// ChainTrusted: the path ends at a trust anchor (f.Roots).
	ChainTrusted ChainStatus = "trusted"
	// ChainUntrustedRoot: the path ends at a self-signed certificate that is
	// not a trust anchor (a private root, or a self-signed leaf).
	ChainUntrustedRoot ChainStatus = "untrusted-root"
	// ChainMissingIssuer: the path stops at a certificate that is not
	// self-signed and whose issuer is neither in the inputs nor the roots.
	ChainMissingIssuer ChainStatus = "missing-issuer"
	// ChainBudgetExhausted: path building gave up after its work budget.
	ChainBudgetExhausted ChainStatus = "budget-exhausted"
)

// Chain is the certification path built for one leaf (by internal/paths),
// with the reasons it fails validation, if any.
type Chain struct {
	Leaf *Cert `json:"leaf"`
	// Path is leaf first, each certificate followed by its issuer. When
	// Status is ChainTrusted the last element is a trust anchor from Roots.
	Path   []*Cert     `json:"path"`
	Status ChainStatus `json:"status"`
	// Missing describes the issuer of the last certificate of Path when
	// Status is ChainMissingIssuer.
	Missing *MissingIssuer `json:"missing,omitempty"`
	// DepthLimited: with ChainBudgetExhausted, the search stopped because
	// every path was longer than paths.MaxPathDepth, not for lack of budget.
	DepthLimited bool `json:"depth_limited,omitempty"`
	// Problems are validation failures of the built path other than the
	// status above: bad signature, expired intermediate, CA without
	// keyCertSign, name constraints, path length, ... (chain.invalid).
	Problems []ChainProblem `json:"problems,omitempty"`
	// Served is the chain as the server would send it: the leaf's own bundle
	// file in file order, followed by an explicit chain file's certificates
	// (--chain / chain.pem) when the leaf came from a separate cert file.
	Served []*Cert `json:"served,omitempty"`
}

// MissingIssuer names a certificate the path needs but nobody supplied.
type MissingIssuer struct {
	Subject string   `json:"subject"`           // issuer DN of the last certificate in the path
	AKI     string   `json:"aki,omitempty"`     // authority key id, hex
	AIA     []string `json:"aia,omitempty"`     // caIssuers URLs
	Fetched bool     `json:"fetched,omitempty"` // --fetch-aia tried and failed
	// Root: the path's top is an intermediate (a CA certificate that is
	// not self-signed), so the missing issuer is most likely the root of
	// a private CA: something clients must trust, not something a server
	// sends.
	Root bool `json:"root,omitempty"`
}

// ChainProblem is one reason a path does not validate: what kind of
// problem, the certificate at fault (Index, its position in Path), the
// evidence a fix needs, and the sentence for people. Checks switch on Kind;
// Reason is only ever shown.
type ChainProblem struct {
	Index int         `json:"index"`
	Kind  ProblemKind `json:"kind"`
	// Limit and Found: for ProblemPathLen the CA's pathLenConstraint and
	// the intermediates below it; for ProblemMaxDepth --max-chain-depth and
	// the intermediates on the path (self-issued ones not counted, RFC 5280
	// 6.1.4 (l)); for ProblemNCBudget the comparison budget and the
	// comparisons the path needs.
	Limit int `json:"limit,omitempty"`
	Found int `json:"found,omitempty"`
	// Date is the notAfter of ProblemExpired, the notBefore of
	// ProblemNotYetValid.
	Date time.Time `json:"date,omitzero"`
	// Policy is the RFC 5280 6.1 rule of a ProblemPolicy, and Constraint
	// the link (position in Path plus one; 0 when none) of the certificate
	// whose policyConstraints or inhibitAnyPolicy made it bind.
	Policy     PolicyRule `json:"policy_rule,omitempty"`
	Constraint int        `json:"constraint_link,omitempty"`
	// OID is the extension of ProblemCritical.
	OID string `json:"oid,omitempty"`
	// Reason is the sentence for people: observed and expected.
	Reason string `json:"reason"`
}

// ProblemKind is what is wrong with one link of a path (after
// crypto/x509's InvalidReason).
type ProblemKind int

const (
	ProblemUnknown ProblemKind = iota
	// ProblemCritical: a critical extension clients do not understand.
	ProblemCritical
	// ProblemExpired: an issuer past its notAfter.
	ProblemExpired
	// ProblemNotYetValid: an issuer before its notBefore.
	ProblemNotYetValid
	// ProblemNotCA: an issuer without basicConstraints CA:TRUE (or an
	// X.509 v1 certificate that is not the root).
	ProblemNotCA
	// ProblemNoCertSign: an issuer whose keyUsage lacks keyCertSign.
	ProblemNoCertSign
	// ProblemPathLen: more intermediates below a CA than its
	// pathLenConstraint allows.
	ProblemPathLen
	// ProblemMaxDepth: more intermediates than the user's
	// --max-chain-depth (a client's verify depth) allows.
	ProblemMaxDepth
	// ProblemEKU: an intermediate's or the root's extendedKeyUsage lacks
	// the leaf's usage.
	ProblemEKU
	// ProblemNameConstraints: a name below a CA breaks its name constraints.
	ProblemNameConstraints
	// ProblemNameConstraintsMalformed: a CA's name constraints extension
	// cannot be parsed.
	ProblemNameConstraintsMalformed
	// ProblemNCBudget: checking the name constraints would take more
	// comparisons than any client will do.
	ProblemNCBudget
	// ProblemAKI: the authority key identifier does not describe the issuer
	// (OpenSSL and GnuTLS reject the link).
	ProblemAKI
	// ProblemPolicy: certificate policy processing (RFC 5280 6.1.3-6.1.5)
	// ends without a valid policy while one is required; Policy says which
	// rule.
	ProblemPolicy
	// ProblemIssuerName: the issuer name matches the issuer's subject only
	// after RFC 5280 7.1 canonicalisation (OpenSSL accepts, Go does not).
	ProblemIssuerName
)

var problemNames = [...]string{
	ProblemUnknown:                  "unknown",
	ProblemCritical:                 "critical-extension",
	ProblemExpired:                  "expired",
	ProblemNotYetValid:              "not-yet-valid",
	ProblemNotCA:                    "not-ca",
	ProblemNoCertSign:               "no-cert-sign",
	ProblemPathLen:                  "path-len",
	ProblemMaxDepth:                 "max-depth",
	ProblemEKU:                      "eku",
	ProblemNameConstraints:          "name-constraints",
	ProblemNameConstraintsMalformed: "name-constraints-malformed",
	ProblemNCBudget:                 "name-constraints-budget",
	ProblemAKI:                      "aki-mismatch",
	ProblemPolicy:                   "policy",
	ProblemIssuerName:               "issuer-name-form",
}

func (k ProblemKind) String() string {
	if k >= 0 && int(k) < len(problemNames) {
		return problemNames[k]
	}
	return fmt.Sprintf("ProblemKind(%d)", int(k))
}

// MarshalText writes the kind's name, so saved chains stay readable.
func (k ProblemKind) MarshalText() ([]byte, error) { return []byte(k.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (k *ProblemKind) UnmarshalText(b []byte) error {
	for i, n := range problemNames {
		if n == string(b) {
			*k = ProblemKind(i)
			return nil
		}
	}
	return fmt.Errorf("unknown path problem kind %q", b)
}

// PolicyRule is why certificate policy processing (RFC 5280 6.1) left a
// path without a valid policy where requireExplicitPolicy demands one.
type PolicyRule int

const (
	PolicyRuleUnknown PolicyRule = iota
	// PolicyNone: a certificate has no certificatePolicies extension
	// (RFC 5280 6.1.3 (e)).
	PolicyNone
	// PolicyNoCommon: none of a certificate's policies is one the CAs
	// above it allow (RFC 5280 6.1.3 (d)).
	PolicyNoCommon
	// PolicyAnyInhibited: a certificate relies on anyPolicy, which
	// inhibitAnyPolicy forbids at its position (RFC 5280 6.1.3 (d)(2)).
	PolicyAnyInhibited
	// PolicyMappingInhibited: a certificate maps policies where
	// inhibitPolicyMapping forbids it, which removes them (RFC 5280
	// 6.1.4 (b)(2)).
	PolicyMappingInhibited
	// PolicyMapsAnyPolicy: policyMappings maps to or from anyPolicy,
	// which RFC 5280 4.2.1.5 and 6.1.4 (a) forbid.
	PolicyMapsAnyPolicy
)

var policyRuleNames = [...]string{
	PolicyRuleUnknown:      "unknown",
	PolicyNone:             "no-policies",
	PolicyNoCommon:         "no-common-policy",
	PolicyAnyInhibited:     "any-policy-inhibited",
	PolicyMappingInhibited: "policy-mapping-inhibited",
	PolicyMapsAnyPolicy:    "maps-any-policy",
}

func (r PolicyRule) String() string {
	if r >= 0 && int(r) < len(policyRuleNames) {
		return policyRuleNames[r]
	}
	return fmt.Sprintf("PolicyRule(%d)", int(r))
}

// MarshalText writes the rule's name.
func (r PolicyRule) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// UnmarshalText reads a name written by MarshalText.
func (r *PolicyRule) UnmarshalText(b []byte) error {
	for i, n := range policyRuleNames {
		if n == string(b) {
			*r = PolicyRule(i)
			return nil
		}
	}
	return fmt.Errorf("unknown policy rule %q", b)
}
