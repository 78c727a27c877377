package facts

import (
	"fmt"
	"strconv"
	"strings"
)

// TLSVersion is a protocol version as it travels in a ClientHello or
// ServerHello (RFC 8446 4.1.2, RFC 6101 for SSL 3.0; SSL 2.0 uses 0x0002).
// Versions order as numbers: SSL 2.0 < SSL 3.0 < TLS 1.0 < ... < TLS 1.3.
// In JSON it is the name reports print, "TLS 1.3".
type TLSVersion uint16

// Protocol versions.
const (
	VersionSSL20 TLSVersion = 0x0002
	VersionSSL30 TLSVersion = 0x0300
	VersionTLS10 TLSVersion = 0x0301
	VersionTLS11 TLSVersion = 0x0302
	VersionTLS12 TLSVersion = 0x0303
	VersionTLS13 TLSVersion = 0x0304
)

var versionNames = map[TLSVersion]string{
	VersionSSL20: "SSL 2.0",
	VersionSSL30: "SSL 3.0",
	VersionTLS10: "TLS 1.0",
	VersionTLS11: "TLS 1.1",
	VersionTLS12: "TLS 1.2",
	VersionTLS13: "TLS 1.3",
}

// String is "TLS 1.2", or "0x7f1c" for a version without a name; "" for
// the zero value (no version negotiated).
func (v TLSVersion) String() string {
	if v == 0 {
		return ""
	}
	if n, ok := versionNames[v]; ok {
		return n
	}
	return fmt.Sprintf("0x%04x", uint16(v))
}

// Known reports whether v is one of the named versions; an unknown one
// (a draft, garbage) cannot be ranked against them.
func (v TLSVersion) Known() bool {
	_, ok := versionNames[v]
	return ok
}

// ParseTLSVersion reads a version name as reports print it ("TLS 1.2"), as
// OpenSSL and nginx write it ("TLSv1.2", "SSLv3", "TLSv1") or as a number
// ("0x0303").
func ParseTLSVersion(s string) (TLSVersion, bool) {
	if strings.HasPrefix(s, "0x") {
		n, err := strconv.ParseUint(s[2:], 16, 16)
		return TLSVersion(n), err == nil && n != 0
	}
	norm := strings.ToUpper(strings.TrimSpace(s))
	norm = strings.NewReplacer("V", "", " ", "", ".0", "").Replace(norm)
	switch norm {
	case "SSL2":
		return VersionSSL20, true
	case "SSL3":
		return VersionSSL30, true
	case "TLS1":
		return VersionTLS10, true
	case "TLS1.1":
		return VersionTLS11, true
	case "TLS1.2":
		return VersionTLS12, true
	case "TLS1.3":
		return VersionTLS13, true
	}
	return 0, false
}

// MarshalText writes the name, so JSON carries "TLS 1.3".
func (v TLSVersion) MarshalText() ([]byte, error) { return []byte(v.String()), nil }

// UnmarshalText reads what MarshalText wrote (and the other spellings
// ParseTLSVersion accepts); "" is the zero value.
func (v *TLSVersion) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*v = 0
		return nil
	}
	p, ok := ParseTLSVersion(string(b))
	if !ok {
		return fmt.Errorf("unknown TLS version %q", b)
	}
	*v = p
	return nil
}
