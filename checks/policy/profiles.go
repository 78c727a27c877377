package policy

import (
	"fmt"
	"sort"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
)

// Profile is one named server configuration a scan can be judged against.
// The Mozilla profiles hold the facts of Mozilla's Server Side TLS
// guidelines, version 5.7 (2023-05-15; https://ssl-config.mozilla.org/guidelines/5.7.json,
// https://wiki.mozilla.org/Security/Server_Side_TLS), written here as data.
type Profile struct {
	Name    string // the --policy name, also the check ID's second half
	Title   string // for people: "Mozilla modern (5.7)"
	Version string // the guideline version the data follows
	// Versions are the protocol versions the server should accept, and
	// only those.
	Versions []facts.TLSVersion
	// Ciphers are the TLS 1.2-and-older suites by OpenSSL name, in
	// Mozilla's order; TLS13 the TLS 1.3 suites.
	Ciphers []string
	TLS13   []string
	// ServerPreferredOrder: whether the server should impose its own order
	// (old) or let the client choose (modern, intermediate).
	ServerPreferredOrder bool
	// Groups are the key exchange curves, by IANA group name.
	Groups []string
	// CertTypes are the certificate key types allowed ("ECDSA", "RSA");
	// CertCurves the curves of an ECDSA certificate key; RSAMinBits the
	// smallest RSA certificate key (0 when RSA is not allowed at all).
	CertTypes  []string
	CertCurves []string
	RSAMinBits int
	// CertSignatures are the signature algorithms the certificate may be
	// signed with, by crypto/x509's names.
	CertSignatures []string
	// DHMinBits is the smallest finite-field DH group for DHE suites (0:
	// DHE has no place in the profile).
	DHMinBits int
	// HSTSMinAge is the smallest Strict-Transport-Security max-age in
	// seconds, for https:// targets.
	HSTSMinAge int
	// MaxCertDays is the longest certificate lifetime in days.
	MaxCertDays int
	// OCSPStapling: the server should staple an OCSP response.
	OCSPStapling bool
}

// The TLS 1.3 suites are the same at every Mozilla level.
var mozillaTLS13 = []string{"TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"}

// X25519, P-256 and P-384 at every level (IANA names of prime256v1 and
// secp384r1).
var mozillaGroups = []string{"x25519", "secp256r1", "secp384r1"}

// intermediateCiphers: ECDHE with AES-GCM and ChaCha20 for both key types,
// then DHE-RSA; 5.7 appended DHE-RSA-CHACHA20-POLY1305 to 5.6's list.
var intermediateCiphers = []string{
	"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
	"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
	"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
	"DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305",
}

// oldCiphers: the intermediate list, then ECDHE and DHE with AES-CBC, then
// static RSA, and 3DES last (for Windows XP's IE 8).
var oldCiphers = []string{
	"ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
	"ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
	"ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
	"DHE-RSA-AES128-GCM-SHA256", "DHE-RSA-AES256-GCM-SHA384", "DHE-RSA-CHACHA20-POLY1305",
	"ECDHE-ECDSA-AES128-SHA256", "ECDHE-RSA-AES128-SHA256",
	"ECDHE-ECDSA-AES128-SHA", "ECDHE-RSA-AES128-SHA",
	"ECDHE-ECDSA-AES256-SHA384", "ECDHE-RSA-AES256-SHA384",
	"ECDHE-ECDSA-AES256-SHA", "ECDHE-RSA-AES256-SHA",
	"DHE-RSA-AES128-SHA256", "DHE-RSA-AES256-SHA256",
	"AES128-GCM-SHA256", "AES256-GCM-SHA384", "AES128-SHA256", "AES256-SHA256",
	"AES128-SHA", "AES256-SHA", "DES-CBC3-SHA",
}

// Two years, the HSTS max-age of every level since guideline 5.0.
const mozillaHSTS = 63072000

var (
	// MozillaModern: TLS 1.3 only, ECDSA certificates, 90-day certificates.
	MozillaModern = &Profile{
		Name: "mozilla-modern", Title: "Mozilla modern", Version: "5.7",
		Versions: []facts.TLSVersion{facts.VersionTLS13},
		TLS13:    mozillaTLS13, Groups: mozillaGroups,
		CertTypes: []string{"ECDSA"}, CertCurves: []string{"P-256", "P-384"},
		CertSignatures: []string{"ECDSA-SHA256", "ECDSA-SHA384", "ECDSA-SHA512"},
		HSTSMinAge:     mozillaHSTS, MaxCertDays: 90, OCSPStapling: true,
	}
	// MozillaIntermediate: TLS 1.2 and 1.3, AEAD suites with forward
	// secrecy, ECDSA or RSA-2048 certificates, DH groups of 2048 bits.
	MozillaIntermediate = &Profile{
		Name: "mozilla-intermediate", Title: "Mozilla intermediate", Version: "5.7",
		Versions: []facts.TLSVersion{facts.VersionTLS12, facts.VersionTLS13},
		Ciphers:  intermediateCiphers, TLS13: mozillaTLS13, Groups: mozillaGroups,
		CertTypes: []string{"ECDSA", "RSA"}, CertCurves: []string{"P-256", "P-384"}, RSAMinBits: 2048,
		CertSignatures: []string{"SHA256-RSA", "ECDSA-SHA256", "ECDSA-SHA384", "ECDSA-SHA512"},
		DHMinBits:      2048, HSTSMinAge: mozillaHSTS, MaxCertDays: 366, OCSPStapling: true,
	}
	// MozillaOld: TLS 1.0 to 1.3, CBC, static RSA and 3DES for the oldest
	// clients, the server's order, RSA-2048 certificates, DH of 1024 bits.
	MozillaOld = &Profile{
		Name: "mozilla-old", Title: "Mozilla old", Version: "5.7",
		Versions: []facts.TLSVersion{facts.VersionTLS10, facts.VersionTLS11, facts.VersionTLS12, facts.VersionTLS13},
		Ciphers:  oldCiphers, TLS13: mozillaTLS13, Groups: mozillaGroups, ServerPreferredOrder: true,
		CertTypes: []string{"RSA"}, CertCurves: []string{"P-256", "P-384"}, RSAMinBits: 2048,
		CertSignatures: []string{"SHA256-RSA"},
		DHMinBits:      1024, HSTSMinAge: mozillaHSTS, MaxCertDays: 366, OCSPStapling: true,
	}
)

var profiles = []*Profile{MozillaModern, MozillaIntermediate, MozillaOld}

// Names lists the valid --policy names, sorted.
func Names() []string {
	var out []string
	for _, p := range profiles {
		out = append(out, p.Name)
	}
	sort.Strings(out)
	return out
}

// Lookup returns the profile called name.
func Lookup(name string) (*Profile, bool) {
	for _, p := range profiles {
		if p.Name == name {
			return p, true
		}
	}
	return nil, false
}

// Valid returns an error naming the valid policies when name is not one
// of them; "" (no policy) is valid. The CLI calls it on --policy.
func Valid(name string) error {
	if name == "" {
		return nil
	}
	if _, ok := Lookup(name); ok {
		return nil
	}
	return fmt.Errorf("unknown policy %q (want one of %s)", name, strings.Join(Names(), ", "))
}

// ID is the check ID of policy name.
func ID(name string) string { return "policy." + name }

// suiteIDs resolves OpenSSL names to suites; a name that does not resolve
// is a bug in the data above, which TestProfilesResolve catches.
func suiteIDs(names []string) []suites.Suite {
	var out []suites.Suite
	for _, n := range names {
		if s, ok := suites.ByOpenSSLName(n); ok {
			out = append(out, s)
		} else if s, ok := byIANAName(n); ok {
			out = append(out, s)
		}
	}
	return out
}

func byIANAName(name string) (suites.Suite, bool) {
	for _, s := range suites.All() {
		if s.Name == name {
			return s, true
		}
	}
	return suites.Suite{}, false
}
