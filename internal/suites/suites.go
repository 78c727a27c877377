package suites

import (
	"crypto/tls"
	"fmt"
	"sort"
	"strings"
	"sync"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// Suite is one cipher suite code point and what its name says about it.
type Suite struct {
	ID      uint16
	Name    string // IANA name (RFC 8447 registry spelling: TLS_DH_anon_...)
	OpenSSL string // OpenSSL's name; "" when no OpenSSL release implements it

	// Kx is the key exchange: RSA, DH (static), DHE, ECDH (static), ECDHE,
	// PSK, DHE_PSK, ECDHE_PSK, RSA_PSK, SRP, KRB5, FORTEZZA, GOST, ECCPWD,
	// NULL; "" for TLS 1.3 suites, which do not fix it.
	Kx string
	// Auth is how the server authenticates: RSA, DSS, ECDSA, anon, PSK,
	// SRP, KRB5, FORTEZZA, GOST, ECCPWD, NULL; "" for TLS 1.3 suites.
	Auth string
	// Enc is the bulk cipher: NULL, RC4, RC2, IDEA, DES, 3DES, AES,
	// Camellia, ARIA, SEED, ChaCha20, Skipjack, GOST28147, Kuznyechik,
	// Magma, SM4. Mode is CBC, GCM, CCM, CCM8, Poly1305, CTR, CNT, MGM,
	// stream (RC4) or "" (NULL).
	Enc, Mode string
	// MAC is the record MAC: MD5, SHA (SHA-1), SHA256, SHA384, SHA512,
	// IMIT, GOSTR3411, OMAC; AEAD for AEAD suites (whose hash is the PRF's).
	MAC string
	// Bits is the symmetric key's effective size (40 for EXPORT, 168 for
	// 3DES, 0 for NULL). BlockBits is the cipher's block size: 64 for DES,
	// 3DES, IDEA, RC2, Skipjack, GOST 28147 and Magma (SWEET32), 128 for
	// AES and its peers, 0 for stream ciphers and ChaCha20.
	Bits, BlockBits int

	AEAD, CBC, Export, Anonymous, Null, RC4, DES, TripleDES, MD5MAC bool
	// ForwardSecrecy: the key exchange is ephemeral (DHE, ECDHE, their PSK
	// and anonymous forms, every TLS 1.3 suite).
	ForwardSecrecy bool
	TLS13          bool
	// MinVersion and MaxVersion bound the versions whose ClientHello may
	// carry the suite.
	MinVersion, MaxVersion facts.TLSVersion
	// KeyType is the certificate key the suite needs: RSA, ECDSA (any EC
	// key, also for ECDH_RSA), DSA, DH (static DH_RSA/DH_DSS), GOST; "" for
	// anonymous, PSK, SRP, KRB5 and TLS 1.3 suites.
	KeyType        string
	PSK, SRP, GOST bool
	Signalling     bool // 0x00FF and 0x5600: not a suite, never negotiated
	IANA           bool // false for the non-IANA legacy suites
	Source         string
	goName         string
}

var (
	table    []Suite
	byID     = map[uint16]int{}
	byOSSL   = map[string]int{}
	goNames  = map[uint16]string{}
	initErrs []string // parse failures, reported by a test
)

// load builds the table on first use rather than at start-up: walking
// every code point costs milliseconds that a probe or `files` run should
// not pay when it never looks a suite up.
func load() { once.Do(build) }

var once sync.Once

func build() {
	for _, cs := range tls.CipherSuites() {
		goNames[cs.ID] = cs.Name
	}
	for _, cs := range tls.InsecureCipherSuites() {
		goNames[cs.ID] = cs.Name
	}
	rows := map[uint16]Suite{}
	for id := 0; id <= 0xFFFF; id++ {
		name := ztls.CipherSuiteID(uint16(id)).String()
		if _, skip := skipped[uint16(id)]; skip || name == "unknown" || name == "" {
			continue
		}
		rows[uint16(id)] = Suite{ID: uint16(id), Name: ianaSpelling(name), IANA: true, Source: "IANA registry via zcrypto"}
	}
	for _, e := range extra {
		s, ok := rows[e.ID]
		if !ok || e.override {
			s = Suite{ID: e.ID, Name: e.Name}
		}
		s.IANA = e.IANA
		s.Source = e.Source
		rows[e.ID] = s
	}
	for _, s := range rows {
		if err := derive(&s); err != nil {
			initErrs = append(initErrs, err.Error())
			continue
		}
		s.OpenSSL = opensslName(s)
		s.goName = goNames[s.ID]
		table = append(table, s)
	}
	sort.Slice(table, func(i, j int) bool { return table[i].ID < table[j].ID })
	for i, s := range table {
		byID[s.ID] = i
		if s.OpenSSL != "" {
			if j, dup := byOSSL[s.OpenSSL]; dup {
				initErrs = append(initErrs, fmt.Sprintf("OpenSSL name %s on both %#04x and %#04x", s.OpenSSL, table[j].ID, s.ID))
			}
			byOSSL[s.OpenSSL] = i
		}
	}
}

// ianaSpelling undoes zcrypto's upper-casing of "anon" and its older names
// for the two signalling values.
func ianaSpelling(n string) string {
	switch n {
	case "TLS_RENEGO_PROTECTION_REQUEST":
		return "TLS_EMPTY_RENEGOTIATION_INFO_SCSV"
	}
	return strings.ReplaceAll(n, "_ANON_", "_anon_")
}

// ByID returns the suite with code point id.
func ByID(id uint16) (Suite, bool) {
	load()
	i, ok := byID[id]
	if !ok {
		return Suite{}, false
	}
	return table[i], true
}

// ByOpenSSLName returns the suite OpenSSL calls name.
func ByOpenSSLName(name string) (Suite, bool) {
	load()
	i, ok := byOSSL[name]
	if !ok {
		return Suite{}, false
	}
	return table[i], true
}

// All returns every suite, signalling values included, sorted by ID.
func All() []Suite {
	load()
	return append([]Suite(nil), table...)
}

// Offerable returns every suite a ClientHello of version v may carry,
// strongest first: AEAD with forward secrecy first, the weak suites last
// (NULL last of all). Signalling values are left out; the scan adds them
// where a test needs them. SSL 2.0 has no 16-bit suites: see SSL2Kinds.
func Offerable(v facts.TLSVersion) []uint16 {
	load()
	var out []Suite
	for _, s := range table {
		if s.Signalling || v < s.MinVersion || v > s.MaxVersion || v == facts.VersionSSL20 {
			continue
		}
		out = append(out, s)
	}
	sort.SliceStable(out, func(i, j int) bool { return stronger(out[i], out[j]) })
	ids := make([]uint16, len(out))
	for i, s := range out {
		ids[i] = s.ID
	}
	return ids
}

// weakRank orders the weaknesses: 0 none, then 3DES, MD5, RC4, DES,
// EXPORT, anonymous, NULL.
func (s Suite) weakRank() int {
	switch {
	case s.Null:
		return 7
	case s.Anonymous:
		return 6
	case s.Export:
		return 5
	case s.DES:
		return 4
	case s.RC4:
		return 3
	case s.MD5MAC:
		return 2
	case s.TripleDES:
		return 1
	}
	return 0
}

func stronger(a, b Suite) bool {
	if a.weakRank() != b.weakRank() {
		return a.weakRank() < b.weakRank()
	}
	if a.AEAD != b.AEAD {
		return a.AEAD
	}
	if a.ForwardSecrecy != b.ForwardSecrecy {
		return a.ForwardSecrecy
	}
	if a.kxRank() != b.kxRank() {
		return a.kxRank() > b.kxRank()
	}
	if a.certified() != b.certified() {
		return a.certified()
	}
	if a.Bits != b.Bits {
		return a.Bits > b.Bits
	}
	if a.macRank() != b.macRank() {
		return a.macRank() > b.macRank()
	}
	return a.ID < b.ID
}

// certified: authenticated with a certificate key the web uses (ECDSA,
// RSA), which puts PSK, SRP, KRB5, GOST and the rest behind them.
func (s Suite) certified() bool {
	return s.Auth == "ECDSA" || s.Auth == "RSA" && !s.PSK && !s.SRP || s.TLS13
}

// kxRank prefers ECDHE to DHE (cheaper, and no weak DH groups) and ECDSA
// to RSA among certificate-authenticated suites.
func (s Suite) kxRank() int {
	switch {
	case s.Kx == "ECDHE" && s.Auth == "ECDSA":
		return 3
	case s.Kx == "ECDHE" && s.Auth == "RSA":
		return 2
	case s.Kx == "DHE" && (s.Auth == "RSA" || s.Auth == "DSS"):
		return 1
	}
	return 0
}

func (s Suite) macRank() int {
	switch s.MAC {
	case "AEAD":
		return 4
	case "SHA384", "SHA512":
		return 3
	case "SHA256":
		return 2
	case "SHA":
		return 1
	}
	return 0
}

// Weak reports whether the suite is weak in the sense of the cipher.weak
// check: a NULL, anonymous, EXPORT, DES, RC4, 3DES or MD5-MAC suite. reason
// names every weakness, comma-separated ("EXPORT, RC4, MD5-MAC").
func (s Suite) Weak() (bool, string) {
	if s.Signalling {
		return false, ""
	}
	var r []string
	for _, c := range []struct {
		on   bool
		name string
	}{
		{s.Null, "NULL"}, {s.Anonymous, "anonymous"}, {s.Export, "EXPORT"},
		{s.DES, "DES"}, {s.RC4, "RC4"}, {s.TripleDES, "3DES"}, {s.MD5MAC, "MD5-MAC"},
	} {
		if c.on {
			r = append(r, c.name)
		}
	}
	return len(r) > 0, strings.Join(r, ", ")
}

// GoName is the name Go's crypto/tls uses for the suite (what NATS
// cipher_suites takes), "" when crypto/tls does not implement it.
func (s Suite) GoName() string { return s.goName }

func (s Suite) String() string { return s.Name }
