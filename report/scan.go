package report

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"slices"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Scan is what `tlscheck scan` found, in the shape of the JSON "scan"
// object (docs/json.md): a public contract that scripts key on. Versions
// and ciphers are listed newest version first; the field order is the
// output order.
type Scan struct {
	Versions        []ScanVersion   `json:"versions"`
	Ciphers         []ScanCipher    `json:"ciphers"`
	ServerOrder     map[string]bool `json:"server_order"`
	Groups          []ScanGroup     `json:"groups"`
	Chains          []ScanChain     `json:"chains"`
	Features        ScanFeatures    `json:"features"`
	Vulnerabilities []ScanVuln      `json:"vulnerabilities"`
	Clients         []ScanClient    `json:"clients"`
	// Policy and Grade are null when not judged (no --policy; no grade
	// given).
	Policy     *ScanPolicy     `json:"policy"`
	Grade      *ScanGrade      `json:"grade"`
	LargeHello *ScanLargeHello `json:"large_hello,omitempty"`
	Untested   []ScanUntested  `json:"untested"`
	Stats      ScanStats       `json:"stats"`
}

// ScanVersion is one protocol version's outcome.
type ScanVersion struct {
	Version string `json:"version"`
	Offered bool   `json:"offered"`
	Tested  bool   `json:"tested"`
	Refusal string `json:"refusal,omitempty"`
}

// ScanCipher is one accepted (version, suite) pair. ID is the code point in
// upper-case hex, 4 digits ("0xC02F"), 6 for an SSL 2.0 cipher kind
// ("0x0700C0"). Group is the key exchange group chosen ("" when none),
// DHBits the finite-field group size of a DHE suite (0 when none).
type ScanCipher struct {
	Version     string `json:"version"`
	ID          string `json:"id"`
	Name        string `json:"name"`
	OpenSSLName string `json:"openssl_name"`
	Kx          string `json:"kx"`
	Auth        string `json:"auth"`
	Encryption  string `json:"encryption"`
	Bits        int    `json:"bits"`
	Group       string `json:"group"`
	DHBits      int    `json:"dh_bits"`
	KeyType     string `json:"key_type"`
}

// ScanGroup is one accepted key exchange group and where.
type ScanGroup struct {
	ID       string   `json:"id"`
	Name     string   `json:"name"`
	Versions []string `json:"versions"`
	Bits     int      `json:"bits"`
}

// ScanChain is one certificate chain the server has, its certificates
// named by SHA-256 fingerprint as in certificates[].
type ScanChain struct {
	KeyType      string   `json:"key_type"`
	Certificates []string `json:"certificates"`
	Versions     []string `json:"versions"`
}

// ScanFeatures are what the server offers beside suites; null means not
// tested.
type ScanFeatures struct {
	ALPN                []string `json:"alpn"`
	SessionIDResumption *bool    `json:"session_id_resumption"`
	SessionTickets      *bool    `json:"session_tickets"`
	OCSPStapling        *bool    `json:"ocsp_stapling"`
	EarlyData           *bool    `json:"early_data"`
	HSTS                *string  `json:"hsts"`
	SecureRenegotiation *bool    `json:"secure_renegotiation"`
	ClientRenegotiation *bool    `json:"client_renegotiation"`
	Compression         *string  `json:"compression"`
	FallbackSCSV        *bool    `json:"fallback_scsv"`
}

// ScanVuln is one vulnerability test.
type ScanVuln struct {
	ID         string         `json:"id"`
	Vulnerable bool           `json:"vulnerable"`
	Tested     bool           `json:"tested"`
	Reason     string         `json:"reason,omitempty"`
	Evidence   map[string]any `json:"evidence"`
}

// ScanClient is one simulated client.
type ScanClient struct {
	Name     string `json:"name"`
	Connects bool   `json:"connects"`
	Version  string `json:"version"`
	Cipher   string `json:"cipher"`
	Group    string `json:"group"`
	Reason   string `json:"reason"`
	Detail   string `json:"detail,omitempty"`
	Old      bool   `json:"old"`
}

// ScanPolicy is the verdict of --policy.
type ScanPolicy struct {
	Name       string   `json:"name"`
	Compliant  bool     `json:"compliant"`
	Deviations []string `json:"deviations"`
}

// ScanGrade is the grade with every cap and deduction that made it.
type ScanGrade struct {
	Grade   string   `json:"grade"`
	Score   int      `json:"score"`
	Reasons []string `json:"reasons"`
}

// ScanLargeHello records a server that does not take big ClientHellos.
type ScanLargeHello struct {
	MaxSuites int    `json:"max_suites"`
	MaxBytes  int    `json:"max_bytes"`
	Behaviour string `json:"behaviour"`
}

// ScanUntested is a part of the scan that did not run, and why.
type ScanUntested struct {
	What   string `json:"what"`
	Reason string `json:"reason"`
}

// ScanStats counts the work the scan did.
type ScanStats struct {
	Connections int     `json:"connections"`
	DurationMS  float64 `json:"duration_ms"`
	// ByPhase splits connections by what they served: handshake,
	// enumeration, features, vulnerabilities.
	ByPhase map[string]int `json:"by_phase,omitempty"`
}

// scanVersions are the six versions, newest first: the order of versions[]
// and ciphers[].
var scanVersions = []facts.TLSVersion{facts.VersionTLS13, facts.VersionTLS12, facts.VersionTLS11,
	facts.VersionTLS10, facts.VersionSSL30, facts.VersionSSL20}

// NewScan is the report's view of a scan; nil without one.
func NewScan(s *facts.Scan) *Scan {
	if s == nil {
		return nil
	}
	out := &Scan{
		Versions:        []ScanVersion{},
		Ciphers:         []ScanCipher{},
		ServerOrder:     map[string]bool{},
		Groups:          []ScanGroup{},
		Chains:          []ScanChain{},
		Features:        scanFeatures(s.Features),
		Vulnerabilities: []ScanVuln{},
		Clients:         []ScanClient{},
		Untested:        []ScanUntested{},
		Stats:           ScanStats{Connections: s.Stats.Connections, DurationMS: s.Stats.DurationMS, ByPhase: s.Stats.ByPhase},
	}
	for _, v := range scanVersions {
		sv := ScanVersion{Version: v.String()}
		for _, r := range s.Versions {
			if r.Version == v {
				sv.Offered, sv.Tested, sv.Refusal = r.Offered, r.Tested, r.Refusal
			}
		}
		out.Versions = append(out.Versions, sv)
		for _, c := range s.SuitesFor(v) {
			out.Ciphers = append(out.Ciphers, scanCipher(c))
		}
	}
	for v, server := range s.ServerOrder {
		out.ServerOrder[v.String()] = server
	}
	for _, g := range s.Groups {
		out.Groups = append(out.Groups, ScanGroup{ID: hexID(g.ID), Name: groupName(g.ID), Versions: versionNames(g.Versions), Bits: g.Bits})
	}
	for _, ch := range s.Certs {
		sc := ScanChain{KeyType: ch.KeyType, Certificates: []string{}, Versions: versionNames(ch.Versions)}
		for _, der := range ch.Raw {
			sum := sha256.Sum256(der)
			sc.Certificates = append(sc.Certificates, hex.EncodeToString(sum[:]))
		}
		out.Chains = append(out.Chains, sc)
	}
	for _, v := range s.Vulns {
		ev := v.Evidence
		if ev == nil {
			ev = map[string]any{}
		}
		out.Vulnerabilities = append(out.Vulnerabilities, ScanVuln{ID: string(v.ID), Vulnerable: v.Vulnerable, Tested: v.Tested, Reason: v.Reason, Evidence: ev})
	}
	for _, c := range s.Clients {
		sc := ScanClient{Name: c.Name, Connects: c.Connects, Version: c.Version.String(), Reason: string(c.Reason), Detail: c.Detail, Old: c.Old}
		if c.Suite != 0 {
			sc.Cipher = suiteInfo(c.Suite).Name
		}
		if c.Group != 0 {
			sc.Group = groupName(c.Group)
		}
		out.Clients = append(out.Clients, sc)
	}
	if p := s.Policy; p != nil {
		out.Policy = &ScanPolicy{Name: p.Name, Compliant: p.Compliant, Deviations: nonNil(p.Deviations)}
	}
	if g := s.Grade; g != nil {
		out.Grade = &ScanGrade{Grade: g.Grade, Score: g.Score, Reasons: nonNil(g.Reasons)}
	}
	if l := s.LargeHello; l != nil {
		out.LargeHello = &ScanLargeHello{MaxSuites: l.MaxSuites, MaxBytes: l.MaxBytes, Behaviour: l.Behaviour}
	}
	for _, u := range s.Untested {
		out.Untested = append(out.Untested, ScanUntested{What: u.What, Reason: u.Reason})
	}
	return out
}

func scanCipher(c facts.AcceptedSuite) ScanCipher {
	var d suiteDescription
	id := hexID(c.ID)
	if c.Version == facts.VersionSSL20 {
		d, id = ssl2Info(c.ID24), fmt.Sprintf("0x%06X", c.ID24)
	} else {
		d = suiteInfo(c.ID)
	}
	sc := ScanCipher{Version: c.Version.String(), ID: id, Name: d.Name, OpenSSLName: d.OpenSSL, Kx: d.Kx, Auth: d.Auth,
		Encryption: d.Enc, Bits: d.Bits, DHBits: c.DHBits, KeyType: c.KeyType}
	if c.Group != 0 {
		sc.Group = groupName(c.Group)
	}
	return sc
}

func versionNames(vs []facts.TLSVersion) []string {
	sorted := slices.Clone(vs)
	slices.SortFunc(sorted, func(a, b facts.TLSVersion) int { return int(b) - int(a) })
	out := []string{}
	for _, v := range sorted {
		out = append(out, v.String())
	}
	return out
}

// compressionNames are the TLS compression methods (RFC 3749, RFC 3943).
var compressionNames = map[uint8]string{0: "none", 1: "DEFLATE", 64: "LZS"}

func scanFeatures(f facts.Features) ScanFeatures {
	out := ScanFeatures{
		ALPN:                nonNil(f.ALPN),
		SessionIDResumption: f.SessionIDResumption,
		SessionTickets:      f.SessionTickets,
		OCSPStapling:        f.OCSPStapling,
		EarlyData:           f.EarlyData,
		HSTS:                f.HSTS,
		SecureRenegotiation: f.SecureRenegotiation,
		ClientRenegotiation: f.ClientRenegotiation,
		FallbackSCSV:        f.FallbackSCSV,
	}
	if f.Compression != nil {
		name, ok := compressionNames[*f.Compression]
		if !ok {
			name = fmt.Sprintf("0x%02X", *f.Compression)
		}
		out.Compression = &name
	}
	return out
}
