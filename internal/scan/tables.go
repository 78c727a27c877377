package scan

import (
	"crypto/x509"
	"strings"

	ztls "github.com/zmap/zcrypto/tls"

	"github.com/tlscheck/tlscheck/internal/facts"
	"github.com/tlscheck/tlscheck/internal/tlswire"
)

// suiteName is the suite's IANA name, as zcrypto's registry table has it.
func suiteName(id uint16) string { return ztls.CipherSuiteID(id).String() }

// offerable is every suite a hello of version v offers, in offer order.
func offerable(v facts.TLSVersion) []uint16 {
	var out []uint16
	if v == facts.VersionTLS13 {
		for id := uint16(0x1301); id <= 0x1305; id++ {
			out = append(out, id)
		}
		return out
	}
	add := func(lo, hi uint16) {
		for id := lo; id <= hi; id++ {
			if id == tlswire.SuiteEmptyRenegotiationInfoSCSV {
				continue
			}
			name := suiteName(id)
			if !strings.HasPrefix(name, "TLS_") && !strings.HasPrefix(name, "SSL_") {
				continue // a code point the registry does not name
			}
			if v < facts.VersionTLS12 && tls12Only(name) {
				continue
			}
			out = append(out, id)
		}
	}
	add(0x0001, 0x00ff)
	add(0xc001, 0xc0ff)
	add(0xcca8, 0xccae)
	add(0xcc13, 0xcc15)
	add(0xfefe, 0xfeff)
	add(0xffe0, 0xffe1)
	return out
}

// tls12Only: AEAD and SHA-256/384 MAC suites exist from TLS 1.2 on.
func tls12Only(name string) bool {
	return strings.Contains(name, "_GCM_") || strings.Contains(name, "_CCM") || strings.Contains(name, "CHACHA20") ||
		strings.HasSuffix(name, "_SHA256") || strings.HasSuffix(name, "_SHA384")
}

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
	name := suiteName(suite)
	switch {
	case strings.Contains(name, "_ECDHE_"):
		g, _ := tlswire.ECDHEParams(ske)
		return g, 0
	case strings.Contains(name, "_DHE_") || strings.Contains(name, "_DH_anon_") || strings.Contains(name, "_EDH_"):
		p, _, ok := tlswire.DHEParams(ske)
		if ok {
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
