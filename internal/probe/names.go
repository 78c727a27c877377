package probe

import (
	"fmt"

	ztls "github.com/zmap/zcrypto/tls"
)

// SuiteName is the IANA name of a cipher suite.
func SuiteName(id uint16) string {
	if n := ztls.CipherSuiteID(id).String(); n != "unknown" {
		return n
	}
	return ztls.CipherSuiteName(id)
}

// GroupName names a TLS supported group (RFC 8446 4.2.7, RFC 7919).
func GroupName(id uint16) string {
	switch id {
	case 23:
		return "P-256"
	case 24:
		return "P-384"
	case 25:
		return "P-521"
	case 29:
		return "X25519"
	case 30:
		return "X448"
	case 256:
		return "ffdhe2048"
	case 257:
		return "ffdhe3072"
	case 258:
		return "ffdhe4096"
	case 259:
		return "ffdhe6144"
	case 260:
		return "ffdhe8192"
	case 0x11EC:
		return "X25519MLKEM768"
	case 0x11EB:
		return "SecP256r1MLKEM768"
	case 0x11ED:
		return "SecP384r1MLKEM1024"
	}
	return fmt.Sprintf("0x%04x", id)
}
