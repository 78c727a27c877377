package probe

import (
	"fmt"

	ztls "github.com/zmap/zcrypto/tls"
)

// VersionName names a protocol version the way reports print it.
func VersionName(v uint16) string {
	switch v {
	case 0x0300:
		return "SSL 3.0"
	case 0x0301:
		return "TLS 1.0"
	case 0x0302:
		return "TLS 1.1"
	case 0x0303:
		return "TLS 1.2"
	case 0x0304:
		return "TLS 1.3"
	}
	return fmt.Sprintf("0x%04x", v)
}

// SuiteName is the IANA name of a cipher suite.
func SuiteName(id uint16) string {
	if n := ztls.CipherSuiteID(id).String(); n != "unknown" {
		return n
	}
	return ztls.CipherSuiteName(id)
}

// AlertName is the RFC 8446 6.2 / IANA name of an alert.
func AlertName(code int) string {
	if n, ok := alertNames[code]; ok {
		return n
	}
	return fmt.Sprintf("alert_%d", code)
}

var alertNames = map[int]string{
	0: "close_notify", 10: "unexpected_message", 20: "bad_record_mac", 21: "decryption_failed",
	22: "record_overflow", 30: "decompression_failure", 40: "handshake_failure", 41: "no_certificate",
	42: "bad_certificate", 43: "unsupported_certificate", 44: "certificate_revoked",
	45: "certificate_expired", 46: "certificate_unknown", 47: "illegal_parameter", 48: "unknown_ca",
	49: "access_denied", 50: "decode_error", 51: "decrypt_error", 60: "export_restriction",
	70: "protocol_version", 71: "insufficient_security", 80: "internal_error",
	86: "inappropriate_fallback", 90: "user_canceled", 100: "no_renegotiation",
	109: "missing_extension", 110: "unsupported_extension", 111: "certificate_unobtainable",
	112: "unrecognized_name", 113: "bad_certificate_status_response",
	114: "bad_certificate_hash_value", 115: "unknown_psk_identity", 116: "certificate_required",
	120: "no_application_protocol",
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
