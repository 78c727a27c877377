package facts

import "strconv"

// AlertCode is a TLS alert description (RFC 8446 6, RFC 5246 7.2, the IANA
// TLS Alerts registry). In JSON it stays a number.
type AlertCode uint8

// Alert descriptions.
const (
	AlertCloseNotify                  AlertCode = 0
	AlertUnexpectedMessage            AlertCode = 10
	AlertBadRecordMAC                 AlertCode = 20
	AlertDecryptionFailed             AlertCode = 21
	AlertRecordOverflow               AlertCode = 22
	AlertDecompressionFailure         AlertCode = 30
	AlertHandshakeFailure             AlertCode = 40
	AlertNoCertificate                AlertCode = 41
	AlertBadCertificate               AlertCode = 42
	AlertUnsupportedCertificate       AlertCode = 43
	AlertCertificateRevoked           AlertCode = 44
	AlertCertificateExpired           AlertCode = 45
	AlertCertificateUnknown           AlertCode = 46
	AlertIllegalParameter             AlertCode = 47
	AlertUnknownCA                    AlertCode = 48
	AlertAccessDenied                 AlertCode = 49
	AlertDecodeError                  AlertCode = 50
	AlertDecryptError                 AlertCode = 51
	AlertExportRestriction            AlertCode = 60
	AlertProtocolVersion              AlertCode = 70
	AlertInsufficientSecurity         AlertCode = 71
	AlertInternalError                AlertCode = 80
	AlertInappropriateFallback        AlertCode = 86
	AlertUserCanceled                 AlertCode = 90
	AlertNoRenegotiation              AlertCode = 100
	AlertMissingExtension             AlertCode = 109
	AlertUnsupportedExtension         AlertCode = 110
	AlertCertificateUnobtainable      AlertCode = 111
	AlertUnrecognizedName             AlertCode = 112
	AlertBadCertificateStatusResponse AlertCode = 113
	AlertBadCertificateHashValue      AlertCode = 114
	AlertUnknownPSKIdentity           AlertCode = 115
	AlertCertificateRequired          AlertCode = 116
	AlertNoApplicationProtocol        AlertCode = 120
)

var alertNames = map[AlertCode]string{
	AlertCloseNotify: "close_notify", AlertUnexpectedMessage: "unexpected_message",
	AlertBadRecordMAC: "bad_record_mac", AlertDecryptionFailed: "decryption_failed",
	AlertRecordOverflow: "record_overflow", AlertDecompressionFailure: "decompression_failure",
	AlertHandshakeFailure: "handshake_failure", AlertNoCertificate: "no_certificate",
	AlertBadCertificate: "bad_certificate", AlertUnsupportedCertificate: "unsupported_certificate",
	AlertCertificateRevoked: "certificate_revoked", AlertCertificateExpired: "certificate_expired",
	AlertCertificateUnknown: "certificate_unknown", AlertIllegalParameter: "illegal_parameter",
	AlertUnknownCA: "unknown_ca", AlertAccessDenied: "access_denied",
	AlertDecodeError: "decode_error", AlertDecryptError: "decrypt_error",
	AlertExportRestriction: "export_restriction", AlertProtocolVersion: "protocol_version",
	AlertInsufficientSecurity: "insufficient_security", AlertInternalError: "internal_error",
	AlertInappropriateFallback: "inappropriate_fallback", AlertUserCanceled: "user_canceled",
	AlertNoRenegotiation: "no_renegotiation", AlertMissingExtension: "missing_extension",
	AlertUnsupportedExtension: "unsupported_extension", AlertCertificateUnobtainable: "certificate_unobtainable",
	AlertUnrecognizedName: "unrecognized_name", AlertBadCertificateStatusResponse: "bad_certificate_status_response",
	AlertBadCertificateHashValue: "bad_certificate_hash_value", AlertUnknownPSKIdentity: "unknown_psk_identity",
	AlertCertificateRequired: "certificate_required", AlertNoApplicationProtocol: "no_application_protocol",
}

// Name is the registry name ("handshake_failure"), "" for a code without one.
func (a AlertCode) Name() string { return alertNames[a] }

// String is the registry name, or "alert_N" for a code without one.
func (a AlertCode) String() string {
	if n, ok := alertNames[a]; ok {
		return n
	}
	return "alert_" + strconv.Itoa(int(a))
}
