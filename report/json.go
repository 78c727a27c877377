package report

import (
	"crypto/dsa" //nolint:staticcheck // DSA keys are reported, not used
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/rsa"
	"crypto/x509"
	"encoding/hex"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/tlscheck/tlscheck/checks"
	"github.com/tlscheck/tlscheck/internal/facts"
)

// SchemaVersion of the JSON report (docs/json.md).
const SchemaVersion = 1

// The JSON report is a public contract (docs/json.md): these types are its
// schema, and their field order is the output order.
type jsonReport struct {
	SchemaVersion int            `json:"schema_version"`
	Tool          Tool           `json:"tool"`
	Target        Target         `json:"target"`
	Certificates  []jsonCert     `json:"certificates"`
	Chains        []jsonChain    `json:"chains"`
	Connection    *Connection    `json:"connection,omitempty"`
	Findings      []jsonFinding  `json:"findings"`
	Scan          *Scan          `json:"scan,omitempty"`
	Summary       checks.Summary `json:"summary"`
	NotChecked    []checks.Gap   `json:"not_checked"`
}

type jsonCert struct {
	Subject            string   `json:"subject"`
	Issuer             string   `json:"issuer"`
	Serial             string   `json:"serial"`
	SANs               jsonSANs `json:"sans"`
	NotBefore          string   `json:"not_before"`
	NotAfter           string   `json:"not_after"`
	DaysLeft           int      `json:"days_left"`
	Key                jsonKey  `json:"key"`
	SignatureAlgorithm string   `json:"signature_algorithm"`
	SHA256             string   `json:"sha256"`
	SPKISHA256         string   `json:"spki_sha256"`
	Role               string   `json:"role"`
	// Source is {"file": ..., "index": ...} for a certificate from a file,
	// or a string such as "system trust store".
	Source     any  `json:"source"`
	IsCA       bool `json:"is_ca"`
	SelfSigned bool `json:"self_signed"`
}

type jsonSANs struct {
	DNS   []string `json:"dns"`
	IP    []string `json:"ip"`
	Email []string `json:"email"`
	URI   []string `json:"uri"`
}

type jsonKey struct {
	Type  string `json:"type"`
	Bits  int    `json:"bits,omitempty"`
	Curve string `json:"curve,omitempty"`
}

type jsonSource struct {
	File  string `json:"file"`
	Index int    `json:"index"`
}

type jsonFinding struct {
	ID       string            `json:"id"`
	Severity checks.Severity   `json:"severity"`
	Title    string            `json:"title"`
	Message  string            `json:"message"`
	Subject  string            `json:"subject"`
	Evidence map[string]string `json:"evidence"`
	// EvidenceTyped is Evidence with numbers as numbers, plus a 0-based
	// index beside each 1-based position (added to schema 1; see
	// typedEvidence).
	EvidenceTyped map[string]any `json:"evidence_typed"`
	Fix           string         `json:"fix"`
	References    []string       `json:"references"`
	// CausedBy names the finding this one follows from (added to schema
	// 1; omitted when none): its fix resolves this one too.
	CausedBy *checks.Cause `json:"caused_by,omitempty"`
}

// jsonChain is one built certification path and how path building ended.
// Certificates are named by their SHA-256 fingerprint, as in certificates[].
type jsonChain struct {
	Leaf     string        `json:"leaf"`
	Path     []string      `json:"path"`
	Status   string        `json:"status"`
	Trusted  bool          `json:"trusted"`
	Missing  *jsonMissing  `json:"missing_issuer,omitempty"`
	Problems []jsonProblem `json:"problems"`
}

type jsonMissing struct {
	Subject string   `json:"subject"`
	KeyID   string   `json:"key_id,omitempty"`
	AIA     []string `json:"aia"`
}

type jsonProblem struct {
	Index  int    `json:"index"` // 0-based position in path
	Kind   string `json:"kind"`
	Reason string `json:"reason"`
}

func chainJSON(ch *facts.Chain) jsonChain {
	j := jsonChain{Path: []string{}, Status: string(ch.Status), Trusted: ch.Status == facts.ChainTrusted, Problems: []jsonProblem{}}
	if ch.Leaf != nil {
		j.Leaf = ch.Leaf.Fingerprint()
	}
	for _, c := range ch.Path {
		j.Path = append(j.Path, c.Fingerprint())
	}
	if m := ch.Missing; m != nil && ch.Status == facts.ChainMissingIssuer {
		j.Missing = &jsonMissing{Subject: m.Subject, KeyID: m.AKI, AIA: nonNil(m.AIA)}
	}
	for _, p := range ch.Problems {
		j.Problems = append(j.Problems, jsonProblem{Index: p.Index, Kind: p.Kind.String(), Reason: p.Reason})
	}
	return j
}

// numericEvidence are the evidence labels whose values are whole numbers:
// evidence_typed gives them as JSON numbers. Only these: a serial, a key id
// or a fingerprint can be all digits and is still hex, so no value is
// turned into a number for looking like one.
var numericEvidence = map[string]bool{
	"days_left": true, "warn_days": true, "lifetime days": true, "bits": true,
	"max_depth": true, "certificates": true, "keys": true, "reason_code": true,
	"position": true, "first position": true, "certificate_position": true, "link": true,
}

// oneBased are the evidence labels that count from 1, as people do ("#1");
// evidence_typed adds the 0-based index beside each, under this label.
var oneBased = map[string]string{
	"position":             "index",
	"first position":       "first index",
	"certificate_position": "certificate_index",
	"link":                 "link_index",
}

// typedEvidence is the evidence with numbers as numbers and, for each
// 1-based position, its 0-based index: JSON has one convention for
// positions (0-based "index"), and "position" keeps its old meaning.
func typedEvidence(ev map[string]string) map[string]any {
	out := make(map[string]any, len(ev))
	for k, v := range ev {
		n, err := strconv.Atoi(v)
		if !numericEvidence[k] || err != nil {
			out[k] = v
			continue
		}
		out[k] = n
		if idx, ok := oneBased[k]; ok {
			if _, taken := ev[idx]; !taken {
				out[idx] = n - 1
			}
		}
	}
	return out
}

// JSON writes the report in the schema_version 1 format of docs/json.md,
// indented two spaces. Lists are never null, and their order is stable:
// certificates in load order, findings as sorted by the engine.
func JSON(w io.Writer, r *Report) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonDocument(r))
}

// jsonDocument is the report as its JSON schema: one document for JSON,
// one element of targets[] or one line for the audit's formats.
func jsonDocument(r *Report) jsonReport {
	f := r.facts()
	inv := newInventory(f, r.chains())
	out := jsonReport{
		SchemaVersion: SchemaVersion,
		Tool:          r.Tool,
		Target:        r.Target,
		Certificates:  []jsonCert{},
		Chains:        []jsonChain{},
		Connection:    r.Connection,
		Findings:      []jsonFinding{},
		Scan:          r.Scan,
		Summary:       checks.Summarize(r.Findings),
		NotChecked:    r.NotChecked(),
	}
	for _, c := range inv.certs {
		if c.X509 == nil {
			continue
		}
		out.Certificates = append(out.Certificates, certJSON(c, inv.role(c), f.Now))
	}
	for _, ch := range r.chains() {
		out.Chains = append(out.Chains, chainJSON(ch))
	}
	for _, fd := range r.Findings {
		out.Findings = append(out.Findings, findingJSON(fd))
	}
	return out
}

func certJSON(c *facts.Cert, role string, now time.Time) jsonCert {
	x := c.X509
	j := jsonCert{
		Subject:            checks.DN(x.Subject),
		Issuer:             checks.DN(x.Issuer),
		Serial:             hex.EncodeToString(x.SerialNumber.Bytes()),
		SANs:               jsonSANs{DNS: nonNil(x.DNSNames), IP: []string{}, Email: nonNil(x.EmailAddresses), URI: []string{}},
		NotBefore:          x.NotBefore.UTC().Format(time.RFC3339),
		NotAfter:           x.NotAfter.UTC().Format(time.RFC3339),
		DaysLeft:           daysLeft(x.NotAfter, now),
		Key:                keyJSON(x),
		SignatureAlgorithm: x.SignatureAlgorithm.String(),
		SHA256:             c.Fingerprint(),
		SPKISHA256:         c.SPKIPin(),
		Role:               role,
		IsCA:               c.IsCA(),
		SelfSigned:         c.SelfSigned(),
	}
	for _, ip := range x.IPAddresses {
		j.SANs.IP = append(j.SANs.IP, ip.String())
	}
	for _, u := range x.URIs {
		j.SANs.URI = append(j.SANs.URI, u.String())
	}
	switch c.Source.Role {
	case facts.RoleSystem, facts.RoleBundled, facts.RoleAIA:
		j.Source = checks.Where(c.Source)
	default:
		j.Source = jsonSource{File: c.Source.File, Index: c.Source.Index}
	}
	return j
}

func keyJSON(x *x509.Certificate) jsonKey {
	switch k := x.PublicKey.(type) {
	case *rsa.PublicKey:
		return jsonKey{Type: "RSA", Bits: k.N.BitLen()}
	case *ecdsa.PublicKey:
		return jsonKey{Type: "ECDSA", Bits: k.Curve.Params().BitSize, Curve: k.Curve.Params().Name}
	case ed25519.PublicKey:
		return jsonKey{Type: "Ed25519", Bits: 256}
	case *dsa.PublicKey:
		return jsonKey{Type: "DSA", Bits: k.P.BitLen()}
	}
	return jsonKey{Type: x.PublicKeyAlgorithm.String()}
}

func findingJSON(f checks.Finding) jsonFinding {
	return jsonFinding{
		ID:            f.ID,
		Severity:      f.Severity,
		Title:         f.Title,
		Message:       f.Message,
		Subject:       f.Subject,
		Evidence:      nonNilMap(f.Evidence),
		EvidenceTyped: typedEvidence(f.Evidence),
		Fix:           f.Fix,
		References:    nonNil(f.References),
		CausedBy:      f.CausedBy,
	}
}

func nonNil(s []string) []string {
	if s == nil {
		return []string{}
	}
	return s
}

func nonNilMap(m map[string]string) map[string]string {
	if m == nil {
		return map[string]string{}
	}
	return m
}
