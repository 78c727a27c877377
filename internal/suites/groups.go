package suites

import (
	"crypto/tls"
	"sort"
	"strings"
)

// Group is a TLS named group (IANA TLS Supported Groups registry).
type Group struct {
	ID   uint16
	Name string // IANA name: x25519, secp256r1, ffdhe2048, X25519MLKEM768
	// OpenSSL is the name OpenSSL knows the group by: its curve short name
	// for the curves (prime256v1, sect163k1), X25519, X448, ffdhe2048 and
	// the ML-KEM names of OpenSSL 3.5.
	OpenSSL string
	// GoName is crypto/tls's CurveID name, which NATS curve_preferences
	// takes (X25519, CurveP256, X25519MLKEM768); "" when this Go does not
	// implement the group.
	GoName string
	// Bits is the classical size: the curve's order bits (X25519 253) or
	// the finite-field prime's bits; for a hybrid its classical half's; 0
	// for pure ML-KEM.
	Bits   int
	FFDHE  bool
	Hybrid bool // a post-quantum hybrid (ML-KEM with an elliptic curve)
	PQ     bool // has an ML-KEM part
	// TLS13 is whether the group may be used in TLS 1.3 key shares
	// (RFC 8446 4.2.7); the others are TLS 1.2 ECDHE curves only.
	TLS13 bool
	// KeyShareLen is the bytes of a client's key share (uncompressed
	// point, DH public value, ML-KEM encapsulation key); 0 if unknown.
	KeyShareLen int
	Source      string
}

// ec returns the uncompressed point length for a field of n bits.
func ec(n int) int { return 1 + 2*((n+7)/8) }

var groups = []Group{
	{ID: 1, Name: "sect163k1", OpenSSL: "sect163k1", Bits: 163, KeyShareLen: ec(163), Source: "RFC 4492"},
	{ID: 2, Name: "sect163r1", OpenSSL: "sect163r1", Bits: 162, KeyShareLen: ec(163), Source: "RFC 4492"},
	{ID: 3, Name: "sect163r2", OpenSSL: "sect163r2", Bits: 163, KeyShareLen: ec(163), Source: "RFC 4492"},
	{ID: 4, Name: "sect193r1", OpenSSL: "sect193r1", Bits: 193, KeyShareLen: ec(193), Source: "RFC 4492"},
	{ID: 5, Name: "sect193r2", OpenSSL: "sect193r2", Bits: 193, KeyShareLen: ec(193), Source: "RFC 4492"},
	{ID: 6, Name: "sect233k1", OpenSSL: "sect233k1", Bits: 232, KeyShareLen: ec(233), Source: "RFC 4492"},
	{ID: 7, Name: "sect233r1", OpenSSL: "sect233r1", Bits: 233, KeyShareLen: ec(233), Source: "RFC 4492"},
	{ID: 8, Name: "sect239k1", OpenSSL: "sect239k1", Bits: 238, KeyShareLen: ec(239), Source: "RFC 4492"},
	{ID: 9, Name: "sect283k1", OpenSSL: "sect283k1", Bits: 281, KeyShareLen: ec(283), Source: "RFC 4492"},
	{ID: 10, Name: "sect283r1", OpenSSL: "sect283r1", Bits: 282, KeyShareLen: ec(283), Source: "RFC 4492"},
	{ID: 11, Name: "sect409k1", OpenSSL: "sect409k1", Bits: 407, KeyShareLen: ec(409), Source: "RFC 4492"},
	{ID: 12, Name: "sect409r1", OpenSSL: "sect409r1", Bits: 409, KeyShareLen: ec(409), Source: "RFC 4492"},
	{ID: 13, Name: "sect571k1", OpenSSL: "sect571k1", Bits: 570, KeyShareLen: ec(571), Source: "RFC 4492"},
	{ID: 14, Name: "sect571r1", OpenSSL: "sect571r1", Bits: 570, KeyShareLen: ec(571), Source: "RFC 4492"},
	{ID: 15, Name: "secp160k1", OpenSSL: "secp160k1", Bits: 161, KeyShareLen: ec(160), Source: "RFC 4492"},
	{ID: 16, Name: "secp160r1", OpenSSL: "secp160r1", Bits: 161, KeyShareLen: ec(160), Source: "RFC 4492"},
	{ID: 17, Name: "secp160r2", OpenSSL: "secp160r2", Bits: 161, KeyShareLen: ec(160), Source: "RFC 4492"},
	{ID: 18, Name: "secp192k1", OpenSSL: "secp192k1", Bits: 192, KeyShareLen: ec(192), Source: "RFC 4492"},
	{ID: 19, Name: "secp192r1", OpenSSL: "prime192v1", Bits: 192, KeyShareLen: ec(192), Source: "RFC 4492"},
	{ID: 20, Name: "secp224k1", OpenSSL: "secp224k1", Bits: 225, KeyShareLen: ec(224), Source: "RFC 4492"},
	{ID: 21, Name: "secp224r1", OpenSSL: "secp224r1", Bits: 224, KeyShareLen: ec(224), Source: "RFC 4492"},
	{ID: 22, Name: "secp256k1", OpenSSL: "secp256k1", Bits: 256, KeyShareLen: ec(256), Source: "RFC 4492"},
	{ID: 23, Name: "secp256r1", OpenSSL: "prime256v1", Bits: 256, TLS13: true, KeyShareLen: ec(256), Source: "RFC 8422"},
	{ID: 24, Name: "secp384r1", OpenSSL: "secp384r1", Bits: 384, TLS13: true, KeyShareLen: ec(384), Source: "RFC 8422"},
	{ID: 25, Name: "secp521r1", OpenSSL: "secp521r1", Bits: 521, TLS13: true, KeyShareLen: ec(521), Source: "RFC 8422"},
	{ID: 26, Name: "brainpoolP256r1", OpenSSL: "brainpoolP256r1", Bits: 256, KeyShareLen: ec(256), Source: "RFC 7027"},
	{ID: 27, Name: "brainpoolP384r1", OpenSSL: "brainpoolP384r1", Bits: 384, KeyShareLen: ec(384), Source: "RFC 7027"},
	{ID: 28, Name: "brainpoolP512r1", OpenSSL: "brainpoolP512r1", Bits: 512, KeyShareLen: ec(512), Source: "RFC 7027"},
	{ID: 29, Name: "x25519", OpenSSL: "X25519", Bits: 253, TLS13: true, KeyShareLen: 32, Source: "RFC 8422"},
	{ID: 30, Name: "x448", OpenSSL: "X448", Bits: 446, TLS13: true, KeyShareLen: 56, Source: "RFC 8422"},
	{ID: 31, Name: "brainpoolP256r1tls13", OpenSSL: "brainpoolP256r1tls13", Bits: 256, TLS13: true, KeyShareLen: ec(256), Source: "RFC 8734"},
	{ID: 32, Name: "brainpoolP384r1tls13", OpenSSL: "brainpoolP384r1tls13", Bits: 384, TLS13: true, KeyShareLen: ec(384), Source: "RFC 8734"},
	{ID: 33, Name: "brainpoolP512r1tls13", OpenSSL: "brainpoolP512r1tls13", Bits: 512, TLS13: true, KeyShareLen: ec(512), Source: "RFC 8734"},
	{ID: 256, Name: "ffdhe2048", OpenSSL: "ffdhe2048", Bits: 2048, FFDHE: true, TLS13: true, KeyShareLen: 256, Source: "RFC 7919"},
	{ID: 257, Name: "ffdhe3072", OpenSSL: "ffdhe3072", Bits: 3072, FFDHE: true, TLS13: true, KeyShareLen: 384, Source: "RFC 7919"},
	{ID: 258, Name: "ffdhe4096", OpenSSL: "ffdhe4096", Bits: 4096, FFDHE: true, TLS13: true, KeyShareLen: 512, Source: "RFC 7919"},
	{ID: 259, Name: "ffdhe6144", OpenSSL: "ffdhe6144", Bits: 6144, FFDHE: true, TLS13: true, KeyShareLen: 768, Source: "RFC 7919"},
	{ID: 260, Name: "ffdhe8192", OpenSSL: "ffdhe8192", Bits: 8192, FFDHE: true, TLS13: true, KeyShareLen: 1024, Source: "RFC 7919"},
	{ID: 0x0200, Name: "MLKEM512", OpenSSL: "MLKEM512", PQ: true, TLS13: true, KeyShareLen: 800, Source: "draft-ietf-tls-mlkem"},
	{ID: 0x0201, Name: "MLKEM768", OpenSSL: "MLKEM768", PQ: true, TLS13: true, KeyShareLen: 1184, Source: "draft-ietf-tls-mlkem"},
	{ID: 0x0202, Name: "MLKEM1024", OpenSSL: "MLKEM1024", PQ: true, TLS13: true, KeyShareLen: 1568, Source: "draft-ietf-tls-mlkem"},
	{ID: 0x11EB, Name: "SecP256r1MLKEM768", OpenSSL: "SecP256r1MLKEM768", Bits: 256, Hybrid: true, PQ: true, TLS13: true, KeyShareLen: ec(256) + 1184, Source: "draft-ietf-tls-ecdhe-mlkem"},
	{ID: 0x11EC, Name: "X25519MLKEM768", OpenSSL: "X25519MLKEM768", Bits: 253, Hybrid: true, PQ: true, TLS13: true, KeyShareLen: 1184 + 32, Source: "draft-ietf-tls-ecdhe-mlkem"},
	{ID: 0x11ED, Name: "SecP384r1MLKEM1024", OpenSSL: "SecP384r1MLKEM1024", Bits: 384, Hybrid: true, PQ: true, TLS13: true, KeyShareLen: ec(384) + 1568, Source: "draft-ietf-tls-ecdhe-mlkem"},
}

var groupByID = map[uint16]int{}

func init() {
	sort.Slice(groups, func(i, j int) bool { return groups[i].ID < groups[j].ID })
	for i := range groups {
		groupByID[groups[i].ID] = i
		if n := tls.CurveID(groups[i].ID).String(); !strings.HasPrefix(n, "CurveID(") {
			groups[i].GoName = n
		}
	}
}

// Groups returns every named group, sorted by ID.
func Groups() []Group { return append([]Group(nil), groups...) }

// GroupByID returns the group with code point id.
func GroupByID(id uint16) (Group, bool) {
	i, ok := groupByID[id]
	if !ok {
		return Group{}, false
	}
	return groups[i], true
}
