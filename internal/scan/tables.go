package scan

import (
	"crypto/x509"
	"fmt"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/suites"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// suiteName is the suite's IANA name.
func suiteName(id uint16) string {
	if st, ok := suites.ByID(id); ok {
		return st.Name
	}
	return fmt.Sprintf("0x%04X", id)
}

// offerable is every suite a hello of version v offers, strongest first.
func offerable(v facts.TLSVersion) []uint16 { return suites.Offerable(v) }

// groups13 are the groups a TLS 1.3 server may ask for; curves12 the
// ECDHE curves of TLS 1.2 and older.
var (
	groups13 = []uint16{
		tlswire.GroupX25519MLKEM768, tlswire.GroupSecP256r1MLKEM768, tlswire.GroupSecP384r1MLKEM1024,
		tlswire.GroupX25519, tlswire.GroupSecp256r1, tlswire.GroupX448, tlswire.GroupSecp384r1, tlswire.GroupSecp521r1,
		31, 32, 33, // brainpoolP256r1tls13, P384, P512
		tlswire.GroupFFDHE2048, tlswire.GroupFFDHE3072, tlswire.GroupFFDHE4096, tlswire.GroupFFDHE6144, tlswire.GroupFFDHE8192,
	}
	curves12 = []uint16{
		tlswire.GroupX25519, tlswire.GroupSecp256r1, tlswire.GroupX448, tlswire.GroupSecp384r1, tlswire.GroupSecp521r1,
		26, 27, 28, // brainpoolP256r1, P384, P512
		1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, // sect*, secp160-224
	}
)

// helloGroups are supported_groups and the key shares of an enumeration
// hello: every group, so that no suite is refused for want of one.
func helloGroups(v facts.TLSVersion) (groups, shares []uint16) {
	if v == facts.VersionTLS13 {
		return groups13, []uint16{tlswire.GroupX25519, tlswire.GroupSecp256r1}
	}
	if v == facts.VersionSSL30 {
		return nil, nil
	}
	return curves12, nil
}

// groupBits is a group's size as reports show it.
func groupBits(g uint16) int {
	switch g {
	case tlswire.GroupX25519, tlswire.GroupX25519MLKEM768:
		return 253
	case tlswire.GroupX448:
		return 448
	case tlswire.GroupSecp256r1, tlswire.GroupSecP256r1MLKEM768, 26, 31:
		return 256
	case tlswire.GroupSecp384r1, tlswire.GroupSecP384r1MLKEM1024, 27, 32:
		return 384
	case tlswire.GroupSecp521r1:
		return 521
	case 28, 33:
		return 512
	case tlswire.GroupFFDHE2048:
		return 2048
	case tlswire.GroupFFDHE3072:
		return 3072
	case tlswire.GroupFFDHE4096:
		return 4096
	case tlswire.GroupFFDHE6144:
		return 6144
	case tlswire.GroupFFDHE8192:
		return 8192
	}
	return 0
}

// skeGroup reads the key exchange of a TLS 1.2-or-older suite from its
// ServerKeyExchange: the ECDHE curve, or the DHE prime's size.
func skeGroup(suite uint16, ske []byte) (group uint16, dhBits int) {
	st, ok := suites.ByID(suite)
	if !ok {
		return 0, 0
	}
	switch st.Kx {
	case "ECDHE", "ECDHE_PSK":
		g, _ := tlswire.ECDHEParams(ske)
		return g, 0
	case "DHE", "DHE_PSK":
		if st.Kx == "DHE_PSK" && len(ske) >= 2 {
			// A PSK identity hint comes first (RFC 4279 3).
			n := int(ske[0])<<8 | int(ske[1])
			if len(ske) < 2+n {
				return 0, 0
			}
			ske = ske[2+n:]
		}
		if p, _, ok := tlswire.DHEParams(ske); ok {
			return 0, tlswire.DHBits(p)
		}
	}
	return 0, 0
}

func leafKeyType(der []byte) string {
	c, err := x509.ParseCertificate(der)
	if err != nil {
		return ""
	}
	return keyType(c)
}
