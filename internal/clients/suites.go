package clients

import "fmt"

// This file is the package's one private classification of the cipher
// suites, groups and signature algorithms its table uses. It exists so that
// the simulation does not wait for internal/suites (the full IANA table,
// written at the same time); when that lands, suiteInfo's callers switch to
// it and this file shrinks to nothing. Code points are IANA's (RFC 5246,
// 4492/8422, 5288, 5289, 6655, 7905, 8446 and the TLS registries).

// kx is how a suite agrees its keys.
type kx uint8

const (
	kxRSA   kx = iota + 1 // RSA key transport: no server signature
	kxDHE                 // finite-field ephemeral Diffie-Hellman
	kxECDHE               // elliptic-curve ephemeral Diffie-Hellman
	kxTLS13               // TLS 1.3: key exchange and auth are not in the suite
)

// auth is the certificate key type a TLS 1.0–1.2 suite needs.
type auth uint8

const (
	authAny   auth = iota // TLS 1.3: decided by signature_algorithms
	authRSA               // an RSA certificate
	authECDSA             // an ECDSA (or, by RFC 8422, Ed25519) certificate
	authDSS               // a DSA certificate
)

type suiteClass struct {
	name string // IANA name
	kx   kx
	auth auth
}

var suiteTable = map[uint16]suiteClass{
	// TLS 1.3 (RFC 8446 B.4)
	0x1301: {"TLS_AES_128_GCM_SHA256", kxTLS13, authAny},
	0x1302: {"TLS_AES_256_GCM_SHA384", kxTLS13, authAny},
	0x1303: {"TLS_CHACHA20_POLY1305_SHA256", kxTLS13, authAny},
	0x1304: {"TLS_AES_128_CCM_SHA256", kxTLS13, authAny},

	// ECDHE_ECDSA
	0xC007: {"TLS_ECDHE_ECDSA_WITH_RC4_128_SHA", kxECDHE, authECDSA},
	0xC008: {"TLS_ECDHE_ECDSA_WITH_3DES_EDE_CBC_SHA", kxECDHE, authECDSA},
	0xC009: {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA", kxECDHE, authECDSA},
	0xC00A: {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA", kxECDHE, authECDSA},
	0xC023: {"TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256", kxECDHE, authECDSA},
	0xC024: {"TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384", kxECDHE, authECDSA},
	0xC02B: {"TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", kxECDHE, authECDSA},
	0xC02C: {"TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", kxECDHE, authECDSA},
	0xC0AC: {"TLS_ECDHE_ECDSA_WITH_AES_128_CCM", kxECDHE, authECDSA},
	0xC0AD: {"TLS_ECDHE_ECDSA_WITH_AES_256_CCM", kxECDHE, authECDSA},
	0xCCA9: {"TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", kxECDHE, authECDSA},

	// ECDHE_RSA
	0xC011: {"TLS_ECDHE_RSA_WITH_RC4_128_SHA", kxECDHE, authRSA},
	0xC012: {"TLS_ECDHE_RSA_WITH_3DES_EDE_CBC_SHA", kxECDHE, authRSA},
	0xC013: {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA", kxECDHE, authRSA},
	0xC014: {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA", kxECDHE, authRSA},
	0xC027: {"TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", kxECDHE, authRSA},
	0xC028: {"TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384", kxECDHE, authRSA},
	0xC02F: {"TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", kxECDHE, authRSA},
	0xC030: {"TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384", kxECDHE, authRSA},
	0xCCA8: {"TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kxECDHE, authRSA},

	// DHE_RSA
	0x0016: {"TLS_DHE_RSA_WITH_3DES_EDE_CBC_SHA", kxDHE, authRSA},
	0x0033: {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA", kxDHE, authRSA},
	0x0039: {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA", kxDHE, authRSA},
	0x0067: {"TLS_DHE_RSA_WITH_AES_128_CBC_SHA256", kxDHE, authRSA},
	0x006B: {"TLS_DHE_RSA_WITH_AES_256_CBC_SHA256", kxDHE, authRSA},
	0x009E: {"TLS_DHE_RSA_WITH_AES_128_GCM_SHA256", kxDHE, authRSA},
	0x009F: {"TLS_DHE_RSA_WITH_AES_256_GCM_SHA384", kxDHE, authRSA},
	0xC09E: {"TLS_DHE_RSA_WITH_AES_128_CCM", kxDHE, authRSA},
	0xC09F: {"TLS_DHE_RSA_WITH_AES_256_CCM", kxDHE, authRSA},
	0xCCAA: {"TLS_DHE_RSA_WITH_CHACHA20_POLY1305_SHA256", kxDHE, authRSA},
	0x0015: {"TLS_DHE_RSA_WITH_DES_CBC_SHA", kxDHE, authRSA},
	0x0014: {"TLS_DHE_RSA_EXPORT_WITH_DES40_CBC_SHA", kxDHE, authRSA},

	// DHE_DSS
	0x0011: {"TLS_DHE_DSS_EXPORT_WITH_DES40_CBC_SHA", kxDHE, authDSS},
	0x0012: {"TLS_DHE_DSS_WITH_DES_CBC_SHA", kxDHE, authDSS},
	0x0013: {"TLS_DHE_DSS_WITH_3DES_EDE_CBC_SHA", kxDHE, authDSS},
	0x0032: {"TLS_DHE_DSS_WITH_AES_128_CBC_SHA", kxDHE, authDSS},
	0x0038: {"TLS_DHE_DSS_WITH_AES_256_CBC_SHA", kxDHE, authDSS},
	0x0040: {"TLS_DHE_DSS_WITH_AES_128_CBC_SHA256", kxDHE, authDSS},
	0x006A: {"TLS_DHE_DSS_WITH_AES_256_CBC_SHA256", kxDHE, authDSS},
	0x00A2: {"TLS_DHE_DSS_WITH_AES_128_GCM_SHA256", kxDHE, authDSS},
	0x00A3: {"TLS_DHE_DSS_WITH_AES_256_GCM_SHA384", kxDHE, authDSS},
	0x0063: {"TLS_DHE_DSS_EXPORT1024_WITH_DES_CBC_SHA", kxDHE, authDSS},

	// RSA key transport
	0x0003: {"TLS_RSA_EXPORT_WITH_RC4_40_MD5", kxRSA, authRSA},
	0x0004: {"TLS_RSA_WITH_RC4_128_MD5", kxRSA, authRSA},
	0x0005: {"TLS_RSA_WITH_RC4_128_SHA", kxRSA, authRSA},
	0x0006: {"TLS_RSA_EXPORT_WITH_RC2_CBC_40_MD5", kxRSA, authRSA},
	0x0008: {"TLS_RSA_EXPORT_WITH_DES40_CBC_SHA", kxRSA, authRSA},
	0x0009: {"TLS_RSA_WITH_DES_CBC_SHA", kxRSA, authRSA},
	0x000A: {"TLS_RSA_WITH_3DES_EDE_CBC_SHA", kxRSA, authRSA},
	0x002F: {"TLS_RSA_WITH_AES_128_CBC_SHA", kxRSA, authRSA},
	0x0035: {"TLS_RSA_WITH_AES_256_CBC_SHA", kxRSA, authRSA},
	0x003C: {"TLS_RSA_WITH_AES_128_CBC_SHA256", kxRSA, authRSA},
	0x003D: {"TLS_RSA_WITH_AES_256_CBC_SHA256", kxRSA, authRSA},
	0x009C: {"TLS_RSA_WITH_AES_128_GCM_SHA256", kxRSA, authRSA},
	0x009D: {"TLS_RSA_WITH_AES_256_GCM_SHA384", kxRSA, authRSA},
	0xC09C: {"TLS_RSA_WITH_AES_128_CCM", kxRSA, authRSA},
	0xC09D: {"TLS_RSA_WITH_AES_256_CCM", kxRSA, authRSA},
	0x0062: {"TLS_RSA_EXPORT1024_WITH_DES_CBC_SHA", kxRSA, authRSA},
	0x0064: {"TLS_RSA_EXPORT1024_WITH_RC4_56_SHA", kxRSA, authRSA},
}

// suiteInfo returns the classification of id; ok is false for a suite the
// table does not know (the simulation then never chooses it).
func suiteInfo(id uint16) (suiteClass, bool) {
	c, ok := suiteTable[id]
	return c, ok
}

func suiteName(id uint16) string {
	if c, ok := suiteTable[id]; ok {
		return c.name
	}
	return fmt.Sprintf("0x%04X", id)
}

// Named groups (RFC 8446 4.2.7, RFC 7919, draft-ietf-tls-ecdhe-mlkem).
const (
	groupSecp224r1      uint16 = 0x0015
	groupSecp256k1      uint16 = 0x0016
	groupP256           uint16 = 0x0017
	groupP384           uint16 = 0x0018
	groupP521           uint16 = 0x0019
	groupBP256          uint16 = 0x001A
	groupBP384          uint16 = 0x001B
	groupBP512          uint16 = 0x001C
	groupX25519         uint16 = 0x001D
	groupX448           uint16 = 0x001E
	groupFFDHE2048      uint16 = 0x0100
	groupFFDHE3072      uint16 = 0x0101
	groupFFDHE4096      uint16 = 0x0102
	groupFFDHE6144      uint16 = 0x0103
	groupFFDHE8192      uint16 = 0x0104
	groupX25519MLKEM768 uint16 = 0x11EC
	groupSecp192r1      uint16 = 0x0013
)

var groupNames = map[uint16]string{
	groupSecp192r1: "secp192r1", groupSecp224r1: "secp224r1", groupSecp256k1: "secp256k1",
	groupP256: "secp256r1", groupP384: "secp384r1", groupP521: "secp521r1",
	groupBP256: "brainpoolP256r1", groupBP384: "brainpoolP384r1", groupBP512: "brainpoolP512r1",
	groupX25519: "x25519", groupX448: "x448",
	groupFFDHE2048: "ffdhe2048", groupFFDHE3072: "ffdhe3072", groupFFDHE4096: "ffdhe4096",
	groupFFDHE6144: "ffdhe6144", groupFFDHE8192: "ffdhe8192",
	groupX25519MLKEM768: "X25519MLKEM768",
}

func groupName(id uint16) string {
	if n, ok := groupNames[id]; ok {
		return n
	}
	return fmt.Sprintf("0x%04X", id)
}

// isFFDHE: RFC 7919 groups serve TLS 1.3 (and DHE), never ECDHE.
func isFFDHE(g uint16) bool { return g >= 0x0100 && g <= 0x01FF }

// Signature schemes (RFC 8446 4.2.3; the 0x02xx/0x03xx values are the TLS
// 1.2 hash/signature pairs of RFC 5246 7.4.1.4.1).
const (
	sigRSAPKCS1SHA1   uint16 = 0x0201
	sigDSASHA1        uint16 = 0x0202
	sigECDSASHA1      uint16 = 0x0203
	sigRSAPKCS1SHA224 uint16 = 0x0301
	sigDSASHA224      uint16 = 0x0302
	sigECDSASHA224    uint16 = 0x0303
	sigRSAPKCS1SHA256 uint16 = 0x0401
	sigDSASHA256      uint16 = 0x0402
	sigECDSAP256      uint16 = 0x0403
	sigRSAPKCS1SHA384 uint16 = 0x0501
	sigECDSAP384      uint16 = 0x0503
	sigRSAPKCS1SHA512 uint16 = 0x0601
	sigECDSAP521      uint16 = 0x0603
	sigRSAPSSRSAE256  uint16 = 0x0804
	sigRSAPSSRSAE384  uint16 = 0x0805
	sigRSAPSSRSAE512  uint16 = 0x0806
	sigEd25519        uint16 = 0x0807
	sigEd448          uint16 = 0x0808
	sigRSAPSSPSS256   uint16 = 0x0809
	sigRSAPSSPSS384   uint16 = 0x080A
	sigRSAPSSPSS512   uint16 = 0x080B
)

// sigFits reports whether a server holding a key of keyType (and, for
// ECDSA, curve) can sign with scheme at version v. TLS 1.3 binds ECDSA
// schemes to a curve and allows RSA only with PSS (RFC 8446 4.2.3); TLS 1.2
// pairs a hash with any key of the type (RFC 5246 7.4.1.4.1).
func sigFits(scheme uint16, keyType string, curve uint16, tls13 bool) bool {
	switch keyType {
	case "RSA":
		switch scheme {
		case sigRSAPSSRSAE256, sigRSAPSSRSAE384, sigRSAPSSRSAE512:
			return true
		case sigRSAPKCS1SHA1, sigRSAPKCS1SHA224, sigRSAPKCS1SHA256, sigRSAPKCS1SHA384, sigRSAPKCS1SHA512:
			return !tls13
		}
	case "ECDSA":
		if !tls13 {
			return scheme&0xFF == 0x03
		}
		switch scheme {
		case sigECDSAP256:
			return curve == groupP256 || curve == 0
		case sigECDSAP384:
			return curve == groupP384 || curve == 0
		case sigECDSAP521:
			return curve == groupP521 || curve == 0
		}
	case "Ed25519":
		return scheme == sigEd25519
	case "DSA":
		return !tls13 && scheme&0xFF == 0x02
	}
	return false
}
