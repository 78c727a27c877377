package suites

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/tlscheck/tlscheck/internal/facts"
)

// kxForms maps the key-exchange part of a name (between TLS_ and _WITH_,
// without EXPORT) to key exchange, authentication and certificate key.
var kxForms = map[string][3]string{
	"NULL":            {"NULL", "NULL", ""},
	"RSA":             {"RSA", "RSA", "RSA"},
	"RSA_FIPS":        {"RSA", "RSA", "RSA"},
	"DH_DSS":          {"DH", "DSS", "DH"},
	"DH_RSA":          {"DH", "RSA", "DH"},
	"DHE_DSS":         {"DHE", "DSS", "DSA"},
	"DHE_RSA":         {"DHE", "RSA", "RSA"},
	"DH_anon":         {"DHE", "anon", ""},
	"ECDH_ECDSA":      {"ECDH", "ECDSA", "ECDSA"},
	"ECDH_RSA":        {"ECDH", "RSA", "ECDSA"},
	"ECDHE_ECDSA":     {"ECDHE", "ECDSA", "ECDSA"},
	"ECDHE_RSA":       {"ECDHE", "RSA", "RSA"},
	"ECDH_anon":       {"ECDHE", "anon", ""},
	"PSK":             {"PSK", "PSK", ""},
	"DHE_PSK":         {"DHE_PSK", "PSK", ""},
	"PSK_DHE":         {"DHE_PSK", "PSK", ""}, // RFC 6655's spelling for 0xC0AA/0xC0AB
	"RSA_PSK":         {"RSA_PSK", "RSA", "RSA"},
	"ECDHE_PSK":       {"ECDHE_PSK", "PSK", ""},
	"SRP_SHA":         {"SRP", "SRP", ""},
	"SRP_SHA_RSA":     {"SRP", "RSA", "RSA"},
	"SRP_SHA_DSS":     {"SRP", "DSS", "DSA"},
	"KRB5":            {"KRB5", "KRB5", ""},
	"FORTEZZA_KEA":    {"FORTEZZA", "FORTEZZA", ""},
	"ECCPWD":          {"ECCPWD", "ECCPWD", ""},
	"GOSTR341094":     {"GOST", "GOST", "GOST"},
	"GOSTR341001":     {"GOST", "GOST", "GOST"},
	"GOSTR341112_256": {"GOST", "GOST", "GOST"},
}

// macs are the record MAC names that end a suite name.
var macs = map[string]bool{"MD5": true, "SHA": true, "SHA256": true, "SHA384": true, "SHA512": true,
	"IMIT": true, "GOSTR3411": true, "OMAC": true, "SM3": true,
	"NULL": true} // TLS_NULL_WITH_NULL_NULL

// ciphers maps the cipher part (without key size for AES, Camellia and
// ARIA) to name, mode, key bits and block bits.
type cipherForm struct {
	enc, mode       string
	bits, blockBits int
}

var ciphers = map[string]cipherForm{
	"NULL":              {"NULL", "", 0, 0},
	"RC4_128":           {"RC4", "stream", 128, 0},
	"RC4_56":            {"RC4", "stream", 56, 0},
	"RC4_40":            {"RC4", "stream", 40, 0},
	"RC2_CBC_40":        {"RC2", "CBC", 40, 64},
	"RC2_CBC_56":        {"RC2", "CBC", 56, 64},
	"RC2_CBC":           {"RC2", "CBC", 128, 64},
	"RC2_128_CBC":       {"RC2", "CBC", 128, 64},
	"IDEA_CBC":          {"IDEA", "CBC", 128, 64},
	"DES40_CBC":         {"DES", "CBC", 40, 64},
	"DES_CBC_40":        {"DES", "CBC", 40, 64},
	"DES_CBC":           {"DES", "CBC", 56, 64},
	"3DES_EDE_CBC":      {"3DES", "CBC", 168, 64},
	"SEED_CBC":          {"SEED", "CBC", 128, 128},
	"CHACHA20_POLY1305": {"ChaCha20", "Poly1305", 256, 0},
	"FORTEZZA_CBC":      {"Skipjack", "CBC", 80, 64},
	"28147_CNT":         {"GOST28147", "CNT", 256, 64},
	"KUZNYECHIK_CTR":    {"Kuznyechik", "CTR", 256, 128},
	"MAGMA_CTR":         {"Magma", "CTR", 256, 64},
	"KUZNYECHIK_MGM_L":  {"Kuznyechik", "MGM", 256, 128},
	"KUZNYECHIK_MGM_S":  {"Kuznyechik", "MGM", 256, 128},
	"MAGMA_MGM_L":       {"Magma", "MGM", 256, 64},
	"MAGMA_MGM_S":       {"Magma", "MGM", 256, 64},
	"SM4_GCM":           {"SM4", "GCM", 128, 128},
	"SM4_CCM":           {"SM4", "CCM", 128, 128},
}

var sizedCiphers = map[string]string{"AES": "AES", "CAMELLIA": "Camellia", "ARIA": "ARIA"}

// parseCipher reads "AES_128_GCM", "3DES_EDE_CBC", "NULL", ...
func parseCipher(s string) (cipherForm, bool) {
	if c, ok := ciphers[s]; ok {
		return c, true
	}
	f := strings.SplitN(s, "_", 3)
	if len(f) != 3 || sizedCiphers[f[0]] == "" {
		return cipherForm{}, false
	}
	bits, err := strconv.Atoi(f[1])
	if err != nil {
		return cipherForm{}, false
	}
	mode := strings.ReplaceAll(f[2], "_", "") // CCM_8 → CCM8
	switch mode {
	case "CBC", "GCM", "CCM", "CCM8":
	default:
		return cipherForm{}, false
	}
	return cipherForm{sizedCiphers[f[0]], mode, bits, 128}, true
}

// derive fills s's attributes from s.Name.
func derive(s *Suite) error {
	name := s.Name
	bad := func(why string) error { return fmt.Errorf("%#04x %s: %s", s.ID, name, why) }
	switch s.ID {
	case 0x00FF, 0x5600:
		s.Signalling = true
		return nil
	}
	var rest string
	switch {
	case strings.HasPrefix(name, "TLS_"):
		rest = name[4:]
	case strings.HasPrefix(name, "SSL_"):
		rest = name[4:]
	default:
		return bad("no TLS_ or SSL_ prefix")
	}
	kxPart, encPart, with := strings.Cut(rest, "_WITH_")
	if !with {
		// TLS 1.3: TLS_AES_128_GCM_SHA256, TLS_SHA256_SHA256 (RFC 9150).
		s.TLS13 = true
		encPart = rest
	} else {
		for _, suf := range []string{"_EXPORT1024", "_EXPORT"} {
			if k, ok := strings.CutSuffix(kxPart, suf); ok {
				kxPart, s.Export = k, true
				break
			}
		}
		f, ok := kxForms[kxPart]
		if !ok {
			return bad("unknown key exchange " + kxPart)
		}
		s.Kx, s.Auth, s.KeyType = f[0], f[1], f[2]
	}
	// draft-agl-tls-chacha20poly1305 suites carry zcrypto's _OLD suffix.
	toks := strings.Split(strings.TrimSuffix(encPart, "_OLD"), "_")
	last := toks[len(toks)-1]
	hashed := false
	if macs[last] {
		s.MAC, toks, hashed = last, toks[:len(toks)-1], true
	}
	c, ok := parseCipher(strings.Join(toks, "_"))
	if !ok && s.TLS13 && hashed && len(toks) == 1 && macs[toks[0]] {
		c, ok = ciphers["NULL"], true // RFC 9150 integrity-only suites
	}
	if !ok {
		return bad("unknown cipher " + strings.Join(toks, "_"))
	}
	s.Enc, s.Mode, s.Bits, s.BlockBits = c.enc, c.mode, c.bits, c.blockBits
	switch s.Mode {
	case "GCM", "CCM", "CCM8", "Poly1305", "MGM":
		s.AEAD = true
		s.MAC = "AEAD"
	case "CBC":
		s.CBC = true
	}
	if s.MAC == "" {
		return bad("no MAC")
	}
	if s.Export && s.Bits > 56 {
		// RSA_EXPORT_WITH_RC2_CBC_40 is named; DES40 too; anything else
		// labelled EXPORT is 40-bit unless the name says 56.
		s.Bits = 40
	}
	s.Null = s.Enc == "NULL"
	s.RC4 = s.Enc == "RC4"
	s.DES = s.Enc == "DES"
	s.TripleDES = s.Enc == "3DES"
	s.MD5MAC = s.MAC == "MD5"
	s.Anonymous = s.Auth == "anon" || s.Auth == "NULL"
	s.PSK = strings.Contains(s.Kx, "PSK")
	s.SRP = s.Kx == "SRP"
	s.GOST = s.Kx == "GOST" || strings.HasPrefix(s.Enc, "GOST") || s.Enc == "Kuznyechik" || s.Enc == "Magma"
	s.ForwardSecrecy = s.TLS13 || strings.HasPrefix(s.Kx, "DHE") || strings.HasPrefix(s.Kx, "ECDHE")
	versions(s)
	return nil
}

// versions sets MinVersion and MaxVersion:
//   - TLS 1.3 suites (and RFC 9189's GOST suites for 1.3) only TLS 1.3;
//   - AEAD suites and SHA-256/SHA-384 MAC suites TLS 1.2 and up, except the
//     PSK ones (RFC 5487, RFC 5489 allow them with TLS 1.0's PRF);
//   - elliptic-curve suites (RFC 4492), ECDHE_PSK and GOST TLS 1.0 and up;
//   - EXPORT suites up to TLS 1.0 (RFC 4346 forbids them in TLS 1.1);
//     Fortezza and the SSL_RSA_*_MD5 forms of SSL 2.0 kinds SSL 3.0 only;
//   - everything else SSL 3.0 to TLS 1.2.
func versions(s *Suite) {
	s.MinVersion, s.MaxVersion = facts.VersionSSL30, facts.VersionTLS12
	switch {
	case s.TLS13:
		s.MinVersion, s.MaxVersion = facts.VersionTLS13, facts.VersionTLS13
		return
	case s.ID >= 0xC103 && s.ID <= 0xC106: // RFC 9367: TLS 1.3 GOST suites
		s.MinVersion, s.MaxVersion = facts.VersionTLS13, facts.VersionTLS13
		s.TLS13, s.Kx, s.Auth, s.KeyType, s.ForwardSecrecy = true, "", "", "", true
		return
	case s.AEAD:
		s.MinVersion = facts.VersionTLS12
	case s.MAC == "SHA256" || s.MAC == "SHA384" || s.MAC == "SHA512" || s.MAC == "OMAC":
		s.MinVersion = facts.VersionTLS12
		if s.PSK {
			s.MinVersion = facts.VersionTLS10
		}
	case strings.HasPrefix(s.Kx, "ECDH") || s.Kx == "ECDHE_PSK" || s.GOST:
		s.MinVersion = facts.VersionTLS10
	}
	switch {
	case s.Export:
		s.MaxVersion = facts.VersionTLS10
	case s.Kx == "FORTEZZA", s.ID >= 0xFF80 && s.ID <= 0xFF83, s.ID == 0xFF03:
		s.MaxVersion = facts.VersionSSL30
	case s.ID == 0xFEFE || s.ID == 0xFEFF || s.ID == 0xFFE0 || s.ID == 0xFFE1:
		s.MaxVersion = facts.VersionTLS10
	}
}
