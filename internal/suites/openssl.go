package suites

import (
	"strconv"
	"strings"
)

// opensslNames are the OpenSSL names the derivation rule below does not
// produce: EXPORT suites, the non-IANA suites OpenSSL implemented, and
// ECDHE_RSA with ARIA, where OpenSSL drops "RSA". Names are those printed by
// the newest OpenSSL release that implements the suite (EXPORT, single DES
// and KRB5 suites: OpenSSL 1.0.2; GOST: the GOST engine).
var opensslNames = map[uint16]string{
	0x0003: "EXP-RC4-MD5",
	0x0006: "EXP-RC2-CBC-MD5",
	0x0008: "EXP-DES-CBC-SHA",
	0x000B: "EXP-DH-DSS-DES-CBC-SHA",
	0x000E: "EXP-DH-RSA-DES-CBC-SHA",
	0x0011: "EXP-EDH-DSS-DES-CBC-SHA",
	0x0014: "EXP-EDH-RSA-DES-CBC-SHA",
	0x0017: "EXP-ADH-RC4-MD5",
	0x0019: "EXP-ADH-DES-CBC-SHA",
	0x0026: "EXP-KRB5-DES-CBC-SHA",
	0x0027: "EXP-KRB5-RC2-CBC-SHA",
	0x0028: "EXP-KRB5-RC4-SHA",
	0x0029: "EXP-KRB5-DES-CBC-MD5",
	0x002A: "EXP-KRB5-RC2-CBC-MD5",
	0x002B: "EXP-KRB5-RC4-MD5",
	0x0060: "EXP1024-RC4-MD5",
	0x0061: "EXP1024-RC2-CBC-MD5",
	0x0062: "EXP1024-DES-CBC-SHA",
	0x0063: "EXP1024-DHE-DSS-DES-CBC-SHA",
	0x0064: "EXP1024-RC4-SHA",
	0x0065: "EXP1024-DHE-DSS-RC4-SHA",
	0x0066: "DHE-DSS-RC4-SHA",
	0x0080: "GOST94-GOST89-GOST89",
	0x0081: "GOST2001-GOST89-GOST89",
	0x0082: "GOST94-NULL-GOST94",
	0x0083: "GOST2001-NULL-GOST94",
	0xC060: "ECDHE-ARIA128-GCM-SHA256",
	0xC061: "ECDHE-ARIA256-GCM-SHA384",
	0xFF85: "GOST2012-GOST8912-GOST8912",
}

// opensslPrefix is the key exchange and authentication part of an OpenSSL
// name, by Kx and Auth.
var opensslPrefix = map[[2]string]string{
	{"RSA", "RSA"}:       "",
	{"DHE", "RSA"}:       "DHE-RSA-",
	{"DHE", "DSS"}:       "DHE-DSS-",
	{"DH", "RSA"}:        "DH-RSA-",
	{"DH", "DSS"}:        "DH-DSS-",
	{"DHE", "anon"}:      "ADH-",
	{"ECDHE", "ECDSA"}:   "ECDHE-ECDSA-",
	{"ECDHE", "RSA"}:     "ECDHE-RSA-",
	{"ECDH", "ECDSA"}:    "ECDH-ECDSA-",
	{"ECDH", "RSA"}:      "ECDH-RSA-",
	{"ECDHE", "anon"}:    "AECDH-",
	{"PSK", "PSK"}:       "PSK-",
	{"DHE_PSK", "PSK"}:   "DHE-PSK-",
	{"RSA_PSK", "RSA"}:   "RSA-PSK-",
	{"ECDHE_PSK", "PSK"}: "ECDHE-PSK-",
	{"SRP", "SRP"}:       "SRP-",
	{"SRP", "RSA"}:       "SRP-RSA-",
	{"SRP", "DSS"}:       "SRP-DSS-",
	{"KRB5", "KRB5"}:     "KRB5-",
}

// opensslName derives OpenSSL's name for s, or "" when no OpenSSL release
// implements it. The rule, read off OpenSSL's own list:
//
//	[prefix]<cipher>[-<mode>][-<MAC>]
//
// prefix by key exchange (RSA none, DHE-RSA-, ADH-, AECDH-, PSK-, ...;
// EDH- instead of DHE- for DES and 3DES); cipher AES128, CAMELLIA256,
// ARIA128, SEED, IDEA-CBC, RC4, DES-CBC, DES-CBC3 (3DES-EDE-CBC and AES-128-CBC
// style for PSK and SRP), CHACHA20-POLY1305, NULL; mode GCM, CCM, CCM8 (CBC
// unnamed, except "-CBC" after AES for PSK); the MAC last (SHA for SHA-1;
// for GCM the PRF hash; none for CCM and ChaCha20). TLS 1.3 suites keep
// their IANA names.
func opensslName(s Suite) string {
	if n, ok := opensslNames[s.ID]; ok {
		return n
	}
	if !s.IANA || s.Signalling || s.Export || s.ID == 0x0000 {
		return ""
	}
	if s.TLS13 {
		if s.ID >= 0x1301 && s.ID <= 0x1305 {
			return s.Name
		}
		return ""
	}
	prefix, ok := opensslPrefix[[2]string{s.Kx, s.Auth}]
	if !ok {
		return ""
	}
	fixed := s.Kx == "DH" || s.Kx == "ECDH"
	sha2 := s.MAC == "SHA256" || s.MAC == "SHA384"
	// What OpenSSL never implemented.
	switch {
	case s.Enc == "ARIA" && (s.Mode != "GCM" || fixed || s.Auth == "anon"),
		s.Enc == "Camellia" && (s.Mode != "CBC" || fixed && sha2),
		s.Kx == "ECDHE_PSK" && s.AEAD && s.Enc != "ChaCha20",
		s.Kx == "ECDH" && s.Enc == "DES":
		return ""
	}
	psk := s.PSK || s.SRP
	var c string
	switch s.Enc {
	case "AES", "Camellia", "ARIA":
		bits := strconv.Itoa(s.Bits)
		switch {
		case s.SRP && s.Mode == "CBC":
			c = "AES-" + bits + "-CBC"
		case s.PSK && s.Mode == "CBC" && s.Enc == "AES":
			c = "AES" + bits + "-CBC"
		default:
			c = strings.ToUpper(s.Enc) + bits
			if s.Mode != "CBC" {
				c += "-" + s.Mode
			}
		}
	case "ChaCha20":
		c = "CHACHA20-POLY1305"
	case "3DES":
		c = "DES-CBC3"
		if psk {
			c = "3DES-EDE-CBC"
		}
	case "DES":
		c = "DES-CBC"
	case "RC4":
		c = "RC4"
	case "IDEA":
		c = "IDEA-CBC"
	case "SEED":
		c = "SEED"
	case "NULL":
		c = "NULL"
	default:
		return ""
	}
	if (s.Enc == "DES" || s.Enc == "3DES") && strings.HasPrefix(prefix, "DHE-") && !psk {
		prefix = "EDH-" + prefix[4:]
	}
	switch {
	case s.Mode == "CCM" || s.Mode == "CCM8" || s.Mode == "Poly1305":
		return prefix + c
	case s.AEAD:
		return prefix + c + "-" + s.Name[strings.LastIndexByte(s.Name, '_')+1:]
	}
	return prefix + c + "-" + s.MAC
}
