package facts

// Scan is what `tlscheck scan` learned about everything a server accepts.
// internal/scan fills it; the proto, cipher, dh, vuln, compat and policy
// checks read it; report renders it as the JSON "scan" object. A part that
// was not tested stays at its zero value and is named in Untested, so that a
// check never reads "nothing found" where nothing was looked for.
type Scan struct {
	// Versions has one entry for each of the six versions, SSL 2.0 first.
	Versions []VersionResult
	// Ciphers lists the accepted suites: per version, in the server's
	// preference order when ServerOrder says it has one, else in our offer
	// order (strongest first).
	Ciphers []AcceptedSuite
	// ServerOrder says, per accepted version, whether the server chooses
	// by its own preference (true) or follows the client's order (false).
	ServerOrder map[TLSVersion]bool
	// Groups are the key exchange groups the server accepts, in its
	// preference order where it has one.
	Groups []GroupResult
	// Certs are the distinct certificate chains the server has, one per
	// key type reached (RSA, ECDSA, ...). The leaf and its chain also sit
	// in Facts.Certs with Source.Role RoleServed and Source.File naming the
	// chain ("served RSA chain").
	Certs []ServedChain
	// Features: ALPN, resumption, stapling, early data, HSTS.
	Features Features
	// Vulns has one entry per vulnerability test, run or not.
	Vulns []VulnResult
	// Clients is the client simulation.
	Clients []ClientResult
	// LargeHello is set when the server reset or refused a large
	// ClientHello and the scan had to split its offers.
	LargeHello *LargeHelloResult
	// Untested names the parts of the scan that did not run and why (a
	// time-out, --max-connections budget, a failed first connection).
	Untested []Untested
	Stats    ScanStats
	// Grade and Policy are judged after the checks ran (internal/grade),
	// from these facts and the findings.
	Grade  *Grade
	Policy *PolicyVerdict
}

// Grade is an SSL Labs-style grade with every cap and deduction that made it.
type Grade struct {
	Grade   string   // A+, A, A-, B, C, D, E, F, T (not trusted), M (name mismatch)
	Score   int      // 0-100 before caps
	Reasons []string // each cap and deduction, for people
}

// PolicyVerdict is the outcome of --policy.
type PolicyVerdict struct {
	Name       string
	Compliant  bool
	Deviations []string // the check IDs' subjects, for people; the findings carry the detail
}

// VersionResult is one protocol version's outcome.
type VersionResult struct {
	Version TLSVersion
	Offered bool // the server accepts it
	// Tested is false when the scan could not tell (a time-out, a reset
	// that also happens for versions known to work).
	Tested bool
	// How the server refused, when it did: an alert, a reset, a
	// ServerHello for another version, silence.
	Refusal string
}

// AcceptedSuite is one (version, suite) pair the server accepts.
type AcceptedSuite struct {
	Version TLSVersion
	ID      uint16 // the IANA code point; SSL 2.0 kinds are 3 bytes, kept in ID24
	ID24    uint32 // SSL 2.0 cipher kind, when Version is SSL 2.0
	// Group is the key exchange group the server chose for it (ECDHE and
	// TLS 1.3), and DHBits the finite-field group size of a DHE suite.
	Group  uint16
	DHBits int
	// KeyType is the certificate key type that served it ("RSA", "ECDSA",
	// "" for TLS 1.3 where the suite does not decide it).
	KeyType string
}

// GroupResult is one accepted named group.
type GroupResult struct {
	ID       uint16
	Versions []TLSVersion // where it was accepted: TLS 1.3 key share, TLS 1.2 ECDHE or FFDHE
	// Bits is the group's security size in the sense of the key size
	// (P-256 256, ffdhe2048 2048, X25519 253).
	Bits int
}

// ServedChain is one certificate chain the server sends for a key type.
type ServedChain struct {
	KeyType string   // "RSA", "ECDSA", "Ed25519", "DSA"
	Raw     [][]byte // DER, leaf first, as sent
	// Versions on which this chain was seen.
	Versions []TLSVersion
}

// Features are what a server offers beside suites.
type Features struct {
	ALPN []string // protocols the server chose among ours (h2, http/1.1, mqtt, ...)
	// SessionIDResumption: the server resumed a TLS 1.2 session by its ID;
	// SessionTickets: it issued a ticket (TLS 1.2 extension or TLS 1.3
	// NewSessionTicket). Nil when not tested.
	SessionIDResumption *bool
	SessionTickets      *bool
	OCSPStapling        *bool
	EarlyData           *bool // TLS 1.3 early_data in a NewSessionTicket (max_early_data_size > 0)
	// HSTS is the Strict-Transport-Security header of an https:// target
	// ("" when absent), nil when not an https target or not fetched.
	HSTS *string
	// SecureRenegotiation is RFC 5746's renegotiation_info in the
	// ServerHello; ClientRenegotiation whether the server accepted a
	// renegotiation we started. Nil when not tested.
	SecureRenegotiation *bool
	ClientRenegotiation *bool
	// Compression is the compression method the server chose when offered
	// DEFLATE (0 none).
	Compression *uint8
	// FallbackSCSV: the server refused a lower version offered with
	// TLS_FALLBACK_SCSV (inappropriate_fallback). Nil when not tested (one
	// version only).
	FallbackSCSV *bool
}

// VulnID names a vulnerability test; the check ID is "vuln." + VulnID.
type VulnID string

// The vulnerability tests.
const (
	VulnHeartbleed    VulnID = "heartbleed"
	VulnCCSInjection  VulnID = "ccs-injection"
	VulnROBOT         VulnID = "robot"
	VulnRenegotiation VulnID = "insecure-renegotiation"
	VulnClientReneg   VulnID = "client-renegotiation"
	VulnCRIME         VulnID = "crime"
	VulnFallbackSCSV  VulnID = "no-fallback-scsv"
	VulnPOODLE        VulnID = "poodle"
	VulnSWEET32       VulnID = "sweet32"
	VulnFREAK         VulnID = "freak"
	VulnLogjam        VulnID = "logjam"
	VulnDROWN         VulnID = "drown"
	VulnBEAST         VulnID = "beast"
	VulnLUCKY13       VulnID = "lucky13"
	VulnRC4           VulnID = "rc4"
)

// VulnResult is one vulnerability test.
type VulnResult struct {
	ID         VulnID
	Vulnerable bool
	Tested     bool // false: not applicable or could not run; Reason says which
	// NotApplicable: nothing to test (no version the attack needs, one
	// version only for the fallback test); not a gap in coverage.
	NotApplicable bool
	Reason        string // why not tested, for people
	// Evidence holds typed values for people and scripts (the bytes a
	// heartbeat leaked, the ROBOT oracle's responses, the suites).
	Evidence map[string]any
}

// ClientResult is one simulated client.
type ClientResult struct {
	Name     string
	Connects bool
	Version  TLSVersion
	Suite    uint16
	Group    uint16
	// Reason says why it does not connect, typed.
	Reason ClientFailure
	Detail string // the specifics for people: which versions each side has, ...
	// Old marks a client past its vendor's support (Windows XP, Android
	// 4.4, Java 6): its failure is info, a current client's a warning.
	Old bool
}

// ClientFailure is why a simulated client cannot connect.
type ClientFailure string

// Why a simulated client fails.
const (
	ClientOK           ClientFailure = ""
	ClientNoVersion    ClientFailure = "no-common-version"
	ClientNoSuite      ClientFailure = "no-common-suite"
	ClientNoGroup      ClientFailure = "no-common-group"
	ClientNoSigAlg     ClientFailure = "no-common-signature-algorithm"
	ClientCertKeyType  ClientFailure = "certificate-key-type"
	ClientCertSHA1     ClientFailure = "certificate-sha1"
	ClientCertNoSAN    ClientFailure = "certificate-no-san"
	ClientCertKeySize  ClientFailure = "certificate-key-size"
	ClientDHTooSmall   ClientFailure = "dh-too-small"
	ClientDHTooLarge   ClientFailure = "dh-too-large"
	ClientCertValidity ClientFailure = "certificate-validity"
)

// LargeHelloResult records a server that does not take big ClientHellos.
type LargeHelloResult struct {
	// Limit is the largest offer that worked, in suites and in bytes.
	MaxSuites, MaxBytes int
	Behaviour           string // "reset", "alert", "silence"
}

// Untested names a part of the scan that did not run.
type Untested struct {
	What   string // "TLS 1.0 suites", "groups", "vuln.robot"
	Reason string
}

// ScanStats counts the work a scan did.
type ScanStats struct {
	Connections int
	DurationMS  float64
	// ByPhase splits Connections by what they served: "handshake" (the
	// full handshake), "enumeration" (versions, suites, order, groups),
	// "features" (resumption, HSTS, TLS 1.3 chains and tickets),
	// "vulnerabilities".
	ByPhase map[string]int
}

// Accepts reports whether the server accepts version v.
func (s *Scan) Accepts(v TLSVersion) bool {
	for _, r := range s.Versions {
		if r.Version == v {
			return r.Offered
		}
	}
	return false
}

// SuitesFor returns the accepted suites of version v, in the order Ciphers
// keeps them.
func (s *Scan) SuitesFor(v TLSVersion) []AcceptedSuite {
	var out []AcceptedSuite
	for _, c := range s.Ciphers {
		if c.Version == v {
			out = append(out, c)
		}
	}
	return out
}

// Vuln returns the result of test id, or nil when the scan has none.
func (s *Scan) Vuln(id VulnID) *VulnResult {
	for i := range s.Vulns {
		if s.Vulns[i].ID == id {
			return &s.Vulns[i]
		}
	}
	return nil
}
