package clients

import (
	"fmt"

	"github.com/tlscheck/tlscheck/internal/suites"
)

// The simulation's view of a suite: how it agrees keys and which
// certificate it needs, read from internal/suites (the one suite table).
// Code points of groups and signature schemes are IANA's (RFC 8446 4.2.7,
// 4.2.3, RFC 7919, RFC 5246 7.4.1.4.1).

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

// suiteInfo classifies id; ok is false for a suite the simulation does not
// model (PSK, SRP, static DH/ECDH, anonymous, GOST: no client in the table
// offers one), which it then never chooses.
func suiteInfo(id uint16) (suiteClass, bool) {
	st, ok := suites.ByID(id)
	if !ok || st.Signalling {
		return suiteClass{}, false
	}
	c := suiteClass{name: st.Name}
	if st.TLS13 {
		c.kx, c.auth = kxTLS13, authAny
		return c, true
	}
	switch st.Kx {
	case "RSA":
		c.kx = kxRSA
	case "DHE":
		c.kx = kxDHE
	case "ECDHE":
		c.kx = kxECDHE
	default:
		return suiteClass{}, false
	}
	switch st.Auth {
	case "RSA":
		c.auth = authRSA
	case "ECDSA":
		c.auth = authECDSA
	case "DSS":
		c.auth = authDSS
	default:
		return suiteClass{}, false
	}
	return c, true
}

func suiteName(id uint16) string {
	if st, ok := suites.ByID(id); ok {
		return st.Name
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

func groupName(id uint16) string {
	if g, ok := suites.GroupByID(id); ok {
		return g.Name
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
