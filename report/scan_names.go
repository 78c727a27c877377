package report

import (
	"fmt"
	"strconv"
	"strings"

	ztls "github.com/zmap/zcrypto/tls"
)

// This file is the report's one stand-in for internal/suites (the suite and
// group table being written beside it): names from zcrypto's registry, and
// key exchange, authentication, encryption and bits read off the IANA name.
// OpenSSL names are left empty rather than guessed. When internal/suites
// lands, suiteInfo and groupName become calls to suites.ByID and
// suites.GroupByID, and nothing else in the report changes.

// suiteDescription is what the report says about a cipher suite.
type suiteDescription struct {
	Name, OpenSSL, Kx, Auth, Enc string
	Bits                         int
}

// ssl2Kinds are the SSL 2.0 cipher kinds (3 bytes), which no TLS registry names.
var ssl2Kinds = map[uint32]suiteDescription{
	0x010080: {"SSL_CK_RC4_128_WITH_MD5", "RC4-MD5", "RSA", "RSA", "RC4_128", 128},
	0x020080: {"SSL_CK_RC4_128_EXPORT40_WITH_MD5", "EXP-RC4-MD5", "RSA_EXPORT", "RSA", "RC4_40", 40},
	0x030080: {"SSL_CK_RC2_128_CBC_WITH_MD5", "RC2-CBC-MD5", "RSA", "RSA", "RC2_CBC_128", 128},
	0x040080: {"SSL_CK_RC2_128_CBC_EXPORT40_WITH_MD5", "EXP-RC2-CBC-MD5", "RSA_EXPORT", "RSA", "RC2_CBC_40", 40},
	0x050080: {"SSL_CK_IDEA_128_CBC_WITH_MD5", "IDEA-CBC-MD5", "RSA", "RSA", "IDEA_CBC", 128},
	0x060040: {"SSL_CK_DES_64_CBC_WITH_MD5", "DES-CBC-MD5", "RSA", "RSA", "DES_CBC", 56},
	0x0700C0: {"SSL_CK_DES_192_EDE3_CBC_WITH_MD5", "DES-CBC3-MD5", "RSA", "RSA", "3DES_EDE_CBC", 112},
}

// ssl2Info describes an SSL 2.0 cipher kind.
func ssl2Info(kind uint32) suiteDescription {
	if d, ok := ssl2Kinds[kind]; ok {
		return d
	}
	return suiteDescription{Name: fmt.Sprintf("SSL_CK_0x%06X", kind)}
}

// suiteInfo describes a TLS cipher suite by its code point.
func suiteInfo(id uint16) suiteDescription {
	name := ztls.CipherSuiteID(id).String()
	d := suiteDescription{Name: name}
	rest, ok := strings.CutPrefix(name, "TLS_")
	if !ok {
		rest, ok = strings.CutPrefix(name, "SSL_")
	}
	if !ok {
		return d
	}
	kx, enc, found := strings.Cut(rest, "_WITH_")
	if !found { // TLS 1.3: TLS_AES_128_GCM_SHA256, the group and certificate are chosen apart
		d.Kx, d.Auth = "any", "any"
		d.Enc = trimMAC(rest)
	} else {
		d.Kx, d.Auth = splitKx(kx)
		d.Enc = trimMAC(enc)
	}
	d.Bits = encBits(d.Enc)
	return d
}

// splitKx reads "ECDHE_RSA", "DH_anon", "RSA_EXPORT", "ECDHE_PSK",
// "SRP_SHA_RSA" as a key exchange and an authentication.
func splitKx(kx string) (string, string) {
	kx = strings.TrimSuffix(strings.TrimSuffix(kx, "_EXPORT1024"), "_EXPORT")
	parts := strings.Split(kx, "_")
	switch {
	case len(parts) == 1 && (parts[0] == "RSA" || parts[0] == "PSK" || parts[0] == "NULL"):
		return parts[0], parts[0]
	case len(parts) == 1:
		return parts[0], ""
	case parts[0] == "SRP" && len(parts) == 2: // SRP_SHA
		return "SRP", "SRP"
	case parts[0] == "SRP":
		return "SRP", parts[len(parts)-1]
	case parts[1] == "anon":
		return parts[0], "anon"
	}
	return parts[0], strings.Join(parts[1:], "_")
}

// trimMAC drops the MAC (or TLS 1.3 hash) from "AES_128_CBC_SHA256"; CCM
// suites have none.
func trimMAC(enc string) string {
	if strings.HasSuffix(enc, "_CCM") || strings.HasSuffix(enc, "_CCM_8") {
		return enc
	}
	if i := strings.LastIndex(enc, "_"); i > 0 {
		switch enc[i+1:] {
		case "SHA", "SHA256", "SHA384", "MD5", "NULL", "GOSTR3411", "SM3":
			return enc[:i]
		}
	}
	return enc
}

// encBits is the key size of a bulk cipher named as IANA names it (3DES
// counted at its 112-bit strength).
func encBits(enc string) int {
	switch {
	case enc == "NULL" || enc == "":
		return 0
	case strings.HasPrefix(enc, "3DES"):
		return 112
	case strings.HasPrefix(enc, "DES40"), strings.HasSuffix(enc, "_40"):
		return 40
	case strings.HasPrefix(enc, "DES"):
		return 56
	case strings.HasPrefix(enc, "CHACHA20"):
		return 256
	case strings.HasPrefix(enc, "IDEA"), strings.HasPrefix(enc, "SEED"), strings.HasPrefix(enc, "SM4"):
		return 128
	}
	for _, part := range strings.Split(enc, "_") {
		if n, err := strconv.Atoi(part); err == nil && n >= 40 {
			return n
		}
	}
	return 0
}

// groupNames are the IANA names of the TLS supported groups (RFC 8446,
// RFC 7919, draft-ietf-tls-ecdhe-mlkem).
var groupNames = map[uint16]string{
	1: "sect163k1", 2: "sect163r1", 3: "sect163r2", 4: "sect193r1", 5: "sect193r2", 6: "sect233k1",
	7: "sect233r1", 8: "sect239k1", 9: "sect283k1", 10: "sect283r1", 11: "sect409k1", 12: "sect409r1",
	13: "sect571k1", 14: "sect571r1", 15: "secp160k1", 16: "secp160r1", 17: "secp160r2", 18: "secp192k1",
	19: "secp192r1", 20: "secp224k1", 21: "secp224r1", 22: "secp256k1", 23: "secp256r1", 24: "secp384r1",
	25: "secp521r1", 26: "brainpoolP256r1", 27: "brainpoolP384r1", 28: "brainpoolP512r1",
	29: "x25519", 30: "x448", 31: "brainpoolP256r1tls13", 32: "brainpoolP384r1tls13", 33: "brainpoolP512r1tls13",
	256: "ffdhe2048", 257: "ffdhe3072", 258: "ffdhe4096", 259: "ffdhe6144", 260: "ffdhe8192",
	0x11EB: "SecP256r1MLKEM768", 0x11EC: "X25519MLKEM768", 0x11ED: "SecP384r1MLKEM1024",
}

// groupName is the IANA name of a group, or its number in hex.
func groupName(id uint16) string {
	if n, ok := groupNames[id]; ok {
		return n
	}
	return hexID(id)
}

// hexID is a 2-byte code point as the JSON report writes it: "0xC02F".
func hexID(id uint16) string { return fmt.Sprintf("0x%04X", id) }
