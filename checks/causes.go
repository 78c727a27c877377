package checks

import (
	"slices"
	"strconv"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Check IDs that the cause rules name. The checks they belong to declare
// their ID with these constants, so a rule cannot silently stop matching.
const (
	IDCertVersion        = "cert.version"
	IDCertCNOnly         = "cert.cn-only"
	IDCertEKUMissing     = "cert.eku-missing"
	IDCertExpiresSoon    = "cert.expires-soon"
	IDCertSelfSigned     = "cert.self-signed"
	IDHostMismatch       = "host.mismatch"
	IDChainUntrustedRoot = "chain.untrusted-root"
	IDCompatClientFails  = "compat.client-fails"

	// zlint lints about what a version 1 certificate cannot carry.
	IDZlintSANMissing        = "zlint.e_ext_san_missing"
	IDZlintVersion           = "zlint.e_invalid_certificate_version"
	IDZlintSubEKUMissing     = "zlint.e_sub_cert_eku_missing"
	IDZlintSubSKIMissing     = "zlint.w_ext_subject_key_identifier_missing_sub_cert"
	IDZlintCNNotExactFromSAN = "zlint.e_subject_common_name_not_exactly_from_san"
)

// Evidence labels that other packages read (the report's SARIF locations,
// baselines, the limbo harness, cause grouping). They are part of the JSON
// report too, so their spelling never changes.
const (
	// EvidenceSHA256 is the SHA-256 fingerprint of the certificate a
	// finding is about (CertEvidence sets it).
	EvidenceSHA256 = "sha256"
	// EvidenceFile and EvidencePosition (1-based) say where in the inputs
	// the object is (AddLocation sets them).
	EvidenceFile     = "file"
	EvidencePosition = "position"
	// EvidenceFound names a trust store or AIA URL an object came from,
	// instead of a file.
	EvidenceFound = "found"
	// EvidenceReason is compat.client-fails' typed reason
	// (facts.ClientFailReason).
	EvidenceReason = "reason"
)

// ReissueDays is the validity, in days, of the certificates that re-issue
// fixes make: cert.version's fix renews an expiring certificate too as long
// as --warn-days is shorter.
const ReissueDays = 365

// Cause names the finding another one is presented under: its root cause,
// whose fix resolves it too. JSON "caused_by" (docs/json.md).
type Cause struct {
	ID      string `json:"id"`      // the root finding's check ID
	Subject string `json:"subject"` // the root finding's subject
	// SHA256 is the fingerprint of the certificate both findings are about.
	SHA256 string `json:"sha256,omitempty"`
}

// CauseRule says that findings with the Follows IDs on the certificate a
// Root finding is about exist because of it, and that the root's fix (one
// command) resolves them as well. A grouped finding keeps its ID, severity
// and own fix; reports present it under the root and do not repeat its fix.
type CauseRule struct {
	Root    string
	Follows []string
	// Because says why, for people (docs and tests).
	Because string
	// When, if set, further limits which followers the root's fix covers.
	When func(f *facts.Facts, follower Finding) bool
}

// CauseRules are tried in order; a finding is grouped under the first root
// that claims it, and a grouped finding is never a root itself.
var CauseRules = []CauseRule{
	{
		Root: IDCertVersion,
		Follows: []string{IDCertCNOnly, IDHostMismatch, IDCertEKUMissing, IDCertExpiresSoon,
			IDZlintSANMissing, IDZlintVersion, IDZlintSubEKUMissing, IDZlintSubSKIMissing, IDZlintCNNotExactFromSAN},
		Because: "a version 1 certificate cannot carry extensions: no subjectAltName (so no host " +
			"name a modern client accepts), no extendedKeyUsage, no subject key identifier. " +
			"cert.version's fix re-issues it as v3 with the SAN for the names and hosts asked " +
			"for, basicConstraints CA:FALSE, the extendedKeyUsage for the purpose and a subject " +
			"key identifier, valid for " + strconv.Itoa(ReissueDays) + " days: one command resolves them all " +
			"(the expiry warning only when --warn-days is shorter than that)",
		When: func(f *facts.Facts, follower Finding) bool {
			// The re-issue renews the certificate; it ends the expiry
			// warning only when its validity outlasts the warning window.
			return follower.ID != IDCertExpiresSoon || f == nil || f.Options.WarnDays < ReissueDays
		},
	},
	{
		Root:    IDCertCNOnly,
		Follows: []string{IDHostMismatch, IDZlintSANMissing, IDZlintCNNotExactFromSAN, IDCompatClientFails},
		Because: "a certificate without subjectAltName matches no host in modern clients; " +
			"cert.cn-only's fix adds a SAN with its name and every host asked for (a scanned " +
			"server's simulated clients that refuse it for that reason connect then too)",
		When: func(_ *facts.Facts, follower Finding) bool {
			return follower.ID != IDCompatClientFails || follower.Evidence[EvidenceReason] == string(facts.ClientCertNoSAN)
		},
	},
	{
		Root:    IDCertSelfSigned,
		Follows: []string{IDChainUntrustedRoot},
		Because: "a self-signed leaf is its own root: its chain ends at a certificate no client " +
			"trusts until it is given that certificate, which is cert.self-signed's fix",
	},
}

// CertSHA256 is the fingerprint of the certificate the finding is about,
// or "" when it is about no single certificate.
func (f Finding) CertSHA256() string { return f.Evidence[EvidenceSHA256] }

// GroupCauses sets CausedBy on the findings of results that follow from
// another finding on the same certificate (CauseRules). It changes no ID,
// severity or count: the findings are only presented under their cause.
func GroupCauses(f *facts.Facts, results []Result) {
	type ref struct{ r, i int }
	byID := map[string][]ref{}
	for r := range results {
		for i := range results[r].Findings {
			fd := &results[r].Findings[i]
			fd.CausedBy = nil
			byID[fd.ID] = append(byID[fd.ID], ref{r, i})
		}
	}
	at := func(x ref) *Finding { return &results[x.r].Findings[x.i] }
	isRoot := map[ref]bool{}
	for _, rule := range CauseRules {
		for _, rx := range byID[rule.Root] {
			root := at(rx)
			cert := root.CertSHA256()
			if root.CausedBy != nil || cert == "" {
				continue
			}
			for _, id := range rule.Follows {
				for _, fx := range byID[id] {
					fd := at(fx)
					if fd.CausedBy != nil || isRoot[fx] || fd.CertSHA256() != cert {
						continue
					}
					if rule.When != nil && !rule.When(f, *fd) {
						continue
					}
					fd.CausedBy = &Cause{ID: root.ID, Subject: root.Subject, SHA256: cert}
					isRoot[rx] = true
				}
			}
		}
	}
}

// CauseRulesAbout returns the rules whose root is id (what follows from
// it) and those where id follows from a root, for explain and the check
// reference.
func CauseRulesAbout(id string) (asRoot, asFollower []CauseRule) {
	for _, r := range CauseRules {
		if r.Root == id {
			asRoot = append(asRoot, r)
		}
		if slices.Contains(r.Follows, id) {
			asFollower = append(asFollower, r)
		}
	}
	return asRoot, asFollower
}
